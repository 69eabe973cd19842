/**
 * Model Monitor's schedule expressions, as SageMaker accepts them (the Developer Guide's "The cron
 * expression for monitoring schedule", and the SageMaker Python SDK's `CronExpressionGenerator`):
 *
 *   cron(0 * ? * * *)      every hour, on the hour
 *   cron(0 H ? * * *)      daily at H:00 UTC, H in 0–23
 *   cron(0 H/N ? * * *)    from H:00, every N hours (N in 1–24) within each day, as a cron reads it:
 *                          `0/6` is 00, 06, 12, 18; `17/12` is 17:00 only
 *   NOW                    one run, at once (its window from `DataAnalysisStartTime`/`EndTime`)
 *
 * Anything else (minutes other than 0, days, months) is refused: Model Monitor runs hourly at most.
 */

import { GodwitError } from '../../core/errors.js';
import { invalid } from './schedule-errors.js';

export type Schedule = { readonly kind: 'now' } | { readonly kind: 'hours'; readonly from: number; readonly every: number };

const HOUR = 3_600_000;
const CRON = /^cron\(0 (\*|\d{1,2})(?:\/(\d{1,2}))? \? \* \* \*\)$/;

/** The schedule an expression means; E_MONITOR_CRON when Model Monitor would not run it. */
export function parseScheduleExpression(expression: string): Schedule {
  const text = expression.trim();
  if (text === 'NOW') return { kind: 'now' };
  const m = CRON.exec(text);
  const from = m?.[1] === '*' ? 0 : Number(m?.[1]);
  const every = m?.[2] !== undefined ? Number(m[2]) : m?.[1] === '*' ? 1 : 24;
  if (!m || from > 23 || every < 1 || every > 24 || (m[1] === '*' && m[2] !== undefined)) {
    throw new GodwitError('E_MONITOR_CRON', `Invalid ScheduleExpression "${expression}" for a monitoring schedule.`, {
      hint:
        'Model Monitor runs hourly at most: cron(0 * ? * * *) every hour, cron(0 12 ? * * *) daily at 12:00 UTC, ' +
        'cron(0 0/6 ? * * *) every 6 hours from midnight, or NOW for one run at once.',
    });
  }
  return { kind: 'hours', from, every };
}

/** The first moment strictly after `t` the schedule runs at (undefined for `NOW`). */
export function nextRun(schedule: Schedule, t: Date): Date | undefined {
  if (schedule.kind === 'now') return undefined;
  let at = Math.floor(t.getTime() / HOUR) * HOUR + HOUR;
  for (let i = 0; i < 48; i++, at += HOUR) {
    const hour = new Date(at).getUTCHours();
    if (hour >= schedule.from && (hour - schedule.from) % schedule.every === 0) return new Date(at);
  }
  return undefined; // unreachable: every schedule runs at least once a day
}

const DURATION = /^([-+]?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * An ISO 8601 offset such as `-PT1H`, `-PT0H` or `-P1D`, in milliseconds (negative: before the
 * scheduled time). `field` names the request field for the error.
 */
export function parseOffset(value: string, field: string): number {
  const m = DURATION.exec(value);
  if (!m || value.endsWith('T') || value.replace(/^[-+]/, '') === 'P') {
    throw invalid(
      `${field} "${value}" is not an ISO 8601 duration offset.`,
      'Give an offset from the scheduled time such as -PT1H (one hour before) or -PT0H (the scheduled time).',
    );
  }
  const [days, hours, minutes, seconds] = [m[2], m[3], m[4], m[5]].map((v) => Number(v ?? 0));
  const ms = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return m[1] === '-' && ms !== 0 ? -ms : ms;
}
