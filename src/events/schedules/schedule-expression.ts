/**
 * EventBridge's schedule expressions, parsed once into what the scheduler evaluates:
 *
 *   rate(1 minute)  rate(5 minutes)  rate(1 hour)  rate(12 hours)  rate(1 day)  rate(7 days)
 *   cron(0 12 * * ? *)   cron(0/15 * * * ? *)   cron(15 10 ? * 6L 2019-2022)   (cron-fields.ts)
 *   at(2026-12-24T18:00:00)   (EventBridge Scheduler's one-time schedule, a wall-clock time)
 *
 * A rate's unit is singular when its value is 1 and plural otherwise, as EventBridge enforces
 * (`rate(1 hours)` and `rate(5 hour)` are refused). A rate is a fixed duration: `1 day` is 24
 * hours whatever daylight saving does, as EventBridge Scheduler documents.
 */
import { type CronFields, parseCronFields } from './cron-fields.js';
import { badExpression } from './schedule-errors.js';
import type { WallTime } from './time-zone.js';

export type Schedule =
  | { readonly kind: 'rate'; readonly expression: string; readonly everyMs: number }
  | { readonly kind: 'cron'; readonly expression: string; readonly fields: CronFields }
  | { readonly kind: 'at'; readonly expression: string; readonly wall: WallTime };

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const FORM = /^(rate|cron|at)\((.*)\)$/s;

/** The schedule an expression means; E_SCHEDULE_EXPRESSION naming what EventBridge would refuse. */
export function parseSchedule(expression: string): Schedule {
  const form = FORM.exec(expression.trim());
  if (!form) throw badExpression(expression, 'it is neither rate(…), cron(…) nor at(…)');
  const [, kind, body] = form as unknown as [string, 'rate' | 'cron' | 'at', string];
  if (kind === 'cron') return { kind, expression, fields: parseCronFields(expression, body) };
  if (kind === 'rate') return { kind, expression, everyMs: rateMs(expression, body) };
  return { kind, expression, wall: atTime(expression, body) };
}

function rateMs(expression: string, body: string): number {
  const m = /^\s*(\d+)\s+([a-z]+)\s*$/.exec(body);
  if (!m) throw badExpression(expression, 'a rate is a positive whole number and a unit, as in rate(5 minutes)');
  const value = Number(m[1]);
  const unit = m[2] as string;
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  if (value < 1 || !Number.isSafeInteger(value))
    throw badExpression(expression, `the rate's value ${m[1]} is not a positive whole number`);
  if (!UNIT_MS[singular]) throw badExpression(expression, `"${unit}" is not a unit: minute(s), hour(s) or day(s)`);
  if ((value === 1) !== (unit === singular)) {
    const right = value === 1 ? singular : `${singular}s`;
    throw badExpression(
      expression,
      `a value of ${value} takes the unit "${right}", not "${unit}"`,
      `Write rate(${value} ${right}).`,
    );
  }
  return value * (UNIT_MS[singular] as number);
}

function atTime(expression: string, body: string): WallTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim());
  const [year, month, day, hour, minute, second] = (m ?? []).slice(1).map(Number) as number[];
  const valid =
    m !== null &&
    new Date(Date.UTC(year as number, (month as number) - 1, day)).getUTCDate() === day &&
    (month as number) >= 1 &&
    (month as number) <= 12 &&
    (hour as number) < 24 &&
    (minute as number) < 60 &&
    (second as number) < 60;
  if (!valid) throw badExpression(expression, 'at() takes a date and time yyyy-mm-ddThh:mm:ss, as in at(2026-12-24T18:00:00)');
  return { year, month, day, hour, minute, second } as WallTime;
}
