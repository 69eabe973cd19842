import { type Clock, systemClock } from '../core/clock.js';
import type { CallbackRecord, CallbackStore } from './pipeline-records.js';

/** How often a waiter reads the token's record for settlements made by other processes. */
const POLL_MS = 200;
/** The longest pause between two reads: settling is a person or a service, not a hot path. */
const MAX_POLL_MS = 5_000;

/**
 * Waits until a callback token is settled, and returns its record. A settlement through this
 * process wakes the waiter at once (`settledHere`); one by another process sharing the database
 * is found by reading the record, at pauses measured on `clock` (the run's clock) that grow from
 * 200 ms to 5 s. A simulated clock's pause takes no real time, and reading in a loop of such
 * pauses would never let the event loop run (the database driver answers synchronously), so when
 * a pause took much less real time than asked, the waiter also waits that long in real time, or
 * for a settlement here, whichever comes first: it never busy-loops, whatever the clock.
 */
export async function awaitCallback(
  store: CallbackStore,
  token: string,
  clock: Clock,
  signal: AbortSignal,
): Promise<CallbackRecord> {
  let pause = POLL_MS;
  for (;;) {
    const record = await store.getCallback(token);
    if (record && record.status !== 'waiting') return record;
    const here = new AbortController();
    const stop = () => here.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    try {
      await Promise.race([store.settledHere(token, here.signal), pauseOn(clock, pause, here.signal)]);
    } finally {
      signal.removeEventListener('abort', stop);
      here.abort();
    }
    if (signal.aborted) throw signal.reason;
    pause = Math.min(pause * 2, MAX_POLL_MS);
  }
}

async function pauseOn(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  await clock.sleep(ms, signal);
  const real = performance.now() - started;
  // An abort ends the pause; the caller sees it on the signal.
  if (real < ms / 2) await systemClock.sleep(ms - real, signal).catch(() => {});
}
