import type { Clock } from '../../core/clock.js';
import { RunStop } from '../engine/run-deps.js';
import type { TaskCall } from '../engine/task-integration.js';

/** How often a `.sync` task reports that the work it waits for is alive (resets `HeartbeatSeconds`). */
export const HEARTBEAT_MS = 5_000;

/**
 * Waits for `ended` while heartbeating on the clock. When the call's signal aborts (the execution
 * stopped, the state timed out) `stop` is asked to end the work — Step Functions' best-effort
 * cancel of a `.sync` task — and the wait rejects with the signal's reason. An engine that is
 * closing leaves the work running: the next engine resumes the execution and re-attaches to it.
 */
export async function waitForEnd<T>(
  ended: Promise<T>,
  call: Pick<TaskCall, 'signal' | 'heartbeat'>,
  clock: Clock,
  stop: () => Promise<void>,
): Promise<T> {
  const { signal } = call;
  const beats = new AbortController();
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => {
      if (!engineClosing(signal.reason)) stop().catch(() => {});
      reject(signal.reason ?? new Error('aborted'));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    beats.signal.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), { once: true });
  });
  aborted.catch(() => {});
  void heartbeat(call, clock, beats.signal);
  try {
    return await Promise.race([ended, aborted]);
  } finally {
    beats.abort();
  }
}

async function heartbeat(call: Pick<TaskCall, 'heartbeat'>, clock: Clock, signal: AbortSignal): Promise<void> {
  for (;;) {
    try {
      await clock.sleep(HEARTBEAT_MS, signal);
    } catch {
      return;
    }
    call.heartbeat();
  }
}

function engineClosing(reason: unknown): boolean {
  return reason instanceof RunStop && reason.kind === 'closing';
}
