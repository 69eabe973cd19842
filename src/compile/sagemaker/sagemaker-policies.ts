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
 * | `error`          | none: a job that fails in the user's code is not retried (warning)                         |
 * | `timeout`        | none: a job stopped at MaxRuntimeInSeconds is not retried (warning)                         |
 * | `interrupted`    | nothing to write: with `spot`, managed spot training restarts an interrupted job from its |
 * |                  | checkpoints (as Godwit does locally); on-demand instances are not reclaimed              |
 *
 * | IR                       | SageMaker                                                      |
 * | ------------------------ | -------------------------------------------------------------- |
 * | `maxAttempts` (total)    | `MaxAttempts` = maxAttempts − 1 (retries), 1..20 (more: 20, warning); 1 → no policy |
 * | `backoff.initialSeconds` | `IntervalSeconds` (SDK default 1; a fraction is rounded up, warning) |
 * | `backoff.rate`           | `BackoffRate` (SDK default 2.0)                                 |
 * | `backoff.maxSeconds`     | none: the intervals keep growing (warning)                      |
 *
 * Cache: `CacheConfig {Enabled, ExpireAfter}` on processing, training and transform steps only;
 * SageMaker requires `ExpireAfter` when caching is on, so an IR cache with no expiry is compiled
 * with caching off, and a cache on another step type is left out (warnings: always correct, only
 * slower). Timeout: `StoppingCondition.MaxRuntimeInSeconds` in the request of processing and
 * training jobs; on other steps there is none (warning). A retry on a step SageMaker does not
 * retry is left out (warning): the step is tried once.
 */
import type { JsonValue, RetryPolicy, StepIR } from '../../pipeline/ir.js';
import { type AwsContext, warn } from '../aws/aws-context.js';
import { DEFAULT_RETRY_ON } from '../aws/aws-support.js';

/** What a SageMaker step type accepts: retry policies of a job step, of a plain step, or none. */
export interface StepSupport {
  readonly retry: 'job' | 'step' | 'none';
  readonly cache: boolean;
  readonly timeout: boolean;
}

const MAX_RETRIES = 20;
const JOB_EXCEPTIONS = ['SageMaker.JOB_INTERNAL_ERROR', 'SageMaker.CAPACITY_ERROR', 'SageMaker.RESOURCE_LIMIT'];
const STEP_EXCEPTIONS = ['Step.SERVICE_FAULT', 'Step.THROTTLING'];

/**
 * `RetryPolicies` and `CacheConfig` for a step's envelope. What the step type cannot hold is
 * left out with a warning when leaving it out is still correct (the step runs once, always runs,
 * or runs without a limit); nothing here refuses.
 */
export function stepPolicies(step: StepIR, ctx: AwsContext, support: StepSupport, kind: string): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  if (step.timeoutSeconds !== undefined && !support.timeout) {
    warn(
      ctx,
      step.name,
      `the timeout of ${step.timeoutSeconds}s cannot be expressed (SageMaker bounds only processing and training jobs), so this ${kind} step runs without one.`,
    );
  }
  if (step.retry && step.retry.maxAttempts > 1) {
    if (support.retry === 'none') {
      warn(
        ctx,
        step.name,
        `a retry cannot be expressed on a ${kind} step (SageMaker retries job, model and registration steps only), so it is tried once.`,
      );
    } else {
      const policies = retryPolicies(step.name, step.retry, ctx, support.retry === 'job');
      if (policies) out.RetryPolicies = policies;
    }
  }
  const cache = cacheConfig(step, ctx, support, kind);
  if (cache) out.CacheConfig = cache;
  return out;
}

/** `CacheConfig`, or caching off with a warning where SageMaker cannot cache as asked (always correct, only slower). */
function cacheConfig(step: StepIR, ctx: AwsContext, support: StepSupport, kind: string): JsonValue | undefined {
  const cache = step.cache;
  if (!cache || !support.cache) {
    if (cache?.enabled)
      warn(
        ctx,
        step.name,
        `caching cannot be expressed on a ${kind} step (SageMaker caches processing, training and transform steps only), so it always runs.`,
      );
    return undefined;
  }
  if (cache.enabled && cache.expireAfter === undefined) {
    warn(
      ctx,
      step.name,
      'caching with no expiry cannot be expressed (SageMaker requires ExpireAfter), so caching is off for this step: it always runs.',
    );
    return { Enabled: false };
  }
  return { Enabled: cache.enabled, ...(cache.expireAfter === undefined ? {} : { ExpireAfter: cache.expireAfter }) };
}

/** The policies SageMaker can hold of `retry`, each adjustment warned; undefined when nothing is retried. */
function retryPolicies(step: string, retry: RetryPolicy, ctx: AwsContext, job: boolean): JsonValue[] | undefined {
  const on = retry.on ?? DEFAULT_RETRY_ON;
  const unsupported = on.filter((k) => k !== 'infrastructure' && k !== 'interrupted');
  if (unsupported.length > 0) {
    warn(
      ctx,
      step,
      `a retry on [${unsupported.join(', ')}]${retry.on ? '' : ' (the default)'} cannot be expressed (SageMaker retries only faults of SageMaker itself, not a job's own failure or timeout), so such a failure fails the step at once.`,
    );
  }
  if (!on.includes('infrastructure')) return undefined;
  let retries = retry.maxAttempts - 1;
  if (retries > MAX_RETRIES) {
    warn(
      ctx,
      step,
      `${retries} retries cannot be expressed (SageMaker allows at most ${MAX_RETRIES}), so it retries ${MAX_RETRIES} times.`,
    );
    retries = MAX_RETRIES;
  }
  if (retry.backoff?.maxSeconds !== undefined) {
    warn(
      ctx,
      step,
      `the longest retry interval (${retry.backoff.maxSeconds}s) cannot be expressed (SageMaker retry policies have no maximum interval), so the intervals keep growing.`,
    );
  }
  let interval = retry.backoff?.initialSeconds ?? 1;
  if (!Number.isInteger(interval)) {
    warn(
      ctx,
      step,
      `a first retry interval of ${interval}s cannot be expressed (SageMaker takes whole seconds), so it waits ${Math.ceil(interval)}s.`,
    );
    interval = Math.ceil(interval);
  }
  const timing = { BackoffRate: retry.backoff?.rate ?? 2.0, IntervalSeconds: interval, MaxAttempts: retries };
  const policies: JsonValue[] = [{ ...timing, ExceptionType: STEP_EXCEPTIONS }];
  if (job) policies.push({ ...timing, ExceptionType: JOB_EXCEPTIONS });
  return policies;
}
