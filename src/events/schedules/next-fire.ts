/**
 * When a schedule fires. Cron and at() are read on the wall clock of a time zone (UTC unless
 * given: EventBridge rules always use UTC, EventBridge Scheduler takes `ScheduleExpressionTimezone`);
 * a wall-clock time the zone skips does not fire, one it repeats fires once (`time-zone.ts`).
 * A rate counts whole periods from its start (the rule's creation): it fires at start + k × period.
 */

import { daysOf } from './cron-days.js';
import type { CronFields } from './cron-fields.js';
import { neverFires } from './schedule-errors.js';
import { parseSchedule, type Schedule } from './schedule-expression.js';
import { checkTimezone, instantOf, UTC, type WallTime, wallTimeOf } from './time-zone.js';

export interface FireOptions {
  /** How many fire times at most; 1 by default. */
  readonly count?: number;
  /** Where a rate counts from (its rule's creation); `after` when absent, so the first fire is one period later. */
  readonly start?: Date;
}

/**
 * The first `count` moments strictly after `after` that the schedule fires at, ascending; fewer
 * (or none) when it stops firing (an at() time passed, the last year of a cron).
 */
export function nextFireTimes(expression: string | Schedule, after: Date, timezone = UTC, options: FireOptions = {}): Date[] {
  const schedule = typeof expression === 'string' ? parseSchedule(expression) : expression;
  checkTimezone(timezone);
  const count = options.count ?? 1;
  if (schedule.kind === 'rate') return rateFires(schedule.everyMs, options.start ?? after, after, count);
  if (schedule.kind === 'at') {
    const at = instantOf(schedule.wall, timezone);
    return at && at > after && count > 0 ? [at] : [];
  }
  const out: Date[] = [];
  let cursor: WallTime | undefined = wallTimeOf(after, timezone);
  while (out.length < count) {
    cursor = nextWall(schedule.fields, cursor);
    if (!cursor) break;
    const at = instantOf(cursor, timezone);
    // A skipped wall time has no instant; a repeated one maps to its first occurrence, which is
    // before `after` when `after` lies in the repeat: either way it does not fire.
    if (at && at > after) out.push(at);
  }
  return out;
}

/**
 * Parses and checks a schedule: E_SCHEDULE_EXPRESSION for bad text, E_SCHEDULE_TIMEZONE for an
 * unknown zone, E_SCHEDULE_NEVER_FIRES when it has no moment left after `now`.
 */
export function checkSchedule(expression: string, now: Date, timezone = UTC): Schedule {
  const schedule = parseSchedule(expression);
  if (nextFireTimes(schedule, now, timezone).length === 0) throw neverFires(expression, now, timezone);
  return schedule;
}

function rateFires(everyMs: number, start: Date, after: Date, count: number): Date[] {
  const k = Math.max(1, Math.floor((after.getTime() - start.getTime()) / everyMs) + 1);
  return Array.from({ length: count }, (_, i) => new Date(start.getTime() + (k + i) * everyMs));
}

/** The first wall-clock minute strictly after `from` that the fields select, or undefined. */
export function nextWall(f: CronFields, from: WallTime): WallTime | undefined {
  const next = new Date(Date.UTC(from.year, from.month - 1, from.day, from.hour, from.minute + 1));
  const start = [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), next.getUTCHours(), next.getUTCMinutes()];
  // `same` stays true while every field so far equals the start's, so later fields begin at the start's value.
  for (const year of f.years) {
    if (year < (start[0] as number)) continue;
    let same = year === start[0];
    for (const month of f.months) {
      if (same && month < (start[1] as number)) continue;
      const sameMonth = same && month === start[1];
      for (const day of daysOf(f.days, year, month)) {
        if (sameMonth && day < (start[2] as number)) continue;
        const sameDay = sameMonth && day === start[2];
        for (const hour of f.hours) {
          if (sameDay && hour < (start[3] as number)) continue;
          const sameHour = sameDay && hour === start[3];
          const minute = f.minutes.find((m) => !sameHour || m >= (start[4] as number));
          if (minute !== undefined) return { year, month, day, hour, minute, second: 0 };
        }
      }
      same = false;
    }
  }
  return undefined;
}
