import type { FailStep, Value } from '../ir.js';
import { COMMON_OPTIONS, type CommonOptions, checkOptions, common, type OptionNames } from './options.js';
import { makeStep, type Step } from './step.js';
import { plain } from './values.js';

export interface FailOptions extends CommonOptions {
  message: Value;
}

const OPTIONS: OptionNames<FailOptions> = { ...COMMON_OPTIONS, message: true };

/**
 * A fail step (SageMaker `FailStep`): ends the run as failed with a message.
 *
 * ```ts
 * fail('mse-too-high', { message: join(['MSE above ', threshold]) })
 * // { name: 'mse-too-high', type: 'fail', message: { kind: 'Join', on: '', values: ['MSE above ', {…}] } }
 * ```
 */
export function fail(name: string, o: FailOptions): Step<FailStep> {
  checkOptions('fail()', `Step "${name}"`, o, OPTIONS);
  return makeStep({ ...common(name, o), type: 'fail', message: plain(o.message) }, o.dependsOn ?? []);
}
