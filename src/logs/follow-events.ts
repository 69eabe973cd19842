import type { StreamEvent } from './log-reader.js';

export interface FollowOptions {
  /** Reads every event so far (a FilterLogEvents of the streams followed), oldest first. */
  readonly read: () => Promise<StreamEvent[]>;
  readonly print: (event: StreamEvent) => void;
  /** Keep reading until `ended` says so (checked before each read, so the last lines are read after it). */
  readonly follow: boolean;
  readonly ended?: () => Promise<boolean>;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}

/**
 * Prints a log's events, then, with `follow`, the new ones as they are written, polling: each
 * round prints the events not printed yet (by stream and position, so a line of a slow stream
 * that carries an earlier time than one already printed is still printed, once).
 */
export async function followEvents(o: FollowOptions): Promise<void> {
  const printed = new Set<string>();
  for (;;) {
    const done = !o.follow || (await o.ended?.()) === true || o.signal?.aborted === true;
    for (const event of await o.read()) {
      const key = `${event.stream}\n${event.index}`;
      if (printed.has(key)) continue;
      printed.add(key);
      o.print(event);
    }
    if (done) return;
    await new Promise<void>((resolve) => {
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        o.signal?.removeEventListener('abort', stop);
        resolve();
      }, o.pollMs ?? 1000);
      o.signal?.addEventListener('abort', stop, { once: true });
    });
  }
}
