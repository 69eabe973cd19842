import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CloudWatchClient,
  type CloudWatchServiceException,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  ResourceNotFound,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { cloudwatchServer } from './cloudwatch-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const DIMS = [
  { Name: 'EndpointName', Value: 'churn' },
  { Name: 'VariantName', Value: 'AllTraffic' },
];
const POLICY = 'arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:p1';

// The official client, unmodified, against a real server: alarms through AWS JSON 1.0.
describe('CloudWatch alarms through @aws-sdk/client-cloudwatch', () => {
  let f: Awaited<ReturnType<typeof cloudwatchServer>>;
  let cw: CloudWatchClient;
  before(async () => {
    f = await cloudwatchServer();
    cw = new CloudWatchClient({
      endpoint: f.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' },
    });
  });
  after(async () => {
    cw?.destroy();
    await f?.server.stop();
  });

  const alarm = (name: string, extra: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput => ({
    AlarmName: name,
    AlarmDescription: 'Too many 5xx',
    Namespace: 'AWS/SageMaker',
    MetricName: 'Invocation5XXErrors',
    Dimensions: DIMS,
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanThreshold',
    // No data ever reaches these alarms: `ignore` keeps the server's evaluator from moving them under the test.
    TreatMissingData: 'ignore',
    ...extra,
  });
  const failure = async (promise: Promise<unknown>) =>
    (await promise.then(
      () => assert.fail('expected an error'),
      (e) => e,
    )) as CloudWatchServiceException;

  test('PutMetricAlarm, then DescribeAlarms shows it as CloudWatch does, starting INSUFFICIENT_DATA', async () => {
    await cw.send(new PutMetricAlarmCommand(alarm('churn-5xx', { AlarmActions: [POLICY] })));
    const { MetricAlarms, CompositeAlarms } = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['churn-5xx'] }));
    assert.equal(CompositeAlarms, undefined);
    assert.equal(MetricAlarms?.length, 1);
    const a = MetricAlarms?.[0];
    assert.equal(a?.AlarmArn, 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:churn-5xx');
    assert.equal(a?.StateValue, 'INSUFFICIENT_DATA');
    assert.equal(a?.StateReason, 'Unchecked: Initial alarm creation');
    assert.deepEqual(a?.Dimensions, DIMS);
    assert.deepEqual(
      [
        a?.Statistic,
        a?.Period,
        a?.EvaluationPeriods,
        a?.DatapointsToAlarm,
        a?.Threshold,
        a?.ComparisonOperator,
        a?.TreatMissingData,
      ],
      ['Sum', 60, 3, 2, 1, 'GreaterThanThreshold', 'ignore'],
    );
    assert.deepEqual([a?.ActionsEnabled, a?.AlarmActions, a?.OKActions], [true, [POLICY], []]);
    assert.ok(a?.AlarmConfigurationUpdatedTimestamp instanceof Date);
    const p99 = alarm('churn-latency', {
      MetricName: 'ModelLatency',
      Statistic: undefined,
      ExtendedStatistic: 'p99',
      Unit: 'Microseconds',
      Threshold: 5e5,
    });
    await cw.send(new PutMetricAlarmCommand(p99));
    const [latency] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['churn-latency'] }))).MetricAlarms ?? [];
    assert.deepEqual([latency.Statistic, latency.ExtendedStatistic, latency.Unit], [undefined, 'p99', 'Microseconds']);
  });

  test('DescribeAlarms filters by prefix, state and action prefix, pages with MaxRecords and NextToken', async () => {
    for (const n of ['page-a', 'page-b', 'page-c']) await cw.send(new PutMetricAlarmCommand(alarm(n)));
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'page-b', StateValue: 'ALARM', StateReason: 'testing' }));
    const names = (r: { MetricAlarms?: { AlarmName?: string }[] }) => r.MetricAlarms?.map((a) => a.AlarmName);
    assert.deepEqual(names(await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'page-' }))), [
      'page-a',
      'page-b',
      'page-c',
    ]);
    assert.deepEqual(names(await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'page-', StateValue: 'ALARM' }))), [
      'page-b',
    ]);
    assert.deepEqual(names(await cw.send(new DescribeAlarmsCommand({ ActionPrefix: 'arn:aws:autoscaling:' }))), ['churn-5xx']);
    const first = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'page-', MaxRecords: 2 }));
    assert.deepEqual(names(first), ['page-a', 'page-b']);
    const second = await cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'page-', MaxRecords: 2, NextToken: first.NextToken }),
    );
    assert.deepEqual([names(second), second.NextToken], [['page-c'], undefined]);
    const composite = await cw.send(new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }));
    assert.deepEqual([composite.MetricAlarms, composite.CompositeAlarms], [[], []]);
    const e = await failure(cw.send(new DescribeAlarmsCommand({ NextToken: 'bogus' })));
    assert.equal(e.name, 'InvalidNextToken');
  });

  test('DescribeAlarmsForMetric finds the alarms on one metric', async () => {
    const found = await cw.send(
      new DescribeAlarmsForMetricCommand({ Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: DIMS }),
    );
    assert.deepEqual(
      found.MetricAlarms?.map((a) => a.AlarmName),
      ['churn-latency'],
    );
    const bySum = await cw.send(
      new DescribeAlarmsForMetricCommand({
        Namespace: 'AWS/SageMaker',
        MetricName: 'Invocation5XXErrors',
        Statistic: 'Sum',
        Period: 60,
      }),
    );
    assert.deepEqual(
      bySum.MetricAlarms?.map((a) => a.AlarmName),
      ['churn-5xx', 'page-a', 'page-b', 'page-c'],
    );
  });

  test('SetAlarmState and actions on/off are history; DescribeAlarmHistory reads it newest first, or oldest first', async () => {
    await cw.send(new PutMetricAlarmCommand(alarm('hist')));
    await cw.send(
      new SetAlarmStateCommand({ AlarmName: 'hist', StateValue: 'ALARM', StateReason: 'by hand', StateReasonData: '{"a":1}' }),
    );
    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: ['hist'] }));
    const [disabled] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['hist'] }))).MetricAlarms ?? [];
    assert.deepEqual(
      [disabled.StateValue, disabled.StateReason, disabled.StateReasonData, disabled.ActionsEnabled],
      ['ALARM', 'by hand', '{"a":1}', false],
    );
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: ['hist'] }));
    const { AlarmHistoryItems } = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'hist' }));
    assert.deepEqual(
      AlarmHistoryItems?.map((h) => [h.HistoryItemType, h.HistorySummary]),
      [
        ['ConfigurationUpdate', 'Alarm "hist" updated'],
        ['ConfigurationUpdate', 'Alarm "hist" updated'],
        ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
        ['ConfigurationUpdate', 'Alarm "hist" created'],
      ],
    );
    assert.equal(AlarmHistoryItems?.[0].AlarmType, 'MetricAlarm');
    const states = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: 'hist', HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending' }),
    );
    assert.equal(states.AlarmHistoryItems?.length, 1);
    assert.equal(JSON.parse(states.AlarmHistoryItems?.[0].HistoryData ?? '').newState.stateReasonData.a, 1);
    const one = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: 'hist', MaxRecords: 1, ScanBy: 'TimestampAscending' }),
    );
    assert.equal(one.AlarmHistoryItems?.[0].HistorySummary, 'Alarm "hist" created');
    assert.ok(one.NextToken);
  });

  test('DeleteAlarms removes alarms (unknown names are passed over) and keeps their history', async () => {
    await cw.send(new PutMetricAlarmCommand(alarm('doomed')));
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['doomed', 'never-was'] }));
    assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['doomed'] }))).MetricAlarms, []);
    const { AlarmHistoryItems } = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'doomed' }));
    assert.equal(AlarmHistoryItems?.[0].HistorySummary, 'Alarm "doomed" deleted');
  });

  test("bad input is CloudWatch's ValidationError naming the field; a missing alarm is ResourceNotFound", async () => {
    const cases: [Partial<PutMetricAlarmCommandInput>, RegExp][] = [
      [{ DatapointsToAlarm: 4 }, /DatapointsToAlarm \(4\) must be less than or equal to EvaluationPeriods \(3\)/],
      [{ Period: 45 }, /'period'.*10, 30 or a multiple of 60/],
      [{ ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold' }, /'comparisonOperator'/],
      [{ TreatMissingData: 'sometimes' }, /'treatMissingData'/],
      [{ ExtendedStatistic: 'p99' }, /Statistic and ExtendedStatistic are mutually exclusive/],
      [{ Unit: 'Parsecs' as never }, /'unit'/],
      [{ EvaluationPeriods: undefined }, /Value null at 'evaluationPeriods'/],
      [
        {
          MetricName: undefined,
          Namespace: undefined,
          Statistic: undefined,
          Dimensions: undefined,
          Period: undefined,
          Metrics: [{ Id: 'e1', Expression: 'm1 * 2' }],
        },
        /metric math.*Metrics field/,
      ],
    ];
    for (const [extra, message] of cases) {
      const e = await failure(cw.send(new PutMetricAlarmCommand(alarm('bad', extra))));
      // The current SDK's class for it; the Query protocol's code (what boto3 shows) rides along.
      assert.equal(e.name, 'ValidationException', `${JSON.stringify(extra)}: ${e.message}`);
      assert.equal((e as { Code?: string }).Code, 'ValidationError');
      assert.match(e.message, message);
      assert.equal(e.$metadata.httpStatusCode, 400);
    }
    assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['bad'] }))).MetricAlarms, []);
    const missing = await failure(cw.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })));
    assert.ok(missing instanceof ResourceNotFound, missing.name);
    assert.match(missing.message, /Alarm "nope" does not exist/);
    const json = await failure(
      cw.send(new SetAlarmStateCommand({ AlarmName: 'hist', StateValue: 'OK', StateReason: 'x', StateReasonData: '{not json' })),
    );
    assert.equal(json.name, 'InvalidFormatFault');
  });
});
