import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

describe('godwit alarms (alias: godwit alarm), without a server', () => {
  let env: NodeJS.ProcessEnv;
  let root: string;
  before(() => {
    root = join(scratchDir('godwit-alarms-cli-'), 'home');
    env = { GODWIT_HOME: root };
  });
  const lines = (text: string) =>
    text
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/ +/g, ' '));

  test('create records a PutMetricAlarm-style alarm on an endpoint variant; list shows it, --json gives the record', async () => {
    const created = await cli(
      [
        'alarm',
        'create',
        'churn-5xx',
        '--endpoint',
        'churn',
        '--metric',
        'Invocation5XXErrors',
        '--statistic',
        'Sum',
        '--threshold',
        '0',
        '--evaluation-periods',
        '3',
        '--datapoints-to-alarm',
        '2',
        '--treat-missing-data',
        'notBreaching',
      ],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^Alarm "churn-5xx" is INSUFFICIENT_DATA: Invocation5XXErrors Sum > 0, 2 of 3 × 60 s\./);
    const p99 = await cli(
      [
        'alarms',
        'create',
        'churn-p99',
        '--dimension',
        'EndpointName=churn',
        '--dimension',
        'VariantName=canary',
        '--metric',
        'ModelLatency',
        '--statistic',
        'p99',
        '--comparison',
        '>=',
        '--threshold',
        '250000',
        '--json',
      ],
      env,
    );
    assert.equal(p99.code, 0, p99.stderr);
    const record = JSON.parse(p99.stdout);
    assert.deepEqual(
      [record.statistic, record.comparisonOperator, record.threshold, record.dimensions],
      ['p99', 'GreaterThanOrEqualToThreshold', 250000, { EndpointName: 'churn', VariantName: 'canary' }],
    );
    const listed = await cli(['alarm', 'list'], env);
    assert.equal(listed.code, 0, listed.stderr);
    const [header, first, second] = lines(listed.stdout);
    assert.equal(header, 'ALARM STATE METRIC CONDITION SINCE');
    assert.match(
      first,
      /^churn-5xx INSUFFICIENT_DATA AWS\/SageMaker Invocation5XXErrors churn AllTraffic Sum > 0, 2\/3 × 60s \d{4}-/,
    );
    assert.match(second, /^churn-p99 INSUFFICIENT_DATA AWS\/SageMaker ModelLatency churn canary p99 >= 250000, 1\/1 × 60s /);
    const json = JSON.parse(
      (await cli(['alarm', 'list', '--state', 'INSUFFICIENT_DATA', '--prefix', 'churn-p', '--json'], env)).stdout,
    );
    assert.deepEqual(
      json.map((a: { name: string }) => a.name),
      ['churn-p99'],
    );
  });

  test('history shows state changes made elsewhere, newest first; delete reports unknown names and keeps the history', async () => {
    const metadata = await openMetadata(godwitHome(root), systemClock, {});
    try {
      await metadata.alarms.setState('churn-5xx', 'ALARM', 'Threshold Crossed: by hand');
    } finally {
      await metadata.close();
    }
    const history = await cli(['alarm', 'history', 'churn-5xx'], env);
    assert.equal(history.code, 0, history.stderr);
    const out = lines(history.stdout);
    assert.equal(out[0], 'TIME ALARM TYPE SUMMARY');
    assert.match(out[1], / churn-5xx StateUpdate Alarm updated from INSUFFICIENT_DATA to ALARM$/);
    assert.match(out[2], / churn-5xx ConfigurationUpdate Alarm "churn-5xx" created$/);
    assert.equal(out.at(-1), 'Latest reason: Threshold Crossed: by hand');
    const typed = JSON.parse((await cli(['alarm', 'history', '--type', 'StateUpdate', '--json'], env)).stdout);
    assert.equal(typed.length, 1);
    assert.equal(typed[0].data.newState.stateValue, 'ALARM');
    const deleted = await cli(['alarm', 'delete', 'churn-5xx', 'nope'], env);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(lines(deleted.stdout), ['Deleted "churn-5xx"; the history stays two weeks.', 'No alarm named "nope".']);
    assert.match((await cli(['alarm', 'history', 'churn-5xx'], env)).stdout, /Alarm "churn-5xx" deleted/);
  });

  test('a definition CloudWatch would refuse is a sentence naming the field, exit 2', async () => {
    const bad = await cli(
      ['alarm', 'create', 'x', '--metric', 'M', '--threshold', '1', '--evaluation-periods', '2', '--datapoints-to-alarm', '3'],
      env,
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /DatapointsToAlarm \(3\) must be less than or equal to EvaluationPeriods \(2\)/);
    const period = await cli(['alarm', 'create', 'x', '--metric', 'M', '--threshold', '1', '--period', '45'], env);
    assert.equal(period.code, 2);
    assert.match(period.stderr, /'period'/);
    const op = await cli(['alarm', 'create', 'x', '--metric', 'M', '--threshold', '1', '--comparison', '!='], env);
    assert.equal(op.code, 2);
    assert.match(op.stderr, /Value '!=' at 'comparisonOperator'/);
    const nan = await cli(['alarm', 'create', 'x', '--metric', 'M', '--threshold', 'high'], env);
    assert.equal(nan.code, 2);
    assert.match(nan.stderr, /--threshold "high" is not a number/);
  });
});
