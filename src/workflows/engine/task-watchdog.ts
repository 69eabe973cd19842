import { StatesError } from '../asl/states-error.js';
import type { ExecutionRun } from './execution-run.js';
import type { TaskPhase } from './progress.js';

/**
 * A Task's `TimeoutSeconds` (from the recorded deadline, so it survives restarts) and
 * `HeartbeatSeconds` (from the last heartbeat) on the engine's clock. When one runs out, the
 * call's signal is aborted with the `States.Timeout` / `States.HeartbeatTimeout` error (the
 * integration stops its work) and `expired` rejects with it.
 */
export function watchdog(
  run: ExecutionRun,
  call: AbortController,
  phase: TaskPhase,
  lastBeat: () => number,
): { readonly expired: Promise<never>; stop(): void } {
  const stop = new AbortController();
  const expired = new Promise<never>((_, reject) => {
    const fire = (e: StatesError) => {
      call.abort(e);
      reject(e);
    };
    if (phase.deadline) {
      run.sleepUntil(new Date(phase.deadline), stop.signal).then(
        () => fire(new StatesError('States.Timeout', 'The task did not finish within its TimeoutSeconds.')),
        () => {},
      );
    }
    const beatMs = (phase.heartbeatSeconds ?? 0) * 1000;
    if (beatMs > 0) {
      (async () => {
        for (;;) {
          await run.sleepUntil(new Date(lastBeat() + beatMs), stop.signal);
          if (run.now().getTime() >= lastBeat() + beatMs)
            return fire(new StatesError('States.HeartbeatTimeout', 'No heartbeat arrived within HeartbeatSeconds.'));
        }
      })().catch(() => {});
    }
  });
  expired.catch(() => {});
  return { expired, stop: () => stop.abort() };
}
