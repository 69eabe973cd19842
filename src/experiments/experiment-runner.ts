import type { Clock } from '../core/clock.js';
import { PassLoop } from '../core/pass-loop.js';
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
  readonly #loop: PassLoop;

  constructor(options: ExperimentRunnerOptions) {
    this.#clock = options.clock;
    this.#log = options.log;
    this.#loop = new PassLoop({ ...options, name: 'inference experiments' });
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
    this.#loop.start(() => this.pass(deps));
  }

  poke(): void {
    this.#loop.poke();
  }

  /** Stops after the step under way; experiments resume where they are when a server starts again. */
  close(): Promise<void> {
    return this.#loop.close();
  }

  /** One pass over every unfinished experiment; resolves with the next scheduled moment, if any. */
  async pass(deps: ExperimentsDeps): Promise<Date | undefined> {
    const experiments = await deps.experiments.unfinished();
    for (const e of experiments) {
      if (this.#loop.closed) break;
      await advance(deps, this.#clock, e).catch((err) => this.#log(`inference experiment ${e.name}: ${(err as Error).message}`));
    }
    return nextMoment(experiments);
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
