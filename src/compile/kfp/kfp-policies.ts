/**
 * Per-step policies on a KFP task: `dependsOn` → dependentTasks, cache → cachingOptions, retry →
 * retryPolicy. Where PipelineSpec lacks the concept the task gets the nearest correct form and a
 * warning says what changed: no cache lifetime → caching off (always correct, only slower); no
 * task timeout → the task runs without one; no failure kinds on a retry → every failed attempt is
 * retried (a retry meant for infrastructure faults also re-runs a failing script, only slower).
 */
import type { CachePolicy, FailureKind, RetryPolicy, StepIR } from '../../pipeline/ir.js';
import type { KfpContext } from './kfp-context.js';
import { dependOn, type TaskRef } from './kfp-dag.js';
import { invalid } from './kfp-expressions.js';
import type { RetryPolicySpec } from './kfp-spec.js';

/** The failures KFP retries (any failed attempt of the task's container): Godwit's default set. */
const RETRIED: readonly FailureKind[] = ['error', 'timeout', 'interrupted'];

/** A protobuf JSON Duration: `30s`, `1.500s` (0, 3, 6 or 9 fraction digits, as protobuf writes them). */
export function protoDuration(seconds: number): string {
  const totalNanos = Math.round(seconds * 1e9);
  const whole = Math.trunc(totalNanos / 1e9);
  const nanos = totalNanos - whole * 1e9;
  if (nanos === 0) return `${whole}s`;
  const digits = nanos % 1e6 === 0 ? 3 : nanos % 1e3 === 0 ? 6 : 9;
  return `${whole}.${String(nanos).padStart(9, '0').slice(0, digits)}s`;
}

/**
 * The SDK's `set_retry` with its defaults filled in (backoff 0s, factor 2.0, cap 3600s) so the
 * spec says what the backend will do; `undefined` when the step is tried once.
 */
export function retryPolicy(ctx: KfpContext, step: string, retry: RetryPolicy | undefined): RetryPolicySpec | undefined {
  if (!retry || retry.maxAttempts <= 1) return undefined;
  const on = retry.on ?? RETRIED;
  if (on.length === 0) return undefined;
  const also = RETRIED.filter((k) => !on.includes(k));
  if (also.length) {
    ctx.warnings.push({
      step,
      message: `a retry on [${on.join(', ')}] only cannot be expressed (KFP retries every failed attempt alike), so failures of kind [${also.join(', ')}] are retried too: up to ${retry.maxAttempts - 1} more ${retry.maxAttempts === 2 ? 'attempt' : 'attempts'} of the same task.`,
    });
  }
  return {
    maxRetryCount: retry.maxAttempts - 1,
    backoffDuration: protoDuration(retry.backoff?.initialSeconds ?? 0),
    backoffFactor: retry.backoff?.rate ?? 2,
    backoffMaxDuration: protoDuration(retry.backoff?.maxSeconds ?? 3600),
  };
}

export function cachingOptions(ctx: KfpContext, step: string, cache: CachePolicy | undefined): { enableCache?: true } {
  if (cache?.enabled && cache.expireAfter !== undefined) {
    ctx.warnings.push({
      step,
      message: `cache expiry ${cache.expireAfter} cannot be expressed (PipelineSpec has no cache lifetime), so caching is off for this step: it always runs.`,
    });
    return {};
  }
  return cache?.enabled ? { enableCache: true } : {};
}

/** `dependsOn`, timeout, cache and retry of `step` on its task. Condition groups take no policies. */
export function applyStepCommon(ctx: KfpContext, step: StepIR, task: TaskRef): void {
  if (step.timeoutSeconds !== undefined) {
    ctx.warnings.push({
      step: step.name,
      message: `the timeout of ${step.timeoutSeconds}s cannot be expressed (PipelineSpec has no per-task timeout), so the task runs until it ends: enforce the limit inside the step if it matters.`,
    });
  }
  for (const name of step.dependsOn ?? []) {
    const target = ctx.placements.get(name);
    if (!target) throw invalid(ctx, step.name, 'dependsOn', `step "${name}" does not exist.`);
    dependOn(task, target.dag, target.task, step.name);
  }
  if (step.type === 'condition') {
    // A condition is a DAG in KFP, not a task: it evaluates at once, so neither policy changes what runs.
    const left = [step.retry && 'retry policy', step.cache?.enabled && 'cache policy'].filter(Boolean);
    if (left.length)
      ctx.warnings.push({
        step: step.name,
        message: `the ${left.join(' and ')} of a condition cannot be expressed (a condition is a DAG in KFP, not a task) and is left out: a condition evaluates at once and runs nothing itself.`,
      });
    return;
  }
  task.spec.cachingOptions = cachingOptions(ctx, step.name, step.cache);
  const retry = retryPolicy(ctx, step.name, step.retry);
  if (retry) task.spec.retryPolicy = retry;
}
