import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withDefaults } from '../../src/alarms/alarm-definition-check.js';
import { type AlarmDatapoint, decide, evaluationRange } from '../../src/alarms/alarm-evaluation.js';
import { javaDouble } from '../../src/alarms/alarm-reason.js';
import type { AlarmDefinition, AlarmState, MissingDataTreatment } from '../../src/alarms/alarm-records.js';

const NOW = new Date('2026-12-06T07:03:05Z');
const alarm = (extra: Partial<AlarmDefinition> = {}) =>
  withDefaults({
    name: 'a',
    namespace: 'AWS/SageMaker',
    metricName: 'ModelLatency',
    statistic: 'Average',
    period: 60,
    evaluationPeriods: 3,
    threshold: 2,
    comparisonOperator: 'LessThanThreshold',
    ...extra,
  });

/** A range's slots from values, oldest first (null: no data), stamped on the range's minutes. */
function slots(d: AlarmDefinition, values: readonly (number | null)[]): (AlarmDatapoint | undefined)[] {
  const range = evaluationRange(d, NOW);
  assert.equal(range.count, values.length);
  return values.map((value, i) =>
    value === null ? undefined : { timestamp: new Date(range.start.getTime() + i * d.period * 1000), value, sampleCount: 1 },
  );
}

const state = (d: AlarmDefinition, current: AlarmState, values: (number | null)[]) =>
  decide(d, current, slots(d, values), NOW)?.state ?? `kept ${current}`;

