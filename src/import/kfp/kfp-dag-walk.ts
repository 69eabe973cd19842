/**
 * The walk over `root.dag` and the DAG components inside it. Tasks are visited producers first;
 * each becomes a step (a container task), a URI (an importer task), a condition step whose `then`
 * holds the steps of its DAG (a DAG task with `triggerPolicy.condition`, which is what `dsl.If`
 * compiles to) or, for a DAG without a condition, its steps in place. Values handed into a DAG
 * (`pipelinechannel--…` inputs) are resolved through the task that runs it.
 */
import type { StepIR, Value } from '../../pipeline/ir.js';
import type { ImportNote } from '../pipeline-import.js';
import type { Bindings } from './kfp-bindings.js';
import { containerStep } from './kfp-container-step.js';
import { isObject, type Json, objectAt, refuse, stringsAt, type Where } from './kfp-document.js';
import { itemBindings, loopItems } from './kfp-loops.js';
import { uniqueStepName } from './kfp-names.js';
import { resolveInputs, type TaskResult } from './kfp-task-inputs.js';
import { producersFirst } from './kfp-task-order.js';
import { cacheOf, retryOf } from './kfp-task-policies.js';
import { conditionStep, triggerCondition } from './kfp-trigger.js';

export interface Walk {
  readonly pipeline: string;
  readonly components: Json;
  readonly executors: Json;
  readonly steps: StepIR[];
  readonly notes: ImportNote[];
  readonly names: Set<string>;
}

/** Imports the tasks of `dag`; returns the names of the steps at its top level. */
export function walkDag(w: Walk, dag: Json, scope: Bindings, inherited: readonly string[], suffix = ''): string[] {
  const where: Where = { pipeline: w.pipeline };
  const tasks = objectAt(where, dag.tasks, 'dag.tasks');
  const results = new Map<string, TaskResult>();
  const top: string[] = [];
  const conditions = new Set<string>();
  for (const name of producersFirst(where, tasks)) {
    const task = tasks[name] as Json;
    const at = { pipeline: w.pipeline, task: name };
    const bindings = resolveInputs(at, task, scope, results);
    const named = stringsAt(at, task.dependentTasks, 'dependentTasks');
    for (const d of named.filter((n) => conditions.has(n))) {
      w.notes.push({
        step: name,
        feature: 'dependentTasks',
        outcome: 'approximated',
        detail: `waits for the condition "${d}", not for the steps of its branch`,
      });
    }
    const deps = [...inherited, ...named.flatMap((d) => dependencyNames(results, d))];
    const result = importTask(w, at, task, bindings, deps, suffix);
    results.set(name, result);
    if (isObject(task.triggerPolicy) && task.triggerPolicy.condition) conditions.add(name);
    if (result.kind === 'step') top.push(result.step);
    if (result.kind === 'group') top.push(...result.steps);
  }
  return top;
}

/** One task in its DAG, with its bindings resolved and the steps it waits for. */
interface TaskVisit {
  readonly at: Where & { task: string };
  readonly task: Json;
  readonly bindings: Bindings;
  readonly deps: string[];
  readonly suffix: string;
}

function importTask(
  w: Walk,
  at: Where & { task: string },
  task: Json,
  bindings: Bindings,
  deps: string[],
  suffix: string,
): TaskResult {
  const ref = String(objectAt(at, task.componentRef, 'componentRef').name);
  const component = w.components[ref];
  if (!isObject(component)) throw refuse(at, `its componentRef "${ref}" names no component.`);
  const v: TaskVisit = { at, task, bindings, deps, suffix };
  const loop = loopItems(at, task, w.notes);
  if (loop) {
    if (!isObject(component.dag) || isObject(task.triggerPolicy))
      throw refuse(at, 'it is a loop over a container or under a condition, which the KFP SDK does not write.');
    const dag = component.dag;
    const steps = loop.items.flatMap((item, i) =>
      walkDag(w, dag, itemBindings(bindings, loop.input, item), deps, `${suffix}-${i}`),
    );
    return { kind: 'group', steps };
  }
  const cel = triggerCondition(at, task);
  if (isObject(component.dag)) {
    if (cel === undefined) return { kind: 'group', steps: walkDag(w, component.dag, bindings, deps, suffix) };
    const name = uniqueStepName(w.names, at.task + suffix);
    const then = walkDag(w, component.dag, bindings, [], suffix);
    w.steps.push(conditionStep(at, name, task, cel, bindings, then, deps));
    return { kind: 'step', step: name };
  }
  return importExecutorTask(w, v, ref, component, cel);
}

/** A task that runs an executor: an importer (no step) or a container (a step, guarded when triggered). */
function importExecutorTask(w: Walk, v: TaskVisit, ref: string, component: Json, cel: string | undefined): TaskResult {
  const { at, task, bindings, deps, suffix } = v;
  const label = String(component.executorLabel);
  const executor = w.executors[label];
  if (!isObject(executor))
    throw refuse(at, `its component "${ref}" names executor "${label}", which deploymentSpec does not have.`);
  if (isObject(executor.importer)) {
    const uri = importerUri(at, executor.importer, bindings);
    w.notes.push({
      step: at.task,
      feature: 'importer',
      outcome: 'mapped',
      detail: 'the URI it imports is the source of the inputs that read it',
    });
    return { kind: 'importer', uri };
  }
  if (!isObject(executor.container)) {
    throw refuse(at, `its executor "${label}" is neither a container nor an importer (${Object.keys(executor).join(', ')}).`);
  }
  const name = uniqueStepName(w.names, at.task + suffix);
  w.steps.push({
    ...containerStep({ where: at, step: name, component, container: executor.container, bindings, notes: w.notes }),
    ...policies(w, at, name, task, cel === undefined ? deps : []),
  });
  if (cel === undefined) return { kind: 'step', step: name };
  const guard = uniqueStepName(w.names, `${at.task}-condition${suffix}`);
  w.steps.push(conditionStep(at, guard, task, cel, bindings, [name], deps));
  return { kind: 'step', step: guard };
}

function policies(w: Walk, at: Where & { task: string }, step: string, task: Json, deps: readonly string[]) {
  const display = objectAt(at, task.taskInfo, 'taskInfo').name;
  const retry = retryOf(at, task);
  const cache = cacheOf(step, task, w.notes);
  const dependsOn = [...new Set(deps)].sort();
  return {
    ...(typeof display === 'string' && display !== step ? { displayName: display } : {}),
    ...(dependsOn.length ? { dependsOn } : {}),
    ...(retry ? { retry } : {}),
    ...(cache ? { cache } : {}),
  };
}

function importerUri(at: Where, importer: Json, bindings: Bindings): Value {
  const uri = objectAt(at, importer.artifactUri, 'importer.artifactUri');
  if (typeof uri.constant === 'string') return uri.constant;
  if (isObject(uri.constantValue) && typeof uri.constantValue.stringValue === 'string') return uri.constantValue.stringValue;
  if (typeof uri.runtimeParameter === 'string') {
    const v = bindings.params.get(uri.runtimeParameter);
    if (v !== undefined) return v;
  }
  throw refuse(at, `its importer's artifactUri ${JSON.stringify(uri)} is neither a constant nor a parameter the task sets.`);
}

/** The steps to wait for when a task names `producer` in dependentTasks. */
function dependencyNames(results: ReadonlyMap<string, TaskResult>, producer: string): readonly string[] {
  const r = results.get(producer);
  if (!r || r.kind === 'importer') return [];
  return r.kind === 'step' ? [r.step] : r.steps;
}
