import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import { awaitCallback } from './callback-wait.js';
import type { CallbackRecord, CallbackStore } from './pipeline-records.js';

export interface CallbackEnd {
  readonly record: CallbackRecord;
  /** True when the deadline passed first and this waiter settled the token as failed. */
  readonly timedOut: boolean;
}

/**
 * Waits for the token like `awaitCallback`, until `timeoutSeconds` after the token was made (its
 * recorded `createdAt`, not this wait's start: a step resumed after a restart keeps its first
 * deadline, and one whose deadline passed while no server ran ends at once). At the deadline the
 * token is settled `failed` with the reason, so a success sent later is refused as settled rather
 * than lost; if a settlement wins that race, it is the answer.
 */
export async function awaitCallbackUntil(
  store: CallbackStore,
  opened: CallbackRecord,
  clock: Clock,
  signal: AbortSignal,
  timeoutSeconds?: number,
): Promise<CallbackEnd> {
  if (timeoutSeconds === undefined) return { record: await awaitCallback(store, opened.token, clock, signal), timedOut: false };
  const remaining = opened.createdAt.getTime() + timeoutSeconds * 1000 - clock.now().getTime();
  if (remaining > 0) {
    const inner = new AbortController();
    const stop = () => inner.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    try {
      const ended = await Promise.race([
        awaitCallback(store, opened.token, clock, inner.signal),
        clock.sleep(remaining, inner.signal).then(() => undefined),
      ]);
      if (ended) return { record: ended, timedOut: false };
    } finally {
      signal.removeEventListener('abort', stop);
      inner.abort();
    }
  }
  if (signal.aborted) throw signal.reason;
  return expire(store, opened.token, timeoutSeconds);
}

async function expire(store: CallbackStore, token: string, timeoutSeconds: number): Promise<CallbackEnd> {
  const failureReason = `No SendPipelineExecutionStepSuccess or SendPipelineExecutionStepFailure arrived for this token within the step's timeout of ${timeoutSeconds} s.`;
  try {
    return { record: await store.settleCallback(token, { status: 'failed', failureReason }), timedOut: true };
  } catch (err) {
    if (!(err instanceof GodwitError && err.code === 'E_SM_CALLBACK_SETTLED')) throw err;
    const record = await store.getCallback(token);
    if (!record) throw err;
    return { record, timedOut: false };
  }
}
