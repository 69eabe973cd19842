/**
 * Wall-clock time in an IANA time zone, through `Intl` (no time-zone database of our own). A
 * schedule is evaluated on wall-clock fields; these turn an instant into its fields and back.
 *
 * Daylight saving, as EventBridge Scheduler documents it ("Daylight saving time on EventBridge
 * Scheduler"): a wall-clock time that does not exist (the hour skipped in spring) is skipped; one
 * that happens twice (the hour repeated in autumn) fires once, at its first occurrence.
 */
import { badTimezone } from './schedule-errors.js';

/** A wall-clock minute: month 1–12, day 1–31, hour 0–23, minute 0–59, second 0–59. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export const UTC = 'UTC';
const DAY = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's formatter, cached; E_SCHEDULE_TIMEZONE for a name `Intl` does not know. */
function formatOf(timezone: string): Intl.DateTimeFormat {
  let format = formats.get(timezone);
  if (format) return format;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw badTimezone(timezone);
  }
  formats.set(timezone, format);
  return format;
}

/** Refuses a time zone `Intl` does not know (E_SCHEDULE_TIMEZONE). */
export function checkTimezone(timezone: string): void {
  if (timezone !== UTC) formatOf(timezone);
}

/** The wall-clock fields of `at` in `timezone`. */
export function wallTimeOf(at: Date, timezone: string): WallTime {
  if (timezone === UTC) {
    return {
      year: at.getUTCFullYear(),
      month: at.getUTCMonth() + 1,
      day: at.getUTCDate(),
      hour: at.getUTCHours(),
      minute: at.getUTCMinutes(),
      second: at.getUTCSeconds(),
    };
  }
  const fields: Record<string, number> = {};
  for (const part of formatOf(timezone).formatToParts(at)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  const { year, month, day, hour, minute, second } = fields as unknown as WallTime;
  return { year, month, day, hour, minute, second };
}

/** The wall time read as if it were UTC, in milliseconds. */
export const asUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/**
 * The first instant whose wall-clock time in `timezone` is `wall`, or undefined when the zone
 * skips it. Offsets are read a day either side, which covers any one transition.
 */
export function instantOf(wall: WallTime, timezone: string): Date | undefined {
  const local = asUtc(wall);
  if (timezone === UTC) return new Date(local);
  let first: number | undefined;
  for (const probe of [local - DAY, local + DAY]) {
    const offset = asUtc(wallTimeOf(new Date(probe), timezone)) - probe;
    const candidate = local - offset;
    if (asUtc(wallTimeOf(new Date(candidate), timezone)) === local) first = Math.min(first ?? candidate, candidate);
  }
  return first === undefined ? undefined : new Date(first);
}
