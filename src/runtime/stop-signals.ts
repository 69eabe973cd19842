import { constants } from 'node:os';

/** The signals that stop a run: Ctrl-C, `kill` (or a service manager), and a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const SAYS: Record<(typeof STOP_SIGNALS)[number], string> = {
  SIGINT: 'Stopping: ending running steps… (press Ctrl-C again to quit at once)',
  SIGTERM: 'Stopping on SIGTERM: ending running steps… (a second SIGTERM quits at once)',
  SIGHUP: 'Stopping: the terminal was closed (SIGHUP); ending running steps…',
};

/**
 * Stops a run on any of STOP_SIGNALS the way Ctrl-C does: the first aborts `stop` (running steps'
 * process groups are ended, the run is recorded `stopped`), a second exits at once with 128 + the
 * signal's number. Step processes lead their own process groups, so a terminal's SIGHUP or a
 * `kill` of Godwit never reaches them: without this they would outlive the run, unrecorded.
 *
 * After SIGHUP the terminal is gone and writing to it fails (EIO, EPIPE); those errors are
 * dropped so that they cannot cut short the orderly stop. Returns a function that removes the
 * handlers.
 */
export function stopOnSignals(stop: AbortController, say: (message: string) => void): () => void {
  let received = 0;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      received++;
      if (received > 1) process.exit(128 + constants.signals[signal]);
      if (signal === 'SIGHUP') for (const stream of [process.stdout, process.stderr]) stream.on('error', ignore);
      try {
        say(SAYS[signal]);
      } catch {
        // Nowhere to say it; stopping matters more.
      }
      stop.abort();
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

function ignore(): void {}
