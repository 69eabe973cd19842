import type { Clock } from '../core/clock.js';
import type { AlarmService, AlarmTransition } from './alarm-records.js';

/** How often the server evaluates alarms, in the clock's (possibly simulated) milliseconds. */
export const EVALUATION_EVERY_MS = 10_000;

export interface AlarmEvaluator {
  /**
   * Flushes endpoint metrics and evaluates now (all alarms, or the named ones): what a caller
   * that must not wait for the next tick uses (a rollout checking its alarms before it shifts
   * traffic). Resolves with the transitions made.
   */
  evaluateNow(names?: readonly string[]): Promise<AlarmTransition[]>;
  /** Starts the loop (once). */
  start(): void;
  /** Stops the loop, after the tick in progress. */
  close(): Promise<void>;
}

export interface AlarmEvaluatorOptions {
  readonly alarms: AlarmService;
  readonly clock: Clock;
  /** Writes the metrics recorded in memory so far (the endpoint host's), so the evaluation sees them. */
  readonly flush?: () => Promise<void>;
  readonly everyMs?: number;
  readonly log: (line: string) => void;
}

/**
 * The server's alarm loop: on every multiple of `everyMs` of the clock (a scaled clock makes that
 * a few real milliseconds), flush endpoint metrics, then evaluate every alarm. Ticks fall just
 * after the clock's period boundaries, so the minute that just ended is evaluated at once: on any
 * clock an alarm reacts within one metric period of the datapoints that breach. A failed tick is
 * logged and the loop goes on. Constructing does nothing until `start`.
 */
export function alarmEvaluator(options: AlarmEvaluatorOptions): AlarmEvaluator {
  const { alarms, clock, log } = options;
  const every = options.everyMs ?? EVALUATION_EVERY_MS;
  const stop = new AbortController();
  // One evaluation at a time: the loop's and evaluateNow's calls queue behind each other.
  let queue: Promise<unknown> = Promise.resolve();
  const evaluateNow = (names?: readonly string[]) => {
    const run = queue.then(async () => {
      await options.flush?.();
      const made = await alarms.evaluate(names);
      for (const t of made) log(`alarm ${t.alarmName}: ${t.from} -> ${t.to}: ${t.reason}`);
      return made;
    });
    queue = run.catch(() => {});
    return run;
  };
  let loop: Promise<void> = Promise.resolve();
  const run = async () => {
    while (!stop.signal.aborted) {
      const now = clock.now().getTime();
      try {
        await clock.sleep(Math.floor(now / every) * every + every + 1 - now, stop.signal);
      } catch {
        return;
      }
      await evaluateNow().catch((err) => log(`alarm evaluation failed: ${(err as Error).message}`));
    }
  };
  let started = false;
  return {
    evaluateNow,
    start: () => {
      if (started) return;
      started = true;
      loop = run();
    },
    close: async () => {
      stop.abort();
      await loop;
      await queue;
    },
  };
}
