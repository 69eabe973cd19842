import type { DaySpec } from './cron-fields.js';

/** Days in a month (1–12), leap years included. */
export const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Cron's day of week: 1 is Sunday, 7 Saturday. */
export const weekdayOf = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

const isWorkday = (weekday: number) => weekday >= 2 && weekday <= 6;

/** The days of `month` in `year` that a day field selects, ascending. */
export function daysOf(spec: DaySpec, year: number, month: number): number[] {
  const last = daysInMonth(year, month);
  const all = Array.from({ length: last }, (_, i) => i + 1);
  switch (spec.kind) {
    case 'month-days':
      return spec.days.filter((d) => d <= last);
    case 'last-day':
      return [last];
    case 'last-weekday':
      return [all.filter((d) => isWorkday(weekdayOf(year, month, d))).at(-1) as number];
    case 'nearest-weekday':
      return spec.day > last ? [] : [nearestWorkday(year, month, spec.day, last)];
    case 'week-days':
      return all.filter((d) => spec.weekdays.includes(weekdayOf(year, month, d)));
    case 'last-of-week-day':
      return [all.filter((d) => weekdayOf(year, month, d) === spec.weekday).at(-1) as number];
    case 'nth-week-day': {
      const day = all.filter((d) => weekdayOf(year, month, d) === spec.weekday)[spec.nth - 1];
      return day === undefined ? [] : [day];
    }
  }
}

/** `nW`: the weekday nearest day `n` without leaving the month (1W on a Saturday is Monday the 3rd). */
function nearestWorkday(year: number, month: number, day: number, last: number): number {
  const weekday = weekdayOf(year, month, day);
  if (weekday === 7) return day > 1 ? day - 1 : day + 2;
  if (weekday === 1) return day < last ? day + 1 : day - 2;
  return day;
}
