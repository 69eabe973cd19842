/**
 * Decides, before any step is compiled, which DAG each step's task lives in and what it is named.
 * A condition step becomes what `dsl.If` / `dsl.Else` compile to: with both branches, a
 * `condition-branches-N` group whose DAG holds `condition-N+1` (then, triggered by the condition)
 * and `condition-N+2` (else, triggered by its negation); with one branch, a single `condition-N`.
 * Branch steps are tasks inside those DAG components.
 */

import type { ConditionStep, StepIR } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { addTask, type ConditionLayout, type KfpContext, type Placement } from './kfp-context.js';
import type { DagNode } from './kfp-dag.js';
import { invalid } from './kfp-expressions.js';

function dagComponent() {
  return { dag: { tasks: {} } };
}

export function layOut(ctx: KfpContext): void {
  const owners = new Map<string, { condition: string; branch: 'then' | 'else' }>();
  for (const step of ctx.ir.steps) {
    if (step.type !== 'condition') continue;
    for (const branch of ['then', 'else'] as const) {
      for (const name of step[branch]) {
        if (!ctx.steps.has(name)) throw invalid(ctx, step.name, branch, `step "${name}" does not exist.`);
        if (owners.has(name))
          throw invalid(ctx, step.name, branch, `step "${name}" is already in a branch of "${owners.get(name)?.condition}".`);
        owners.set(name, { condition: step.name, branch });
      }
    }
  }
  const taskNames = new Map<string, string>();
  for (const step of ctx.ir.steps) if (step.type !== 'condition') taskNames.set(step.name, ctx.names.allocate(step.name));

  let counter = 0;
  const nextGroupName = (prefix: string): string => {
    let name: string;
    do name = `${prefix}-${++counter}`;
    while (ctx.names.has(name));
    return ctx.names.allocate(name);
  };
  const visiting = new Set<string>();

  const place = (step: StepIR): Placement => {
    const known = ctx.placements.get(step.name);
    if (known) return known;
    if (visiting.has(step.name)) throw invalid(ctx, step.name, 'then/else', 'the step is inside its own branch.');
    visiting.add(step.name);
    const owner = owners.get(step.name);
    let dag = ctx.root;
    if (owner) {
      place(ctx.steps.get(owner.condition) as StepIR);
      const layout = ctx.conditions.get(owner.condition) as ConditionLayout;
      dag = (owner.branch === 'then' ? layout.thenDag : layout.elseDag) as DagNode;
    }
    const placement =
      step.type === 'condition'
        ? layOutCondition(ctx, step, dag, nextGroupName)
        : { dag, task: taskNames.get(step.name) as string };
    ctx.placements.set(step.name, placement);
    return placement;
  };
  for (const step of ctx.ir.steps) place(step);
}

function layOutCondition(ctx: KfpContext, step: ConditionStep, dag: DagNode, nextName: (prefix: string) => string): Placement {
  const display = step.displayName ?? step.name;
  if (step.then.length === 0 && step.else.length === 0) {
    throw new CompileError('kfp', step.name, 'a condition with no then or else steps', 'Give it a branch, or remove it.');
  }
  const branch = (parent: DagNode, suffix: string) => {
    const name = nextName('condition');
    const component = dagComponent();
    const task = addTask(ctx, parent, name, suffix ? `${display}-${suffix}` : display, component);
    return { task, dag: { component, parent: task } as DagNode };
  };
  if (step.then.length > 0 && step.else.length > 0) {
    const name = nextName('condition-branches');
    const component = dagComponent();
    const group = addTask(ctx, dag, name, display, component);
    const groupDag: DagNode = { component, parent: group };
    const thenBranch = branch(groupDag, 'then');
    const elseBranch = branch(groupDag, 'else');
    ctx.conditions.set(step.name, {
      then: thenBranch.task,
      else: elseBranch.task,
      thenDag: thenBranch.dag,
      elseDag: elseBranch.dag,
    });
    return { dag, task: name };
  }
  const only = branch(dag, '');
  const layout: ConditionLayout =
    step.then.length > 0 ? { then: only.task, thenDag: only.dag } : { else: only.task, elseDag: only.dag };
  ctx.conditions.set(step.name, layout);
  return { dag, task: only.task.name };
}
