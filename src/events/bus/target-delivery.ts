import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { afterFailure, deadline } from './delivery-policy.js';
import type { EventBridgeCatalog } from './eventbridge-catalog.js';
import type { PendingDelivery } from './eventbridge-records.js';
import { targetInput } from './target-input.js';
import { TargetFailure, type TargetInvoker } from './target-invoker.js';

export interface DeliveryDeps {
  readonly catalog: EventBridgeCatalog;
  readonly invoker: TargetInvoker;
  readonly clock: Clock;
  readonly backoff: (attempt: number) => number;
}

/**
 * Tries every delivery that is due (at most `limit`, concurrently): a success forgets it; a
 * retriable failure is tried again later under the target's RetryPolicy; a non-retriable one,
 * or one whose retries or age are used up, becomes a dead letter with the error. Returns how
 * many were tried.
 */
export async function deliverDue(deps: DeliveryDeps, limit = 50): Promise<number> {
  const due = await deps.catalog.dueDeliveries(deps.clock.now(), limit);
  await Promise.all(due.map((d) => deliverOne(deps, d)));
  return due.length;
}

async function deliverOne(deps: DeliveryDeps, d: PendingDelivery): Promise<void> {
  const { catalog, clock } = deps;
  if (clock.now().getTime() > deadline(d)) {
    const message = `The event was not delivered within the target's MaximumEventAgeInSeconds (${d.attempts} attempts made).`;
    await catalog.deadLetter(d.id, {
      errorCode: 'EVENT_EXPIRED',
      errorMessage: message,
      exhaustedRetryCondition: 'MaximumEventAgeInSeconds',
      retryAttempts: Math.max(0, d.attempts - 1),
      at: clock.now(),
    });
    return;
  }
  const event = d.replayName ? { ...d.event, 'replay-name': d.replayName } : d.event;
  try {
    const input = targetInput(d.target, event, { ruleArn: d.ruleArn, ruleName: d.ruleName, ingestedAt: d.ingestedAt });
    await deps.invoker.invoke(d.target, input, event, { ruleArn: d.ruleArn, ruleName: d.ruleName, deliveryKey: deliveryKey(d) });
  } catch (err) {
    await failed(deps, d, err);
    return;
  }
  await catalog.completeDelivery(d.id);
}

async function failed(deps: DeliveryDeps, d: PendingDelivery, err: unknown): Promise<void> {
  const failure =
    err instanceof TargetFailure
      ? err
      : new TargetFailure('TARGET_ERROR', (err as Error)?.message ?? String(err), { retriable: true });
  const now = deps.clock.now();
  const letter = { errorCode: failure.errorCode, errorMessage: failure.message, at: now };
  if (!failure.retriable) {
    await deps.catalog.deadLetter(d.id, { ...letter, retryAttempts: d.attempts });
    return;
  }
  const verdict = afterFailure(d, now, deps.backoff);
  if (verdict.kind === 'retry') await deps.catalog.retryDelivery(d.id, verdict.attempts, verdict.dueAt);
  else
    await deps.catalog.deadLetter(d.id, {
      ...letter,
      exhaustedRetryCondition: verdict.condition,
      retryAttempts: verdict.attempts - 1,
    });
}

/** The same for every attempt of one (event, rule, target, replay). */
function deliveryKey(d: PendingDelivery): string {
  return createHash('sha256')
    .update(`${d.event.id}\n${d.ruleArn}\n${d.target.id}\n${d.replayName ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}
