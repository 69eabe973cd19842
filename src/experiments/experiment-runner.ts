import type { Clock } from '../core/clock.js';
import type { ExperimentCatalog, ExperimentRecord } from './experiment-records.js';
import { advance } from './experiment-steps.js';
import type { ExperimentsDeps } from './experiments.js';

export interface ExperimentRunnerOptions {
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /**
   * How often (real milliseconds) experiments that wait on their endpoint (Starting, Stopping) or
   * watch it (Running) look again; 1 s by default, as the endpoint host's own tick.
   */
  readonly tickMs?: number;
}

/**
 * Carries inference experiments through their statuses in `godwit server` (`advance` does one
 * step). Schedules are waited for on the server's clock (`clock.sleep`), so on a scaled clock a
 * seven-day experiment ends in minutes of wall time; what the runner waits for on the endpoint
 * (an update reaching InService) is looked at on a real tick. A change recorded through `wrap`'s
 * catalog wakes it at once. Constructing does nothing; `start` begins the loop.
 */
export class ExperimentRunner {
  readonly #clock: Clock;
  readonly #log: (line: string) => void;
  readonly #tickMs: number;
  #wake: (() => void) | undefined;
  #poked = false;
  #closed = false;
  #loop: Promise<void> | undefined;

  constructor(options: ExperimentRunnerOptions) {
    this.#clock = options.clock;
    this.#log = options.log;
    this.#tickMs = options.tickMs ?? 1000;
  }

  /** The catalog as front doors should see it: the same records, and a change wakes the runner. */
  wrap(catalog: ExperimentCatalog): ExperimentCatalog {
    const poke = <T>(result: T): T => {
      this.poke();
      return result;
    };
    return {
      create: async (record) => poke(await catalog.create(record)),
      get: (name) => catalog.get(name),
      list: () => catalog.list(),
      unfinished: () => catalog.unfinished(),
      change: async (name, from, change) => poke(await catalog.change(name, from, change)),
      delete: async (name) => poke(await catalog.delete(name)),
    };
  }

  start(deps: ExperimentsDeps): void {
    this.#loop ??= this.#run(deps);
  }

  poke(): void {
    this.#poked = true;
    this.#wake?.();
  }

  /** Stops after the step under way; experiments resume where they are when a server starts again. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    await this.#loop;
  }

  /** One pass over every unfinished experiment; resolves with the next scheduled moment, if any. */
  async pass(deps: ExperimentsDeps): Promise<Date | undefined> {
    const experiments = await deps.experiments.unfinished();
    for (const e of experiments) {
      if (this.#closed) break;
      await advance(deps, this.#clock, e).catch((err) => this.#log(`inference experiment ${e.name}: ${(err as Error).message}`));
    }
    return nextMoment(experiments);
  }

  async #run(deps: ExperimentsDeps): Promise<void> {
    while (!this.#closed) {
      this.#poked = false;
      let next: Date | undefined;
      try {
        next = await this.pass(deps);
      } catch (err) {
        this.#log(`inference experiments: ${(err as Error).message}`);
      }
      if (!this.#poked && !this.#closed) await this.#wait(next);
    }
  }

  /** Until the next scheduled moment (on the clock), the next tick (real time) or a poke, whichever comes first. */
  async #wait(next: Date | undefined): Promise<void> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const waits: Promise<unknown>[] = [
      new Promise<void>((resolve) => {
        this.#wake = resolve;
        timer = setTimeout(resolve, this.#tickMs).unref();
      }),
    ];
    if (next)
      waits.push(this.#clock.sleep(Math.max(0, next.getTime() - this.#clock.now().getTime()), abort.signal).catch(() => {}));
    await Promise.race(waits);
    clearTimeout(timer);
    abort.abort();
    this.#wake = undefined;
  }
}

/** The earliest start of a Created experiment or end of a Created or Running one. */
function nextMoment(experiments: readonly ExperimentRecord[]): Date | undefined {
  let next: number | undefined;
  for (const e of experiments) {
    const times = e.status === 'Created' ? [e.startTime, e.endTime] : e.status === 'Running' ? [e.endTime] : [];
    for (const t of times) next = next === undefined ? t.getTime() : Math.min(next, t.getTime());
  }
  return next === undefined ? undefined : new Date(next);
}
