import type { Retrier } from '../asl/asl-types.js';
import { errorMatches } from '../asl/states-error.js';

/**
 * The retrier that handles `error`: the first whose `ErrorEquals` matches (later ones are never
 * consulted, as the spec says), and whether it has attempts left after `counts[index]` retries.
 */
export function matchRetrier(
  retriers: readonly Retrier[] | undefined,
  error: string,
  counts: readonly number[],
): { readonly index: number; readonly retrier: Retrier } | undefined {
  const index = retriers?.findIndex((r) => errorMatches(r.ErrorEquals, error)) ?? -1;
  if (!retriers || index < 0) return undefined;
  const retrier = retriers[index];
  return (counts[index] ?? 0) < (retrier.MaxAttempts ?? 3) ? { index, retrier } : undefined;
}

/**
 * Milliseconds before retry number `count + 1`: `IntervalSeconds` (1) × `BackoffRate` (2) ^ count,
 * capped by `MaxDelaySeconds`, and with `JitterStrategy: FULL` a uniformly random part of that.
 */
export function retryDelayMs(retrier: Retrier, count: number, random: () => number = Math.random): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  let seconds = interval * rate ** count;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return Math.round(seconds * 1000);
}
