/**
 * Per-step policies on a KFP task: `dependsOn` → dependentTasks, cache → cachingOptions, retry →
 * retryPolicy. PipelineSpec has no task timeout, so `timeoutSeconds` is a compile error. It has no
 * cache lifetime either: a step whose cache expires is compiled with caching off (always correct,
 * only slower) and a warning says so.
 */
import type { CachePolicy, FailureKind, RetryPolicy, StepIR } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
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
export function retryPolicy(step: string, retry: RetryPolicy | undefined): RetryPolicySpec | undefined {
  if (!retry) return undefined;
  const on = retry.on ?? RETRIED;
  if (on.length !== RETRIED.length || !RETRIED.every((k) => on.includes(k))) {
    throw new CompileError(
      'kfp',
      step,
      `a retry policy on [${on.join(', ')}]`,
      `KFP retries every failed attempt alike; remove retry.on or set it to [${RETRIED.join(', ')}].`,
    );
  }
  if (retry.maxAttempts <= 1) return undefined;
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
    throw new CompileError(
      'kfp',
      step.name,
      `a timeout (timeoutSeconds ${step.timeoutSeconds})`,
      'PipelineSpec has no per-task timeout. Remove timeoutSeconds for this target, or enforce it inside the step.',
    );
  }
  for (const name of step.dependsOn ?? []) {
    const target = ctx.placements.get(name);
    if (!target) throw invalid(ctx, step.name, 'dependsOn', `step "${name}" does not exist.`);
    dependOn(task, target.dag, target.task, step.name);
  }
  if (step.type === 'condition') {
    if (step.retry || step.cache) {
      const what = step.retry ? 'a retry policy' : 'a cache policy';
      throw new CompileError('kfp', step.name, `${what} on a condition`, 'A condition is a DAG in KFP, not a task: remove it.');
    }
    return;
  }
  task.spec.cachingOptions = cachingOptions(ctx, step.name, step.cache);
  const retry = retryPolicy(step.name, step.retry);
  if (retry) task.spec.retryPolicy = retry;
}
