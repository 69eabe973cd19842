import type { CallbackOutputType, CallbackStep, Value } from '../ir.js';
import { COMMON_OPTIONS, type CommonOptions, checkOptions, common, type OptionNames } from './options.js';
import { makeStep, type Step } from './step.js';
import { plain } from './values.js';

export interface CallbackOptions extends CommonOptions {
  queueUrl: string;
  args?: Record<string, Value>;
  outputParameters?: Record<string, CallbackOutputType>;
}

const OPTIONS: OptionNames<CallbackOptions> = { ...COMMON_OPTIONS, queueUrl: true, args: true, outputParameters: true };

/**
 * A callback step (SageMaker `CallbackStep`): waits until someone reports success or failure for
 * its token (`SendPipelineExecutionStepSuccess` / `…Failure` on Godwit's server, or in the cloud).
 *
 * ```ts
 * callback('approve', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals', outputParameters: { ticket: 'String' } })
 * // { name: 'approve', type: 'callback', queueUrl: '…/approvals', outputParameters: [{ name: 'ticket', type: 'String' }] }
 * ```
 */
export function callback(name: string, o: CallbackOptions): Step<CallbackStep> {
  checkOptions('callback()', `Step "${name}"`, o, OPTIONS);
  const args = o.args && Object.fromEntries(Object.entries(o.args).map(([k, v]) => [k, plain(v)]));
  const outputParameters = o.outputParameters && Object.entries(o.outputParameters).map(([n, type]) => ({ name: n, type }));
  return makeStep(
    {
      ...common(name, o),
      type: 'callback',
      queueUrl: o.queueUrl,
      ...(args ? { args } : {}),
      ...(outputParameters ? { outputParameters } : {}),
    },
    o.dependsOn ?? [],
  );
}
