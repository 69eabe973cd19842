import type { AlarmService } from '../../alarms/alarm-records.js';

/** What a guarded update needs beyond the host: the alarms, and a way to make metrics current. */
export interface RolloutSeams {
  /** The server's alarms; absent, an update naming alarms cannot be checked (and is refused up front). */
  readonly alarms?: () => Pick<AlarmService, 'get' | 'evaluate' | 'states'> | undefined;
  /** Writes the endpoint metrics recorded in memory to the store, so an evaluation sees them. */
  readonly flushMetrics?: () => Promise<void>;
}

/**
 * The auto-rollback alarms of one update. A check flushes the endpoints' metrics, evaluates the
 * alarms at the clock's now and reads their states, so a datapoint recorded a moment ago counts;
 * any alarm in ALARM is the reason to roll back. Checks run at half the shortest alarm period
 * (at least once per period, as the alarm could change state no faster), so a rollback takes
 * effect within one metric period of the alarm.
 */
export class AlarmGuard {
  constructor(
    private readonly names: readonly string[],
    private readonly seams: RolloutSeams,
  ) {}

  /** Seconds between checks on the clock; Infinity when there is nothing to check. */
  async checkEverySeconds(): Promise<number> {
    const alarms = this.seams.alarms?.();
    if (!alarms || this.names.length === 0) return Number.POSITIVE_INFINITY;
    let shortest = Number.POSITIVE_INFINITY;
    for (const name of this.names) {
      const alarm = await alarms.get(name);
      if (alarm) shortest = Math.min(shortest, alarm.period);
    }
    return Number.isFinite(shortest) ? Math.max(1, shortest / 2) : 60;
  }

  /** The reason to roll back, or undefined while every alarm is OK or short of data. */
  async tripped(): Promise<string | undefined> {
    const alarms = this.seams.alarms?.();
    if (!alarms || this.names.length === 0) return undefined;
    await this.seams.flushMetrics?.();
    await alarms.evaluate(this.names);
    const states = await alarms.states(this.names);
    for (const name of this.names) {
      if (states.get(name) !== 'ALARM') continue;
      const why = (await alarms.get(name))?.stateReason;
      return `Deployment rolled back: CloudWatch alarm "${name}" is in ALARM${why ? ` (${why})` : ''}.`;
    }
    return undefined;
  }
}
