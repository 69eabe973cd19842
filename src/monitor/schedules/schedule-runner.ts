/**
 * Runs monitoring schedules in `godwit server`, on the server's clock. Each pass: a `Pending`
 * schedule is read (`planOf`) and becomes `Scheduled` (or `Failed` with the reason, when its
 * definition or endpoint has gone); every `Scheduled` one whose next period has come runs it.
 *
 * Periods: the first is the schedule's next cron moment after the runner first sees it `Scheduled`
 * (creation, start, or this server starting), and each run moves it to the next moment after the
 * one it ran, so a busy server runs late but skips nothing. Periods that fell while no server ran
 * are not run afterwards: SageMaker does not backfill a schedule either. `NOW` runs once, for the
 * moment it was created. An execution that fails (or a job that throws) is recorded `Failed`, and
 * the schedule keeps its periods; only a schedule that cannot be read any more becomes `Failed`.
 */
import type { Clock } from '../../core/clock.js';
import { PassLoop } from '../../core/pass-loop.js';
import { type RunDeps, runExecution } from './run-execution.js';
import { nextRun } from './schedule-expression.js';
import { planOf } from './schedule-plan.js';
import type { MonitoringCatalog, ScheduleRecord } from './schedule-records.js';

export interface ScheduleRunnerOptions {
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Real milliseconds between passes when nothing is due sooner; 1 s by default. */
  readonly tickMs?: number;
}

const INTERRUPTED =
  'The server stopped while this execution ran. Model Monitor does not run a period again; the schedule goes on with its next one.';

export class ScheduleRunner {
  readonly #clock: Clock;
  readonly #log: (line: string) => void;
  readonly #loop: PassLoop;
  /** Schedule name → the next period it runs, for the schedules this runner has seen `Scheduled`. */
  readonly #due = new Map<string, Date>();

  constructor(options: ScheduleRunnerOptions) {
    this.#clock = options.clock;
    this.#log = options.log;
    this.#loop = new PassLoop({ ...options, name: 'monitoring schedules' });
  }

  /** The catalog as front doors should see it: the same records, and a schedule change wakes the runner. */
  wrap(catalog: MonitoringCatalog): MonitoringCatalog {
    const poke = <T>(result: T): T => {
      this.poke();
      return result;
    };
    return new Proxy(catalog, {
      get: (target, name: keyof MonitoringCatalog) => {
        const method = target[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        if (typeof method !== 'function') return method;
        if (!['createSchedule', 'changeSchedule', 'deleteSchedule'].includes(name)) return method.bind(target);
        return async (...args: unknown[]) => poke(await method.apply(target, args));
      },
    });
  }

  /** Executions an earlier server left unfinished are recorded Failed (SageMaker would not re-run them either). */
  async recover(deps: RunDeps): Promise<void> {
    for (const e of await deps.monitoring.unfinishedExecutions()) {
      await deps.monitoring.finishExecution(e.id, { status: 'Failed', failureReason: `E_MONITOR_INTERRUPTED: ${INTERRUPTED}` });
    }
  }

  start(deps: RunDeps): void {
    this.#loop.start(() => this.pass(deps));
  }

  poke(): void {
    this.#loop.poke();
  }

  /** Stops after the execution under way. */
  close(): Promise<void> {
    return this.#loop.close();
  }

  /** One pass over every schedule; resolves with the earliest period still to come. */
  async pass(deps: RunDeps): Promise<Date | undefined> {
    const schedules = await deps.monitoring.listSchedules();
    const names = new Set(schedules.map((s) => s.name));
    for (const name of this.#due.keys()) if (!names.has(name)) this.#due.delete(name);
    for (const schedule of schedules) {
      if (this.#loop.closed) break;
      await this.#advance(deps, schedule).catch((err) =>
        this.#log(`monitoring schedule ${schedule.name}: ${(err as Error).message}`),
      );
    }
    let next: number | undefined;
    for (const at of this.#due.values()) next = Math.min(next ?? at.getTime(), at.getTime());
    return next === undefined ? undefined : new Date(next);
  }

  async #advance(deps: RunDeps, schedule: ScheduleRecord): Promise<void> {
    if (schedule.status === 'Stopped' || schedule.status === 'Failed') {
      this.#due.delete(schedule.name);
      return;
    }
    let plan: Awaited<ReturnType<typeof planOf>>;
    try {
      plan = await planOf(deps, schedule.config);
    } catch (err) {
      this.#due.delete(schedule.name);
      await deps.monitoring.changeSchedule(schedule.name, { status: 'Failed', failureReason: (err as Error).message });
      return;
    }
    if (schedule.status === 'Pending') {
      this.#due.delete(schedule.name);
      schedule = await deps.monitoring.changeSchedule(schedule.name, { status: 'Scheduled' });
    }
    if (plan.schedule.kind === 'now') {
      // Once, for the moment it was created (or last changed): a second pass finds it recorded.
      await runExecution(deps, schedule, plan, schedule.lastModifiedAt);
      return;
    }
    const now = this.#clock.now();
    let due = this.#due.get(schedule.name) ?? (nextRun(plan.schedule, now) as Date);
    if (due.getTime() <= now.getTime() && !this.#loop.closed) {
      await runExecution(deps, schedule, plan, due);
      due = nextRun(plan.schedule, due) as Date;
    }
    this.#due.set(schedule.name, due);
  }
}
