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
 * | `backoff.initialSeconds` | `IntervalSeconds` (whole seconds, at least 1: rounded up, warning) |
 * | `backoff.rate`           | `BackoffRate` (at least 1.0: below, 1.0, warning) |
 * | `backoff.maxSeconds`     | `MaxDelaySeconds` (whole seconds: rounded up, warning) |
 *
 * Cache: Step Functions has no step cache. The step always runs; the Task's `Comment` says so,
 * since re-running a cached step changes cost and time but not what the pipeline computes.
 */
import type { FailureKind, JsonValue, StepIR } from '../../pipeline/ir.js';
import { warn } from '../aws/aws-context.js';
import { DEFAULT_RETRY_ON } from '../aws/aws-support.js';
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

/**
 * Condition and fail steps become Choice / Pass / Fail states, which neither retry nor time out:
 * both are left out with a warning (they end at once, so neither could ever apply).
 */
export function checkControlPolicies(step: StepIR, ctx: AslContext): void {
  if (isRetried(step))
    warn(ctx, step.name, `a retry cannot be expressed on a ${step.type} step (it runs no job), so it is tried once.`);
  if (step.timeoutSeconds !== undefined)
    warn(
      ctx,
      step.name,
      `the timeout of ${step.timeoutSeconds}s cannot be expressed on a ${step.type} step (it runs no job), so it has none.`,
    );
}

function retryOf(step: StepIR, ctx: AslContext): JsonValue[] | undefined {
  const retry = step.retry;
  if (!retry || retry.maxAttempts <= 1) return undefined;
  const on = retry.on ?? DEFAULT_RETRY_ON;
  const b = retry.backoff;
  let interval = b?.initialSeconds ?? 1;
  if (!Number.isInteger(interval) || interval < 1) {
    const whole = Math.max(1, Math.ceil(interval));
    warn(
      ctx,
      step.name,
      `a first retry interval of ${interval}s cannot be expressed (Step Functions waits whole seconds, at least 1), so it waits ${whole}s.`,
    );
    interval = whole;
  }
  let rate = b?.rate ?? 2.0;
  if (rate < 1) {
    warn(
      ctx,
      step.name,
      `a backoff rate of ${rate} cannot be expressed (Step Functions rates are at least 1.0), so the interval stays ${interval}s.`,
    );
    rate = 1;
  }
  let maxDelay = b?.maxSeconds;
  if (maxDelay !== undefined && !Number.isInteger(maxDelay)) {
    warn(
      ctx,
      step.name,
      `a longest retry interval of ${maxDelay}s cannot be expressed (Step Functions takes whole seconds), so it is ${Math.ceil(maxDelay)}s.`,
    );
    maxDelay = Math.ceil(maxDelay);
  }
  const errors = on.flatMap((kind) => (kind === 'interrupted' ? [] : ERRORS[kind]));
  if (errors.length === 0) return undefined;
  return [
    {
      ErrorEquals: [...new Set(errors)],
      IntervalSeconds: interval,
      BackoffRate: rate,
      MaxAttempts: retry.maxAttempts - 1,
      ...(maxDelay === undefined ? {} : { MaxDelaySeconds: maxDelay }),
    },
  ];
}
