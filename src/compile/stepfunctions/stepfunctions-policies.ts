/**
 * Retry, timeout and cache of an IR step on the Task states that run its SageMaker calls.
 *
 * | IR `retry.on`    | ASL `Retry[].ErrorEquals`                                                     |
 * | ---------------- | ----------------------------------------------------------------------------- |
 * | `error`          | `States.TaskFailed` (the job failed). Step Functions matches it as a wildcard |
 * |                  | for every error but `States.Timeout`, so it also retries infrastructure errors |
 * | `timeout`        | `States.Timeout` (the Task's `TimeoutSeconds`, set from `timeoutSeconds`)       |
 * | `interrupted`    | nothing to write: with `spot`, managed spot training restarts an interrupted job from its |
 * |                  | checkpoints inside the same task; on-demand instances are not reclaimed                |
 * | `infrastructure` | `SageMaker.AmazonSageMakerException`, `SageMaker.ResourceLimitExceededException` (the call could not start the job) |
 *
 * | IR                       | ASL                                              |
 * | ------------------------ | ------------------------------------------------ |
 * | `maxAttempts` (total)    | `MaxAttempts` = maxAttempts − 1 (retries)        |
 * | `backoff.initialSeconds` | `IntervalSeconds` (whole seconds, at least 1)    |
 * | `backoff.rate`           | `BackoffRate` (at least 1.0)                     |
 * | `backoff.maxSeconds`     | `MaxDelaySeconds`                                |
 *
 * Cache: Step Functions has no step cache. The step always runs; the Task's `Comment` says so,
 * since re-running a cached step changes cost and time but not what the pipeline computes.
 */
import type { FailureKind, JsonValue, StepIR } from '../../pipeline/ir.js';
import { DEFAULT_RETRY_ON } from '../aws/aws-support.js';
import { CompileError } from '../compile-error.js';
import type { AslContext, State } from './stepfunctions-context.js';

const ERRORS: Record<Exclude<FailureKind, 'interrupted'>, readonly string[]> = {
  error: ['States.TaskFailed'],
  timeout: ['States.Timeout'],
  infrastructure: ['SageMaker.AmazonSageMakerException', 'SageMaker.ResourceLimitExceededException'],
};

/** Retry, TimeoutSeconds and Comment for a Task state of `step`. */
export function taskPolicies(step: StepIR, ctx: AslContext): State {
  const out: State = {};
  const cache = step.cache;
  if (cache?.enabled) {
    out.Comment = `Cache (${cache.expireAfter ? `expires after ${cache.expireAfter}` : 'no expiry'}) not applied: Step Functions has no step cache, so this step always runs.`;
  }
  if (step.timeoutSeconds !== undefined) out.TimeoutSeconds = step.timeoutSeconds;
  const retry = retryOf(step, ctx);
  if (retry) out.Retry = retry;
  return out;
}

/** Whether the step's Task states are retried (their job names then carry the retry count). */
export function isRetried(step: StepIR): boolean {
  return (step.retry?.maxAttempts ?? 1) > 1;
}

/** Condition and fail steps become Choice / Pass / Fail states, which neither retry nor time out. */
export function checkControlPolicies(step: StepIR, ctx: AslContext): void {
  if (isRetried(step))
    throw new CompileError(
      ctx.target,
      step.name,
      `a retry policy on a ${step.type} step`,
      'Only steps that run jobs can be retried; drop the retry.',
    );
  if (step.timeoutSeconds !== undefined)
    throw new CompileError(
      ctx.target,
      step.name,
      `timeoutSeconds on a ${step.type} step`,
      'Only steps that run jobs can time out; drop the timeout.',
    );
}

function retryOf(step: StepIR, ctx: AslContext): JsonValue[] | undefined {
  const retry = step.retry;
  if (!retry || retry.maxAttempts <= 1) return undefined;
  const on = retry.on ?? DEFAULT_RETRY_ON;
  const b = retry.backoff;
  if (b && (!Number.isInteger(b.initialSeconds) || b.initialSeconds < 1)) {
    throw new CompileError(
      ctx.target,
      step.name,
      `retry.backoff.initialSeconds ${b.initialSeconds}`,
      'Step Functions waits whole seconds, at least 1, before a retry.',
    );
  }
  if (b?.rate !== undefined && b.rate < 1) {
    throw new CompileError(
      ctx.target,
      step.name,
      `retry.backoff.rate ${b.rate}`,
      'Step Functions backoff rates are at least 1.0.',
    );
  }
  if (b?.maxSeconds !== undefined && !Number.isInteger(b.maxSeconds)) {
    throw new CompileError(
      ctx.target,
      step.name,
      `retry.backoff.maxSeconds ${b.maxSeconds}`,
      'Step Functions takes whole seconds; round it.',
    );
  }
  const errors = on.flatMap((kind) => (kind === 'interrupted' ? [] : ERRORS[kind]));
  return [
    {
      ErrorEquals: [...new Set(errors)],
      IntervalSeconds: b?.initialSeconds ?? 1,
      BackoffRate: b?.rate ?? 2.0,
      MaxAttempts: retry.maxAttempts - 1,
      ...(b?.maxSeconds === undefined ? {} : { MaxDelaySeconds: b.maxSeconds }),
    },
  ];
}
