import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextRun, parseOffset, parseScheduleExpression } from '../../../src/monitor/schedules/schedule-expression.js';

const at = (iso: string) => new Date(iso);
const runs = (expression: string, from: string, n: number) => {
  const schedule = parseScheduleExpression(expression);
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < n; i++) {
    t = nextRun(schedule, t) as Date;
    out.push(t.toISOString().slice(0, 13));
  }
  return out;
};

test("the expressions SageMaker's guide and the Python SDK's CronExpressionGenerator write", () => {
  assert.deepEqual(runs('cron(0 * ? * * *)', '2026-12-06T10:20:00Z', 3), ['2026-12-06T11', '2026-12-06T12', '2026-12-06T13']);
  // On the hour exactly, the next run is the following hour: a period runs once.
  assert.deepEqual(runs('cron(0 * ? * * *)', '2026-12-06T10:00:00Z', 1), ['2026-12-06T11']);
  assert.deepEqual(runs('cron(0 12 ? * * *)', '2026-12-06T13:00:00Z', 2), ['2026-12-07T12', '2026-12-08T12']);
  assert.deepEqual(runs('cron(0 0/6 ? * * *)', '2026-12-06T05:00:00Z', 5), [
    '2026-12-06T06',
    '2026-12-06T12',
    '2026-12-06T18',
    '2026-12-07T00',
    '2026-12-07T06',
  ]);
  // As a cron reads it: from 17:00 every 12 hours within the day is 17:00 alone.
  assert.deepEqual(runs('cron(0 17/12 ? * * *)', '2026-12-06T18:00:00Z', 2), ['2026-12-07T17', '2026-12-08T17']);
  assert.deepEqual(parseScheduleExpression('NOW'), { kind: 'now' });
  assert.equal(nextRun({ kind: 'now' }, at('2026-12-06T10:00:00Z')), undefined);
});

test('refuses what Model Monitor does not run, with the accepted forms as the way out', () => {
  for (const bad of [
    'cron(30 * ? * * *)',
    'cron(0 24 ? * * *)',
    'cron(0 0/25 ? * * *)',
    'cron(0 */2 ? * * *)',
    'rate(1 hour)',
    'cron(0 * * * ? *)',
    '',
  ]) {
    assert.throws(
      () => parseScheduleExpression(bad),
      (err: { code?: string; hint?: string }) => err.code === 'E_MONITOR_CRON' && /cron\(0 \* \? \* \* \*\)/.test(err.hint ?? ''),
      bad,
    );
  }
});

test('ISO 8601 offsets, as DataAnalysisStartTime and StartTimeOffset take them', () => {
  assert.equal(parseOffset('-PT1H', 'f'), -3_600_000);
  assert.equal(parseOffset('-PT0H', 'f'), 0);
  assert.equal(parseOffset('-P1DT2H30M', 'f'), -(26.5 * 3_600_000));
  assert.equal(parseOffset('PT15M', 'f'), 900_000);
  for (const bad of ['1h', '-PT', 'P', '-PTH'])
    assert.throws(
      () => parseOffset(bad, 'StartTimeOffset'),
      (err: { code?: string; message: string }) => err.code === 'E_MONITOR_VALIDATION' && err.message.includes('StartTimeOffset'),
    );
});
