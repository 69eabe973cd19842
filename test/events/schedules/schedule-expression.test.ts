/**
 * Schedule expressions, table-driven. Sources: the EventBridge User Guide's "Cron expressions"
 * and "Rate expressions" (eb-create-rule-schedule.md, awsdocs/amazon-eventbridge-user-guide at
 * 896fdda): its example table, its put-rule examples and its wildcard descriptions; EventBridge
 * Scheduler's "Schedule types" (at() and daylight saving time). Expected times are worked out
 * by hand against the calendar (2026-12-04 is a Friday).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import { checkSchedule, nextFireTimes } from '../../../src/events/schedules/next-fire.js';
import { parseSchedule } from '../../../src/events/schedules/schedule-expression.js';
import { nextRun, parseScheduleExpression } from '../../../src/monitor/schedules/schedule-expression.js';

const minutes = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 16));
const fires = (expression: string, after: string, count: number, timezone?: string) =>
  minutes(nextFireTimes(expression, new Date(after), timezone, { count }));

const CASES: readonly [expression: string, after: string, expected: string[], source: string][] = [
  ['cron(0 10 * * ? *)', '2026-12-06T12:00:00Z', ['2026-12-07T10:00', '2026-12-08T10:00'], 'guide table: 10:00 every day'],
  ['cron(15 12 * * ? *)', '2026-12-06T12:00:00Z', ['2026-12-06T12:15', '2026-12-07T12:15'], 'guide table: 12:15 every day'],
  [
    'cron(0 18 ? * MON-FRI *)',
    '2026-12-04T19:00:00Z',
    ['2026-12-07T18:00', '2026-12-08T18:00'],
    'guide table: 18:00 Monday–Friday',
  ],
  ['cron(0 8 1 * ? *)', '2026-12-06T00:00:00Z', ['2027-01-01T08:00', '2027-02-01T08:00'], 'guide table: 08:00 on the 1st'],
  [
    'cron(0/15 * * * ? *)',
    '2026-12-06T10:07:00Z',
    ['2026-12-06T10:15', '2026-12-06T10:30', '2026-12-06T10:45', '2026-12-06T11:00'],
    'guide table: every 15 minutes',
  ],
  [
    'cron(0/10 * ? * MON-FRI *)',
    '2026-12-04T23:55:00Z',
    ['2026-12-07T00:00', '2026-12-07T00:10'],
    'guide table: every 10 minutes Monday–Friday',
  ],
  [
    'cron(0/5 8-17 ? * MON-FRI *)',
    '2026-12-04T17:50:00Z',
    ['2026-12-04T17:55', '2026-12-07T08:00'],
    'guide table: every 5 minutes 8:00–17:55',
  ],
  [
    'cron(0/30 20-2 ? * MON-FRI *)',
    '2026-12-06T23:00:00Z',
    [
      '2026-12-07T00:00',
      '2026-12-07T00:30',
      '2026-12-07T01:00',
      '2026-12-07T01:30',
      '2026-12-07T02:00',
      '2026-12-07T02:30',
      '2026-12-07T20:00',
    ],
    'guide table: a range of hours that wraps midnight',
  ],
  ['cron(0 12 * * ? *)', '2026-12-06T12:00:00Z', ['2026-12-07T12:00'], 'guide put-rule MyRule1; a fire time is strictly after'],
  ['cron(5,35 14 * * ? *)', '2026-12-06T14:10:00Z', ['2026-12-06T14:35', '2026-12-07T14:05'], 'guide put-rule MyRule2'],
  [
    'cron(15 10 ? * 6L 2019-2022)',
    '2019-01-01T00:00:00Z',
    ['2019-01-25T10:15', '2019-02-22T10:15'],
    'guide put-rule MyRule3: last Friday',
  ],
  ['cron(0 9 ? * 3#2 *)', '2026-12-06T00:00:00Z', ['2026-12-08T09:00', '2027-01-12T09:00'], 'guide: 3#2 is the second Tuesday'],
  [
    'cron(0 9 ? * 5#5 *)',
    '2026-12-06T00:00:00Z',
    ['2026-12-31T09:00', '2027-04-29T09:00'],
    '# skips months without a fifth Thursday',
  ],
  [
    'cron(0 0 3W * ? *)',
    '2026-09-15T00:00:00Z',
    ['2026-10-02T00:00', '2026-11-03T00:00'],
    'guide: 3W, the weekday nearest the 3rd (Sat 3 Oct → Fri 2)',
  ],
  ['cron(0 0 1W * ? *)', '2026-07-15T00:00:00Z', ['2026-08-03T00:00'], 'W never leaves the month: Sat 1 Aug → Mon 3'],
  ['cron(0 0 31W * ? *)', '2026-05-01T00:00:00Z', ['2026-05-29T00:00'], 'Sun 31 May → Fri 29'],
  ['cron(0 0 LW * ? *)', '2026-10-01T00:00:00Z', ['2026-10-30T00:00', '2026-11-30T00:00'], 'last weekday (Sat 31 Oct → Fri 30)'],
  ['cron(0 0 L 2 ? *)', '2027-03-01T00:00:00Z', ['2028-02-29T00:00', '2029-02-28T00:00'], 'guide: L, the last day of the month'],
  ['cron(0 0 ? * L *)', '2026-12-06T00:00:00Z', ['2026-12-12T00:00', '2026-12-19T00:00'], 'L alone in day-of-week: Saturday'],
  [
    'cron(0 12 ? * FRI-MON *)',
    '2026-12-03T13:00:00Z',
    ['2026-12-04T12:00', '2026-12-05T12:00', '2026-12-06T12:00', '2026-12-07T12:00', '2026-12-11T12:00'],
    'a day-of-week range that wraps',
  ],
  [
    'cron(0 0 1 NOV-FEB ? *)',
    '2026-12-15T00:00:00Z',
    ['2027-01-01T00:00', '2027-02-01T00:00', '2027-11-01T00:00'],
    'month names, wrapping',
  ],
  ['cron(0 18 ? * mon-fri *)', '2026-12-04T19:00:00Z', ['2026-12-07T18:00'], 'names in lower case'],
  [
    'cron(0 17/12 * * ? *)',
    '2026-12-06T18:00:00Z',
    ['2026-12-07T17:00', '2026-12-08T17:00'],
    'a/n runs from a to the end of the field',
  ],
  ['cron(0 0 1 1 ? 2030/5)', '2026-12-06T00:00:00Z', ['2030-01-01T00:00', '2035-01-01T00:00'], 'steps in the year'],
  ['rate(1 minute)', '2026-12-06T10:00:30Z', ['2026-12-06T10:01', '2026-12-06T10:02'], 'guide put-rule MyRule2 (rate)'],
  ['rate(5 minutes)', '2026-12-06T10:00:00Z', ['2026-12-06T10:05', '2026-12-06T10:10'], 'guide put-rule MyRule3 (rate)'],
  ['rate(1 hour)', '2026-12-06T10:00:00Z', ['2026-12-06T11:00'], 'guide put-rule MyRule4 (rate)'],
  ['rate(1 day)', '2026-12-06T10:00:00Z', ['2026-12-07T10:00'], 'guide put-rule MyRule5 (rate)'],
  ['at(2026-12-24T18:00:00)', '2026-12-06T00:00:00Z', ['2026-12-24T18:00'], 'Scheduler: at() in UTC'],
];

for (const [expression, after, expected, source] of CASES) {
  test(`${expression} after ${after} (${source})`, () => {
    assert.deepEqual(fires(expression, after, expected.length + 1).slice(0, expected.length), expected);
  });
}

test('a rate counts whole periods from its start, not from the moment asked', () => {
  const start = new Date('2026-12-06T10:00:20Z');
  const got = nextFireTimes('rate(5 minutes)', new Date('2026-12-06T10:12:00Z'), 'UTC', { start, count: 2 });
  assert.deepEqual(
    got.map((d) => d.toISOString()),
    ['2026-12-06T10:15:20.000Z', '2026-12-06T10:20:20.000Z'],
  );
});

test('time zones: wall-clock times in the zone; a skipped hour does not fire, a repeated one fires once', () => {
  // America/New_York: 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
  assert.deepEqual(fires('cron(30 2 * * ? *)', '2026-03-07T00:00:00Z', 2, 'America/New_York'), [
    '2026-03-07T07:30',
    '2026-03-09T06:30',
  ]);
  assert.deepEqual(fires('cron(30 1 * * ? *)', '2026-10-31T00:00:00Z', 3, 'America/New_York'), [
    '2026-10-31T05:30',
    '2026-11-01T05:30',
    '2026-11-02T06:30',
  ]);
  assert.deepEqual(fires('cron(0/30 * * * ? *)', '2026-11-01T04:45:00Z', 3, 'America/New_York'), [
    '2026-11-01T05:00',
    '2026-11-01T05:30',
    '2026-11-01T07:00',
  ]);
  assert.deepEqual(fires('cron(0 9 ? * MON *)', '2026-12-06T00:00:00Z', 1, 'Asia/Kolkata'), ['2026-12-07T03:30']);
  assert.deepEqual(fires('at(2026-12-24T18:00:00)', '2026-12-06T00:00:00Z', 1, 'Europe/Paris'), ['2026-12-24T17:00']);
  // A rate is a duration: a day is 24 hours across the change.
  assert.deepEqual(fires('rate(1 day)', '2026-03-07T12:00:00Z', 1, 'America/New_York'), ['2026-03-08T12:00']);
});

test('an at() time passed, or skipped by its zone, has no fire', () => {
  assert.deepEqual(fires('at(2026-01-01T00:00:00)', '2026-12-06T00:00:00Z', 1), []);
  assert.deepEqual(fires('at(2026-03-08T02:30:00)', '2026-01-01T00:00:00Z', 1, 'America/New_York'), []);
});

const refused = (fn: () => unknown, code: string, message: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof GodwitError && err.code === code && message.test(err.message) && !!err.hint);

test('expressions that can never fire are refused with E_SCHEDULE_NEVER_FIRES', () => {
  const now = new Date('2026-12-06T00:00:00Z');
  for (const expression of [
    'cron(0 0 30 2 ? *)',
    'cron(0 0 31 4,6,9,11 ? *)',
    'cron(15 10 ? * 6L 2019-2022)',
    'at(2025-05-01T00:00:00)',
  ]) {
    refused(() => checkSchedule(expression, now), 'E_SCHEDULE_NEVER_FIRES', /never fires after 2026-12-06/);
  }
  assert.equal(checkSchedule('cron(0 0 29 2 ? 2027-2028)', now).kind, 'cron');
});

test('EventBridge refusals, each naming the part that is wrong', () => {
  const BAD: readonly [string, RegExp][] = [
    ['rate(1 hours)', /value of 1 takes the unit "hour"/],
    ['rate(5 hour)', /value of 5 takes the unit "hours"/],
    ['rate(0 minutes)', /not a positive whole number/],
    ['rate(1.5 minutes)', /positive whole number and a unit/],
    ['rate(10 seconds)', /"seconds" is not a unit/],
    ['rate(5)', /positive whole number and a unit/],
    ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(0 12 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 12 * * ?)', /six fields, found 5/],
    ['cron(60 12 * * ? *)', /minutes "60" is outside 0–59/],
    ['cron(0 24 * * ? *)', /hours "24" is outside 0–23/],
    ['cron(0 0 32 * ? *)', /day-of-month "32" is outside 1–31/],
    ['cron(0 0 1 13 ? *)', /month "13" is outside 1–12 or JAN–DEC/],
    ['cron(0 0 ? * 8 *)', /day-of-week "8" is outside 1–7 or SUN–SAT/],
    ['cron(0 0 ? * FUN *)', /day-of-week "FUN"/],
    ['cron(0 0 1 * ? 2200)', /year "2200" is outside 1970–2199/],
    ['cron(0 0 1 * ? 2022-2019)', /year range "2022-2019" runs backwards/],
    ['cron(0 0 ? * 3#1,6#3 *)', /# and L take one day/],
    ['cron(0 0 ? * 1/2 *)', /\/ is not allowed in day-of-week/],
    ['cron(0 0 L,15 * ? *)', /L stands alone/],
    ['cron(0 0 ? * 2#6 *)', /week number after # is 1 to 5/],
    ['cron(0/0 * * * ? *)', /step after \/ is a positive whole number/],
    ['at(2026-02-30T00:00:00)', /yyyy-mm-ddThh:mm:ss/],
    ['at(2026-12-24 18:00)', /yyyy-mm-ddThh:mm:ss/],
    ['every 5 minutes', /neither rate/],
  ];
  for (const [expression, message] of BAD) refused(() => parseSchedule(expression), 'E_SCHEDULE_EXPRESSION', message);
  refused(() => nextFireTimes('rate(1 minute)', new Date(), 'Mars/Olympus_Mons'), 'E_SCHEDULE_TIMEZONE', /Mars\/Olympus_Mons/);
});

test("Model Monitor's narrower expressions fire at the same hours here", () => {
  for (const expression of ['cron(0 * ? * * *)', 'cron(0 12 ? * * *)', 'cron(0 0/6 ? * * *)', 'cron(0 17/12 ? * * *)']) {
    const monitor = parseScheduleExpression(expression);
    let t = new Date('2026-12-06T10:20:00Z');
    const theirs: string[] = [];
    for (let i = 0; i < 6; i++) {
      t = nextRun(monitor, t) as Date;
      theirs.push(t.toISOString());
    }
    const ours = nextFireTimes(expression, new Date('2026-12-06T10:20:00Z'), 'UTC', { count: 6 });
    assert.deepEqual(
      ours.map((d) => d.toISOString()),
      theirs,
      expression,
    );
  }
});
