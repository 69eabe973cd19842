/**
 * A task's `triggerPolicy`: its CEL condition becomes a condition step guarding what the task
 * runs (the steps of its DAG, or its own step); any strategy other than "all upstream tasks
 * succeeded" is an exit handler, which Godwit refuses.
 */
import type { ConditionStep, Value } from '../../pipeline/ir.js';
import type { Bindings } from './kfp-bindings.js';
import { CelError, celToCondition } from './kfp-cel.js';
import { isObject, type Json, objectAt, refuse, type Where } from './kfp-document.js';

/** The CEL of the task's trigger, if any; an exit handler's strategy is refused. */
export function triggerCondition(at: Where, task: Json): string | undefined {
  const trigger = isObject(task.triggerPolicy) ? task.triggerPolicy : {};
  const strategy = trigger.strategy === undefined ? undefined : String(trigger.strategy);
  if (strategy !== undefined && strategy !== 'ALL_UPSTREAM_TASKS_SUCCEEDED') {
    const when = strategy === 'ALL_UPSTREAM_TASKS_COMPLETED' ? 'complete, failed or not' : strategy;
    throw refuse(
      at,
      `it runs when upstream tasks ${when} (an exit handler); Godwit runs a step only after its upstream succeeded.`,
    );
  }
  return typeof trigger.condition === 'string' && trigger.condition !== '' ? trigger.condition : undefined;
}

export function conditionStep(
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
