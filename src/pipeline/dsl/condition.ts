import type { Condition, ConditionStep } from '../ir.js';
import { COMMON_OPTIONS, type CommonOptions, checkOptions, common, type OptionNames } from './options.js';
import { makeStep, type Step } from './step.js';

export interface ConditionOptions extends CommonOptions {
  if: Condition;
  then?: readonly Step[];
  else?: readonly Step[];
}

const OPTIONS: OptionNames<ConditionOptions> = { ...COMMON_OPTIONS, if: true, then: true, else: true };

/**
 * A condition step (SageMaker `ConditionStep`): runs `then` or `else` steps.
 *
 * ```ts
 * condition('check', { if: lte(mse, threshold), then: [register], else: [stop] })
 * // { name: 'check', type: 'condition', condition: { op: 'lte', … }, then: ['register'], else: ['stop'] }
 * ```
 */
export function condition(name: string, o: ConditionOptions): Step<ConditionStep> {
  checkOptions('condition()', `Step "${name}"`, o, OPTIONS);
  const thenSteps = o.then ?? [];
  const elseSteps = o.else ?? [];
  const ir: ConditionStep = {
    ...common(name, o),
    type: 'condition',
    condition: o.if,
    then: thenSteps.map((s) => s.ir.name),
    else: elseSteps.map((s) => s.ir.name),
  };
  return makeStep(ir, o.dependsOn ?? [], undefined, [...thenSteps, ...elseSteps]);
}
