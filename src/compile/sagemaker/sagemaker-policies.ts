/**
 * Retry, cache and timeout of an IR step as SageMaker Pipelines can express them.
 *
 * Retry: SageMaker retries what went wrong around a job, never a job that failed in its own code.
 *
 * | IR `retry.on`    | SageMaker `RetryPolicies[].ExceptionType`                                                   |
 * | ---------------- | ------------------------------------------------------------------------------------------- |
 * | `infrastructure` | `Step.SERVICE_FAULT`, `Step.THROTTLING` (StepRetryPolicy); on processing, training and      |
 * |                  | transform jobs also `SageMaker.JOB_INTERNAL_ERROR`, `SageMaker.CAPACITY_ERROR`,             |
 * |                  | `SageMaker.RESOURCE_LIMIT` (SageMakerJobStepRetryPolicy)                                     |
 * | `error`          | none: a job that fails in the user's code is not retried → CompileError                     |
 * | `timeout`        | none: a job stopped at MaxRuntimeInSeconds is not retried → CompileError                     |
 * | `interrupted`    | nothing to write: with `spot`, managed spot training restarts an interrupted job from its |
 * |                  | checkpoints (as Godwit does locally); on-demand instances are not reclaimed              |
 *
 * | IR                       | SageMaker                                                      |
 * | ------------------------ | -------------------------------------------------------------- |
 * | `maxAttempts` (total)    | `MaxAttempts` = maxAttempts − 1 (retries), 1..20; 1 → no policy |
 * | `backoff.initialSeconds` | `IntervalSeconds` (SDK default 1)                               |
 * | `backoff.rate`           | `BackoffRate` (SDK default 2.0)                                 |
 * | `backoff.maxSeconds`     | none → CompileError                                            |
 *
 * Cache: `CacheConfig {Enabled, ExpireAfter}` on processing, training and transform steps only;
 * SageMaker requires `ExpireAfter` when caching is on, so an IR cache with no expiry is refused.
 * Timeout: `StoppingCondition.MaxRuntimeInSeconds` in the request of processing and training jobs.
 */
import type { JsonValue, RetryPolicy, StepIR } from '../../pipeline/ir.js';
import type { AwsContext } from '../aws/aws-context.js';
import { DEFAULT_RETRY_ON } from '../aws/aws-support.js';
import { CompileError } from '../compile-error.js';

/** What a SageMaker step type accepts: retry policies of a job step, of a plain step, or none. */
export interface StepSupport {
  readonly retry: 'job' | 'step' | 'none';
  readonly cache: boolean;
  readonly timeout: boolean;
}

const MAX_RETRIES = 20;
const JOB_EXCEPTIONS = ['SageMaker.JOB_INTERNAL_ERROR', 'SageMaker.CAPACITY_ERROR', 'SageMaker.RESOURCE_LIMIT'];
const STEP_EXCEPTIONS = ['Step.SERVICE_FAULT', 'Step.THROTTLING'];

/** `RetryPolicies` and `CacheConfig` for a step's envelope; throws for what the step type cannot hold. */
export function stepPolicies(step: StepIR, ctx: AwsContext, support: StepSupport, kind: string): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  if (step.timeoutSeconds !== undefined && !support.timeout) {
    throw new CompileError(
      ctx.target,
      step.name,
      `timeoutSeconds on a ${kind} step`,
      'SageMaker bounds the run time of processing and training jobs only; drop the timeout.',
    );
  }
  if (step.retry && step.retry.maxAttempts > 1) {
    if (support.retry === 'none') {
      throw new CompileError(
        ctx.target,
        step.name,
        `a retry policy on a ${kind} step`,
        'SageMaker retries job, model and registration steps only; drop the retry.',
      );
    }
    out.RetryPolicies = retryPolicies(step.name, step.retry, ctx, support.retry === 'job');
  }
  if (step.cache?.enabled) {
    if (!support.cache) {
      throw new CompileError(
        ctx.target,
        step.name,
        `caching on a ${kind} step`,
        'SageMaker caches processing, training and transform steps only; drop the cache policy.',
      );
    }
    if (step.cache.expireAfter === undefined) {
      throw new CompileError(
        ctx.target,
        step.name,
        'caching with no expiry',
        "SageMaker requires a cache timeout when caching is on; set cache.expireAfter, e.g. 'P30D'.",
      );
    }
  }
  if (step.cache && support.cache) {
    out.CacheConfig = {
      Enabled: step.cache.enabled,
      ...(step.cache.expireAfter === undefined ? {} : { ExpireAfter: step.cache.expireAfter }),
    };
  }
  return out;
}

function retryPolicies(step: string, retry: RetryPolicy, ctx: AwsContext, job: boolean): JsonValue[] {
  const unsupported = (retry.on ?? DEFAULT_RETRY_ON).filter((k) => k !== 'infrastructure' && k !== 'interrupted');
  if (unsupported.length > 0) {
    throw new CompileError(
      ctx.target,
      step,
      `retry on ${unsupported.map((k) => `"${k}"`).join(', ')}${retry.on ? '' : ' (the default)'}`,
      "SageMaker Pipelines retries only service faults, throttling, capacity, resource-limit and internal errors of SageMaker itself, not failures of the step's code; set retry.on to ['infrastructure'].",
    );
  }
  const retries = retry.maxAttempts - 1;
  if (retries > MAX_RETRIES) {
    throw new CompileError(
      ctx.target,
      step,
      `retry.maxAttempts ${retry.maxAttempts}`,
      `SageMaker allows at most ${MAX_RETRIES} retries; set maxAttempts to ${MAX_RETRIES + 1} or less.`,
    );
  }
  if (retry.backoff?.maxSeconds !== undefined) {
    throw new CompileError(
      ctx.target,
      step,
      'retry.backoff.maxSeconds',
      'SageMaker retry policies have no maximum interval; drop maxSeconds.',
    );
  }
  const interval = retry.backoff?.initialSeconds ?? 1;
  if (!Number.isInteger(interval)) {
    throw new CompileError(
      ctx.target,
      step,
      `retry.backoff.initialSeconds ${interval}`,
      'SageMaker takes whole seconds; round it.',
    );
  }
  const timing = { BackoffRate: retry.backoff?.rate ?? 2.0, IntervalSeconds: interval, MaxAttempts: retries };
  const policies: JsonValue[] = [{ ...timing, ExceptionType: STEP_EXCEPTIONS }];
  if (job) policies.push({ ...timing, ExceptionType: JOB_EXCEPTIONS });
  return policies;
}
