/**
 * Fires EventBridge schedule rules in `godwit server`, on the server's clock. Each enabled rule
 * with a `ScheduleExpression` publishes EventBridge's "Scheduled Event" (`source: aws.events`,
 * `detail-type: Scheduled Event`, `resources: [rule ARN]`, `detail: {}`, `time`: the scheduled
 * time) to its targets through the source (`EventBridgeService.fireScheduledRule`) at each time.
 *
 * What it has fired is stored per rule (`schedule-state.ts`) after each fire, so a restarted
 * server neither repeats a fire it recorded nor loses one: a crash between publishing and the
 * record fires that time again (at least once, as EventBridge delivers). Fire times that fell
 * while no server ran follow the missed-fire policy (`missed-policy.ts`); times that fall while
 * it runs all fire, late if the server was busy, never skipped. Rules are read again only when
 * the catalog's rule revision changes; a rule changed, disabled and enabled again counts afresh
 * from when the change was seen.
 */
import type { Clock } from '../../core/clock.js';
import { PassLoop } from '../../core/pass-loop.js';
import type { MissedPolicy } from './missed-policy.js';
import { nextFireTimes } from './next-fire.js';
import { parseSchedule, type Schedule } from './schedule-expression.js';
import type { ScheduleRule, ScheduleRuleSource } from './schedule-source.js';
import type { ScheduleState, ScheduleStateStore } from './schedule-state.js';

export interface SchedulerOptions {
  readonly source: ScheduleRuleSource;
  readonly state: ScheduleStateStore;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** `run-once` by default. */
  readonly missed?: MissedPolicy;
  /** Real milliseconds between looks at the rules when nothing is due sooner; 1 s by default. */
  readonly tickMs?: number;
}

export class Scheduler {
  readonly #o: SchedulerOptions;
  readonly #loop: PassLoop;
  readonly #states = new Map<string, ScheduleState>();
  readonly #schedules = new Map<string, Schedule>();
  /** Rule ARN → revision whose expression could not be read (logged once per revision). */
  readonly #broken = new Map<string, number>();
  #rules: readonly ScheduleRule[] = [];
  #revision: number | undefined;
  #startedAt: Date | undefined;

  constructor(options: SchedulerOptions) {
    this.#o = options;
    this.#loop = new PassLoop({ clock: options.clock, log: options.log, tickMs: options.tickMs, name: 'event schedules' });
  }

  /** Loads what was fired before; fire times before now are from here on missed ones. */
  async load(): Promise<void> {
    this.#startedAt = this.#o.clock.now();
    for (const s of await this.#o.state.all()) this.#states.set(s.ruleArn, s);
  }

  /** Loads, then fires on the clock until `close`. */
  async start(): Promise<void> {
    await this.load();
    this.#loop.start(() => this.pass());
  }

  /** A rule changed: look again now rather than at the next tick. */
  poke(): void {
    this.#loop.poke();
  }

  /** Stops after the fire under way. */
  close(): Promise<void> {
    return this.#loop.close();
  }

  /** One pass: fires what is due; resolves with the earliest time still to come. */
  async pass(): Promise<Date | undefined> {
    const revision = await this.#o.source.revision();
    if (revision !== this.#revision) await this.#reload(revision);
    let next: number | undefined;
    for (const rule of this.#rules) {
      if (this.#loop.closed) break;
      const due = await this.#advance(rule).catch((err) => {
        this.#o.log(`schedule rule ${rule.name}: ${(err as Error).message}`);
        return undefined;
      });
      if (due) next = Math.min(next ?? due.getTime(), due.getTime());
    }
    return next === undefined ? undefined : new Date(next);
  }

  async #reload(revision: number): Promise<void> {
    this.#rules = await this.#o.source.scheduleRules();
    this.#revision = revision;
    const arns = new Set(this.#rules.map((r) => r.arn));
    const gone = [...this.#states.keys()].filter((arn) => !arns.has(arn));
    for (const arn of gone) this.#states.delete(arn);
    if (gone.length > 0) await this.#o.state.remove(gone);
  }

  /** Fires the rule's due times; resolves with its next time. */
  async #advance(rule: ScheduleRule): Promise<Date | undefined> {
    if (rule.state !== 'ENABLED') return undefined;
    const schedule = this.#scheduleOf(rule);
    if (!schedule) return undefined;
    let state = await this.#stateOf(rule);
    const startedAt = (this.#startedAt as Date).getTime();
    const after = (t: Date) => nextFireTimes(schedule, t, 'UTC', { start: state.anchor })[0];
    let due = after(state.through);
    while (due && due.getTime() <= this.#o.clock.now().getTime() && !this.#loop.closed) {
      if (due.getTime() < startedAt) {
        // Missed while no server ran: at most one catch-up, then on from the server's start.
        if (this.#o.missed !== 'skip') await this.#o.source.fire(rule, due);
        const through = new Date(Math.max(startedAt - 1, due.getTime()));
        state = { ...state, through, ...(this.#o.missed !== 'skip' ? { lastFire: due } : {}) };
        this.#o.log(
          `schedule rule ${rule.name}: missed fires from ${due.toISOString()} ${this.#o.missed === 'skip' ? 'skipped' : 'caught up once'}`,
        );
      } else {
        await this.#o.source.fire(rule, due);
        state = { ...state, through: due, lastFire: due };
      }
      await this.#o.state.save(state);
      this.#states.set(rule.arn, state);
      due = after(state.through);
    }
    return due;
  }

  #scheduleOf(rule: ScheduleRule): Schedule | undefined {
    const known = this.#schedules.get(rule.scheduleExpression);
    if (known) return known;
    try {
      const schedule = parseSchedule(rule.scheduleExpression);
      this.#schedules.set(rule.scheduleExpression, schedule);
      return schedule;
    } catch (err) {
      if (this.#broken.get(rule.arn) !== rule.revision) this.#o.log(`schedule rule ${rule.name}: ${(err as Error).message}`);
      this.#broken.set(rule.arn, rule.revision);
      return undefined;
    }
  }

  /** The rule's row; a rule first seen counts from its creation, a changed one from now. */
  async #stateOf(rule: ScheduleRule): Promise<ScheduleState> {
    const known = this.#states.get(rule.arn);
    if (known && known.revision === rule.revision && known.expression === rule.scheduleExpression) return known;
    const anchor = known ? this.#o.clock.now() : rule.createdAt;
    const state: ScheduleState = {
      ruleArn: rule.arn,
      revision: rule.revision,
      expression: rule.scheduleExpression,
      anchor,
      through: anchor,
    };
    await this.#o.state.save(state);
    this.#states.set(rule.arn, state);
    return state;
  }
}