describe('alarm evaluation, as CloudWatch documents it', () => {
  // AWS's "Configuring how CloudWatch alarms treat missing data" tables, with LessThanThreshold 2
  // (0 = 2.5 or more, X = below 2, - = no data), oldest first over the evaluation range of 5.
  const TABLES: readonly [string, number, (number | null)[], Record<MissingDataTreatment, string>][] = [
    ['0 - X - X', 3, [2.5, null, 1, null, 1.7], { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
    ['0 - - - -', 3, [3, null, null, null, null], { missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' }],
    [
      '- - - - -',
      3,
      [null, null, null, null, null],
      { missing: 'INSUFFICIENT_DATA', ignore: 'kept OK', breaching: 'ALARM', notBreaching: 'OK' },
    ],
    ['0 X X - X', 3, [3, 1.5, 1, null, 1.5], { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' }],
    [
      '- - X - -',
      3,
      [null, null, 1, null, null],
      { missing: 'ALARM', ignore: 'kept OK', breaching: 'ALARM', notBreaching: 'OK' },
    ],
    [
      '0 - X - X (2 of 3)',
      2,
      [2.5, null, 1, null, 1.7],
      { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' },
    ],
    [
      '0 0 X 0 X (2 of 3)',
      2,
      [3, 4, 1, 3.5, 1.5],
      { missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' },
    ],
    [
      '0 - X - - (2 of 3)',
      2,
      [4, null, 1.2, null, null],
      { missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' },
    ],
    [
      '- - - - 0 (2 of 3)',
      2,
      [null, null, null, null, 8],
      { missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' },
    ],
    [
      '- - - X - (2 of 3)',
      2,
      [null, null, null, 1, null],
      { missing: 'ALARM', ignore: 'kept OK', breaching: 'ALARM', notBreaching: 'OK' },
    ],
  ];
  for (const [name, m, values, expected] of TABLES) {
    test(`AWS's table: ${name}`, () => {
      for (const [treatMissingData, want] of Object.entries(expected)) {
        const d = alarm({ datapointsToAlarm: m, treatMissingData: treatMissingData as MissingDataTreatment });
        assert.equal(state(d, 'OK', values), want, treatMissingData);
      }
    });
  }

  test('each comparison operator, at and either side of the threshold', () => {
    const cases = {
      GreaterThanOrEqualToThreshold: ['OK', 'ALARM', 'ALARM'],
      GreaterThanThreshold: ['OK', 'OK', 'ALARM'],
      LessThanThreshold: ['ALARM', 'OK', 'OK'],
      LessThanOrEqualToThreshold: ['ALARM', 'ALARM', 'OK'],
    } as const;
    for (const [comparisonOperator, want] of Object.entries(cases)) {
      const d = alarm({ evaluationPeriods: 1, comparisonOperator: comparisonOperator as AlarmDefinition['comparisonOperator'] });
      const got = [1, 2, 3].map((v) => state(d, 'INSUFFICIENT_DATA', [null, null, v]));
      assert.deepEqual(got, want, comparisonOperator);
    }
  });

  test('M of N: the newest N real datapoints decide, older ones only stand in for missing ones', () => {
    const d = alarm({ evaluationPeriods: 5, datapointsToAlarm: 3, comparisonOperator: 'GreaterThanThreshold', threshold: 10 });
    assert.equal(evaluationRange(d, NOW).count, 7);
    assert.equal(state(d, 'OK', [0, 0, 11, 12, 0, 0, 13]), 'ALARM');
    assert.equal(state(d, 'OK', [0, 0, 11, 0, 0, 0, 13]), 'OK');
    // Seven periods with two missing: the oldest two real ones fill in (11, 12 count).
    assert.equal(state(d, 'OK', [11, 12, null, 0, null, 13, 0]), 'ALARM');
    assert.equal(state(d, 'OK', [11, 12, 0, 0, 0, 13, 0]), 'OK', 'with no gap, only the newest five count');
  });

  test('the range ends where the current period starts, aligned to the period', () => {
    const d = alarm({ period: 300, evaluationPeriods: 2 });
    const range = evaluationRange(d, new Date('2026-12-06T07:13:05Z'));
    assert.equal(range.end.toISOString(), '2026-12-06T07:10:00.000Z');
    assert.equal(range.start.toISOString(), '2026-12-06T06:50:00.000Z');
    assert.equal(range.count, 4);
    const ten = evaluationRange(alarm({ period: 10, evaluationPeriods: 6 }), new Date('2026-12-06T07:13:05.500Z'));
    assert.equal(ten.end.toISOString(), '2026-12-06T07:13:00.000Z');
    assert.equal(ten.count, 8);
  });

  test("StateReason and StateReasonData read as CloudWatch's", () => {
    const d = alarm({ comparisonOperator: 'GreaterThanThreshold', threshold: 1, datapointsToAlarm: 2, statistic: 'Sum' });
    const decision = decide(d, 'OK', slots(d, [null, null, 5, 0, 4]), NOW);
    assert.equal(
      decision?.reason,
      'Threshold Crossed: 2 out of the last 3 datapoints [4.0 (06/12/26 07:02:00), 5.0 (06/12/26 07:00:00)] were greater than the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
    assert.deepEqual(JSON.parse(decision?.reasonData ?? ''), {
      version: '1.0',
      queryDate: '2026-12-06T07:03:05.000+0000',
      startDate: '2026-12-06T07:00:00.000+0000',
      statistic: 'Sum',
      period: 60,
      recentDatapoints: [5, 0, 4],
      threshold: 1,
      evaluatedDatapoints: [
        { timestamp: '2026-12-06T07:02:00.000+0000', sampleCount: 1, value: 4 },
        { timestamp: '2026-12-06T07:01:00.000+0000', sampleCount: 1, value: 0 },
        { timestamp: '2026-12-06T07:00:00.000+0000', sampleCount: 1, value: 5 },
      ],
    });
    const missing = alarm({ treatMissingData: 'breaching' });
    assert.equal(
      decide(missing, 'OK', slots(missing, [null, null, null, null, null]), NOW)?.reason,
      'Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].',
    );
    assert.equal(
      decide(alarm(), 'OK', slots(alarm(), [null, null, null, null, null]), NOW)?.reason,
      'Insufficient Data: 3 datapoints were unknown.',
    );
    assert.deepEqual([5, 0.25, 1234567.5, 1e-7, 2e9].map(javaDouble), ['5.0', '0.25', '1234567.5', '1.0E-7', '2.0E9']);
  });
});
