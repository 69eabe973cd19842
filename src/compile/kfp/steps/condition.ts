/**
 * A condition step: the trigger policies of the branch tasks laid out by kfp-layout.ts. The
 * condition's operands become inputs of each branch task (and so of its DAG component), which is
 * what the CEL reads.
 */
import type { Condition, ConditionStep, Ref, Value } from '../../../pipeline/ir.js';
import { type CelOperands, toCel } from '../kfp-conditions.js';
import { type KfpContext, placementOf } from '../kfp-context.js';
import { bindParameter, paramChannel, type TaskRef } from '../kfp-dag.js';
import { bindValue, kfpParameterType, paramSource } from '../kfp-expressions.js';
import { applyStepCommon } from '../kfp-policies.js';
import type { KfpParameterType } from '../kfp-spec.js';

function declaredType(ctx: KfpContext, ref: Ref): KfpParameterType | undefined {
  switch (ref.kind) {
    case 'Parameter': {
      const spec = ctx.parameters.get(ref.name);
      return spec ? kfpParameterType(spec.type) : undefined;
    }
    case 'StepMetric':
      return 'NUMBER_DOUBLE';
    case 'ExecutionVariable':
    case 'Join':
      return 'STRING';
    default:
      return undefined;
  }
}

/** The pipeline's name is known now: a literal in the CEL rather than an input. */
function inlinePipelineName(c: Condition, name: string): Condition {
  const v = (x: Value): Value =>
    typeof x === 'object' && x.kind === 'ExecutionVariable' && x.name === 'PipelineName' ? name : x;
  switch (c.op) {
    case 'not':
      return { op: 'not', condition: inlinePipelineName(c.condition, name) };
    case 'and':
    case 'or':
      return { op: c.op, conditions: c.conditions.map((inner) => inlinePipelineName(inner, name)) };
    case 'in':
      return { op: 'in', value: v(c.value), values: c.values.map(v) };
    default:
      return { op: c.op, left: v(c.left), right: v(c.right) };
  }
}

export function compileCondition(ctx: KfpContext, step: ConditionStep): void {
  const layout = ctx.conditions.get(step.name);
  if (!layout) throw new Error(`internal: condition "${step.name}" was not laid out`);
  const { dag, task } = placementOf(ctx, step.name);
  const group: TaskRef = { dag, name: task, spec: dag.component.dag.tasks[task], component: ctx.components[`comp-${task}`] };
  applyStepCommon(ctx, step, group);

  const triggered = [layout.then, layout.else].filter((t): t is TaskRef => t !== undefined);
  const joins = new Map<Ref, string>();
  const ops: CelOperands = {
    step: step.name,
    typeOf: (ref) => declaredType(ctx, ref),
    bind: (ref, type) => {
      if (ref.kind === 'Join') {
        const input = joins.get(ref) ?? `pipelinechannel--${task}-join-${joins.size + 1}`;
        joins.set(ref, input);
        for (const t of triggered) bindValue(ctx, t, input, ref, 'STRING', step.name, 'condition');
        return input;
      }
      const source = paramSource(ctx, ref, type, step.name, 'condition');
      const input = paramChannel(source);
      for (const t of triggered) bindParameter(t, input, source, true, step.name);
      return input;
    },
  };
  const cel = toCel(ops, inlinePipelineName(step.condition, ctx.ir.name));
  if (layout.then) layout.then.spec.triggerPolicy = { condition: cel };
  if (layout.else) layout.else.spec.triggerPolicy = { condition: `!(${cel})` };
}
