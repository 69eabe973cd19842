/**
 * What SageMaker jobs can do, the same under both AWS targets (SageMaker Pipelines and Step
 * Functions run the same jobs): which steps report metrics, and which failures a retry covers
 * when a step's policy does not say.
 */
import type { FailureKind } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import type { AwsContext } from './aws-context.js';

/** The IR's default `retry.on`: every failure kind but `infrastructure`. */
export const DEFAULT_RETRY_ON: readonly FailureKind[] = ['error', 'timeout', 'interrupted'];

/** Only training jobs report metrics (`FinalMetricDataList`) in SageMaker. */
export function checkMetricSource(step: string, metric: string, ctx: AwsContext): void {
  const type = ctx.steps.get(step)?.type;
  if (type !== 'training') {
    throw new CompileError(
      ctx.target,
      undefined,
      `metric "${metric}" of step "${step}" (${type ?? 'not in the pipeline'})`,
      'Only SageMaker training jobs report metrics; read other values from a property file with JsonGet.',
    );
  }
}
