/**
 * A task's `retryPolicy` and `cachingOptions` → the step's `retry` and `cache`, the inverse of
 * src/compile/kfp/kfp-policies.ts: `maxRetryCount: 3, backoffDuration: 0s, backoffFactor: 2.0,
 * backoffMaxDuration: 3600s` → `{ maxAttempts: 4, backoff: { initialSeconds: 0, rate: 2, maxSeconds: 3600 } }`.
 */
import type { CachePolicy, RetryPolicy } from '../../pipeline/ir.js';
import type { ImportNote } from '../pipeline-import.js';
import { isObject, type Json, refuse, type Where } from './kfp-document.js';

/** A protobuf JSON Duration (`30s`, `1.500s`) in seconds. */
function seconds(where: Where, v: unknown, field: string, fallback: number): number {
  if (v === undefined) return fallback;
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(v) : null;
  if (!m) throw refuse(where, `retryPolicy.${field} is not a duration such as "30s" (got ${JSON.stringify(v)}).`);
  return Number(m[1]);
}

export function retryOf(where: Where, task: Json): RetryPolicy | undefined {
  const r = task.retryPolicy;
  if (!isObject(r)) return undefined;
  const count = Number(r.maxRetryCount ?? 0);
  if (!Number.isInteger(count) || count < 0)
    throw refuse(where, `retryPolicy.maxRetryCount is not a count (got ${JSON.stringify(r.maxRetryCount)}).`);
  if (count === 0) return undefined;
  return {
    maxAttempts: count + 1,
    backoff: {
      initialSeconds: seconds(where, r.backoffDuration, 'backoffDuration', 0),
      rate: typeof r.backoffFactor === 'number' ? r.backoffFactor : 2,
      maxSeconds: seconds(where, r.backoffMaxDuration, 'backoffMaxDuration', 3600),
    },
  };
}

export function cacheOf(step: string, task: Json, notes: ImportNote[]): CachePolicy | undefined {
  const c = task.cachingOptions;
  if (!isObject(c)) return undefined;
  if (typeof c.cacheKey === 'string' && c.cacheKey !== '') {
    notes.push({
      step,
      feature: 'cachingOptions.cacheKey',
      outcome: 'dropped',
      detail: 'Godwit keys its cache on the step and its inputs.',
    });
  }
  return c.enableCache === true ? { enabled: true } : undefined;
}
