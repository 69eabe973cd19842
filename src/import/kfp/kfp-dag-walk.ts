/**
 * The walk over `root.dag` and the DAG components inside it. Tasks are visited producers first;
 * each becomes a step (a container task), a URI (an importer task), a condition step whose `then`
 * holds the steps of its DAG (a DAG task with `triggerPolicy.condition`, which is what `dsl.If`
 * compiles to) or, for a DAG without a condition, its steps in place. Values handed into a DAG
 * (`pipelinechannel--…` inputs) are resolved through the task that runs it.
 */
import type { ConditionStep, StepIR, Value } from '../../pipeline/ir.js';
import type { ImportNote } from '../pipeline-import.js';
import type { Bindings } from './kfp-bindings.js';
import { CelError, celToCondition } from './kfp-cel.js';
import { containerStep } from './kfp-container-step.js';
import { isObject, type Json, objectAt, refuse, stringsAt, type Where } from './kfp-document.js';
import { itemBindings, loopItems } from './kfp-loops.js';
import { uniqueStepName } from './kfp-names.js';
import { resolveInputs, type TaskResult } from './kfp-task-inputs.js';
import { cacheOf, retryOf } from './kfp-task-policies.js';

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

function importTask(
  w: Walk,
  at: Where & { task: string },
  task: Json,
  bindings: Bindings,
  deps: string[],
  suffix: string,
): TaskResult {
  const ref = objectAt(at, task.componentRef, 'componentRef').name;
  const component = w.components[String(ref)];
  if (!isObject(component)) throw refuse(at, `its componentRef "${String(ref)}" names no component.`);
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
  const condition = isObject(task.triggerPolicy) ? task.triggerPolicy : {};
  if (condition.strategy !== undefined && condition.strategy !== 'ALL_UPSTREAM_TASKS_SUCCEEDED') {
    throw refuse(
      at,
      `it runs when upstream tasks ${String(condition.strategy) === 'ALL_UPSTREAM_TASKS_COMPLETED' ? 'complete, failed or not' : String(condition.strategy)} (an exit handler); Godwit runs a step only after its upstream succeeded.`,
    );
  }
  const cel = typeof condition.condition === 'string' && condition.condition !== '' ? condition.condition : undefined;
  if (isObject(component.dag)) {
    if (cel === undefined) return { kind: 'group', steps: walkDag(w, component.dag, bindings, deps, suffix) };
    const name = uniqueStepName(w.names, at.task + suffix);
    const then = walkDag(w, component.dag, bindings, [], suffix);
    w.steps.push(conditionStep(at, name, task, cel, bindings, then, deps));
    return { kind: 'step', step: name };
  }
  const executor = w.executors[String(component.executorLabel)];
  if (!isObject(executor))
    throw refuse(
      at,
      `its component "${String(ref)}" names executor "${String(component.executorLabel)}", which deploymentSpec does not have.`,
    );
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
  if (!isObject(executor.container))
    throw refuse(
      at,
      `its executor "${String(component.executorLabel)}" is neither a container nor an importer (${Object.keys(executor).join(', ')}).`,
    );
  const name = uniqueStepName(w.names, at.task + suffix);
  const step = {
    ...containerStep({ where: at, step: name, component, container: executor.container, bindings, notes: w.notes }),
    ...policies(w, at, name, task, cel === undefined ? deps : []),
  };
  w.steps.push(step);
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

function conditionStep(
  at: Where,
  name: string,
  task: Json,
  cel: string,
  bindings: Bindings,
  then: string[],
  deps: string[],
): ConditionStep {
  const lookup = (input: string): Value => {
    const v = bindings.params.get(input);
    if (v === undefined) throw new CelError(`it reads "${input}", which the task does not set`);
    return v;
  };
  try {
    const display = objectAt(at, task.taskInfo, 'taskInfo').name;
    const dependsOn = [...new Set(deps)].sort();
    return {
      name,
      type: 'condition',
      ...(typeof display === 'string' && display !== name ? { displayName: display } : {}),
      ...(dependsOn.length ? { dependsOn } : {}),
      condition: celToCondition(cel, lookup),
      then,
      else: [],
    };
  } catch (err) {
    if (!(err instanceof CelError)) throw err;
    throw refuse(
      at,
      `its trigger condition "${cel}" cannot be read: ${err.message}.`,
      'Godwit reads comparisons, in, !, && and || over input parameters and literals.',
    );
  }
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

/** Task names in an order where every producer comes before the tasks that read or wait for it. */
function producersFirst(where: Where, tasks: Json): string[] {
  const upstream = new Map<string, string[]>();
  for (const [name, task] of Object.entries(tasks)) {
    const t = objectAt(where, task, `dag.tasks.${name}`);
    const ups = stringsAt(where, t.dependentTasks, `dag.tasks.${name}.dependentTasks`);
    const inputs = objectAt(where, t.inputs, 'inputs');
    for (const group of [inputs.parameters, inputs.artifacts]) {
      for (const spec of Object.values(isObject(group) ? group : {})) {
        const producer =
          isObject(spec) &&
          (isObject(spec.taskOutputArtifact)
            ? spec.taskOutputArtifact
            : isObject(spec.taskOutputParameter)
              ? spec.taskOutputParameter
              : undefined);
        if (producer && typeof producer.producerTask === 'string') ups.push(producer.producerTask);
      }
    }
    upstream.set(
      name,
      ups.filter((u) => u in tasks),
    );
  }
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name)) return;
    if (path.has(name)) throw refuse({ ...where, task: name }, 'its dependencies form a cycle.');
    path.add(name);
    for (const u of upstream.get(name) ?? []) visit(u, path);
    path.delete(name);
    done.add(name);
    order.push(name);
  };
  for (const name of Object.keys(tasks)) visit(name, new Set());
  return order;
}
