/**
 * The six fields of EventBridge's `cron(minutes hours day-of-month month day-of-week year)`, as
 * the User Guide's "Cron expressions" table gives them:
 *
 *   field          values              wildcards
 *   minutes        0–59                , - * /
 *   hours          0–23                , - * /
 *   day-of-month   1–31                , - * ? / L W
 *   month          1–12 or JAN–DEC     , - * /
 *   day-of-week    1–7 or SUN–SAT      , - * ? L #
 *   year           1970–2199           , - * /
 *
 * One of day-of-month and day-of-week is `?` and the other is not. A range may wrap (hours
 * `20-2` is 20–23 and 0–2; `FRI-MON`), except years. `a/n` counts from `a` to the field's end.
 * `L` alone is the month's last day (day-of-month) or Saturday (day-of-week); `nL` is the last
 * weekday `n` of the month; `nW` is the weekday nearest day `n` within its month, `LW` the last
 * weekday; `n#k` the k-th weekday `n` of the month, alone in its field.
 */
import { badExpression } from './schedule-errors.js';

/** Which days of a month fire: one of the two day fields, the other being `?`. */
export type DaySpec =
  | { readonly kind: 'month-days'; readonly days: readonly number[] }
  | { readonly kind: 'last-day' }
  | { readonly kind: 'last-weekday' }
  | { readonly kind: 'nearest-weekday'; readonly day: number }
  | { readonly kind: 'week-days'; readonly weekdays: readonly number[] }
  | { readonly kind: 'last-of-week-day'; readonly weekday: number }
  | { readonly kind: 'nth-week-day'; readonly weekday: number; readonly nth: number };

export interface CronFields {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly days: DaySpec;
  readonly months: readonly number[];
  readonly years: readonly number[];
}

interface FieldRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly step: boolean;
  readonly wraps: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const RULES = {
  minutes: { name: 'minutes', min: 0, max: 59, step: true, wraps: true },
  hours: { name: 'hours', min: 0, max: 23, step: true, wraps: true },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31, step: true, wraps: true },
  month: { name: 'month', min: 1, max: 12, names: MONTHS, step: true, wraps: true },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, step: false, wraps: true },
  year: { name: 'year', min: 1970, max: 2199, step: true, wraps: false },
} satisfies Record<string, FieldRule>;

/** Parses the text between `cron(` and `)`; E_SCHEDULE_EXPRESSION naming the field that is wrong. */
export function parseCronFields(expression: string, body: string): CronFields {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw badExpression(expression, `cron() takes six fields, found ${fields.length}`);
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  const bad = (why: string) => badExpression(expression, why);
  if ((dom === '?') === (dow === '?')) {
    throw bad('exactly one of day-of-month and day-of-week must be ?, the other a value or *');
  }
  return {
    minutes: values(minutes, RULES.minutes, bad),
    hours: values(hours, RULES.hours, bad),
    days: dom === '?' ? weekDays(dow, bad) : monthDays(dom, bad),
    months: values(month, RULES.month, bad),
    years: values(year, RULES.year, bad),
  };
}

type Bad = (why: string) => Error;

function monthDays(text: string, bad: Bad): DaySpec {
  const upper = text.toUpperCase();
  if (upper === 'L') return { kind: 'last-day' };
  if (upper === 'LW') return { kind: 'last-weekday' };
  const w = /^(\d{1,2})W$/.exec(upper);
  if (w) return { kind: 'nearest-weekday', day: single(w[1] as string, RULES.dayOfMonth, bad) };
  if (/[LW#]/.test(upper)) throw bad(`day-of-month "${text}": L stands alone or as LW, W follows one day (15W)`);
  return { kind: 'month-days', days: values(text, RULES.dayOfMonth, bad) };
}

function weekDays(text: string, bad: Bad): DaySpec {
  const upper = text.toUpperCase();
  if (upper === 'L') return { kind: 'week-days', weekdays: [7] };
  const last = /^(\w+)L$/.exec(upper);
  if (last) return { kind: 'last-of-week-day', weekday: single(last[1] as string, RULES.dayOfWeek, bad) };
  const nth = /^(\w+)#(\d+)$/.exec(upper);
  if (nth) {
    const k = Number(nth[2]);
    if (k < 1 || k > 5) throw bad(`day-of-week "${text}": the week number after # is 1 to 5`);
    return { kind: 'nth-week-day', weekday: single(nth[1] as string, RULES.dayOfWeek, bad), nth: k };
  }
  if (/[L#W]/.test(upper)) throw bad(`day-of-week "${text}": # and L take one day (3#2, 6L) and stand alone in the field`);
  return { kind: 'week-days', weekdays: values(text, RULES.dayOfWeek, bad) };
}

/** One number or name of a field. */
function single(text: string, rule: FieldRule, bad: Bad): number {
  const upper = text.toUpperCase();
  const named = rule.names?.indexOf(upper) ?? -1;
  const n = named >= 0 ? named + rule.min : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= rule.min && n <= rule.max)) {
    const names = rule.names ? ` or ${rule.names[0]}–${rule.names.at(-1)}` : '';
    throw bad(`${rule.name} "${text}" is outside ${rule.min}–${rule.max}${names}`);
  }
  return n;
}

/** A list of `*`, values, ranges and steps, as the sorted values it covers. */
function values(text: string, rule: FieldRule, bad: Bad): number[] {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText, ...extra] = item.split('/');
    if (extra.length > 0 || !range) throw bad(`${rule.name} "${text}" is not a list of values`);
    if (stepText !== undefined && !rule.step) throw bad(`${rule.name} "${text}": / is not allowed in ${rule.name}`);
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
    if (step < 1) throw bad(`${rule.name} "${text}": the step after / is a positive whole number`);
    const run = sequence(range, stepText !== undefined, rule, bad);
    for (let i = 0; i < run.length; i += step) out.add(run[i] as number);
  }
  return [...out].sort((a, b) => a - b);
}

/** The values of `*`, `a`, or `a-b` in order (a wrapped range runs through the field's end); `a/n` runs to the end. */
function sequence(range: string, stepped: boolean, rule: FieldRule, bad: Bad): number[] {
  const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  if (range === '*') return span(rule.min, rule.max);
  const [a, b, ...more] = range.split('-');
  if (more.length > 0 || a === undefined) throw bad(`${rule.name} "${range}" is not a value or a range`);
  const from = single(a, rule, bad);
  if (b === undefined) return stepped ? span(from, rule.max) : [from];
  const to = single(b, rule, bad);
  if (from <= to) return span(from, to);
  if (!rule.wraps) throw bad(`${rule.name} range "${range}" runs backwards`);
  return [...span(from, rule.max), ...span(rule.min, to)];
}
