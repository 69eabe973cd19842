import {
  DEFAULT_RETRY_POLICY,
  type ExhaustedRetryCondition,
  type PendingDelivery,
  type RetryPolicy,
} from './eventbridge-records.js';

/**
 * When to try a failed delivery again: exponential backoff from one second, doubling, capped at
 * five minutes, with "equal jitter" (half the delay fixed, half random) so targets recovering from
 * an outage are not hit by every delivery at once. 185 attempts at the cap span about 15 hours,
 * inside the default 24-hour age limit, as EventBridge's defaults intend.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const delay = Math.min(300_000, 1000 * 2 ** Math.min(attempt - 1, 20));
  return Math.round(delay / 2 + (delay / 2) * random());
}

export type Verdict =
  | { readonly kind: 'retry'; readonly attempts: number; readonly dueAt: Date }
  | { readonly kind: 'dead-letter'; readonly attempts: number; readonly condition: ExhaustedRetryCondition };

/**
 * What to do after attempt number `attempts` (1 for the first) failed retriably: retry at
 * `dueAt`, or give up because the retries (attempts after the first) are used up or the next try
 * would fall after the event's age limit.
 */
export function afterFailure(d: PendingDelivery, now: Date, backoff: (attempt: number) => number): Verdict {
  const policy = retryPolicy(d);
  const attempts = d.attempts + 1;
  if (attempts - 1 >= policy.maximumRetryAttempts) return { kind: 'dead-letter', attempts, condition: 'MaximumRetryAttempts' };
  const dueAt = new Date(now.getTime() + backoff(attempts));
  if (dueAt.getTime() > deadline(d)) return { kind: 'dead-letter', attempts, condition: 'MaximumEventAgeInSeconds' };
  return { kind: 'retry', attempts, dueAt };
}

export const retryPolicy = (d: PendingDelivery): RetryPolicy => d.target.retryPolicy ?? DEFAULT_RETRY_POLICY;

/** The last moment the delivery may be tried: its ingestion time plus the policy's age limit. */
export const deadline = (d: PendingDelivery): number => d.ingestedAt.getTime() + retryPolicy(d).maximumEventAgeInSeconds * 1000;
