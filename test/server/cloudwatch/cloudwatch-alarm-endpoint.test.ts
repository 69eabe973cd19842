import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { PYTHON } from '../../helpers/boto3.js';
import { scratchDir } from '../../helpers/scratch.js';
import { FIXTURE } from '../../serving/container-fixture.js';
import { variant } from '../../serving/host/host-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' };
const DIMS = [
  { Name: 'EndpointName', Value: 'flaky' },
  { Name: 'VariantName', Value: 'AllTraffic' },
];

/** Polls until `check` gives a value, for at most `ms` of real time. */
async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

// A real server on a clock 600× real time (a simulated minute is 100 ms): an alarm on a live
// endpoint's Invocation5XXErrors, through the official clients, fed by real failing invocations.
describe('an alarm on a live endpoint, on a scaled clock', () => {
  const root = scratchDir('godwit-alarm-endpoint-');
  const home = godwitHome(join(root, 'home'));
  let server: RunningServer;
  let metadata: Metadata;
  let cw: CloudWatchClient;
  let runtime: SageMakerRuntimeClient;
  before(async () => {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25, clock: scaledClock(600) });
    metadata = await openMetadata(home, systemClock, {});
    const model = join(root, 'model');
    mkdirSync(model);
    writeFileSync(join(model, 'model.txt'), 'weights');
    // The contract-server fixture answers 500 to the body "fail" and echoes anything else.
    await metadata.endpoints.createModel({
      name: 'flaky-model',
      containers: [{ modelDataUrl: `file://${model}`, command: [PYTHON, FIXTURE] }],
      inferenceMode: 'Serial',
      tags: [],
    });
    await metadata.endpoints.createEndpointConfig({
      name: 'flaky-config',
      productionVariants: [variant('AllTraffic', 'flaky-model')],
      shadowVariants: [],
      tags: [],
    });
    await metadata.endpoints.createEndpoint('flaky', 'flaky-config');
    cw = new CloudWatchClient({ endpoint: server.url, region: 'us-east-1', credentials });
    runtime = new SageMakerRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials });
    await until('the endpoint serving', async () => {
      const body = (await (await fetch(`${server.url}/api/v1/endpoints/flaky/live`)).json()) as { variants?: unknown[] };
      return body.variants?.length ? true : undefined;
    });
  });
  after(async () => {
    cw?.destroy();
    runtime?.destroy();
    await server?.stop();
    await metadata?.close();
  });

  const describeAlarm = async () =>
    (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['flaky-5xx'] }))).MetricAlarms?.[0] as MetricAlarm;
  const invoke = (body: string) =>
    runtime.send(new InvokeEndpointCommand({ EndpointName: 'flaky', ContentType: 'text/plain', Body: Buffer.from(body) })).then(
      () => 200,
      (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode,
    );

  test('failing invocations put the alarm in ALARM, recorded in its history and on the event outbox; quiet minutes bring it back', async () => {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'flaky-5xx',
        Namespace: 'AWS/SageMaker',
        MetricName: 'Invocation5XXErrors',
        Dimensions: DIMS,
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      }),
    );
    // With no traffic, missing data is not breaching: the evaluator moves the new alarm to OK.
    await until('OK with no traffic', async () => ((await describeAlarm()).StateValue === 'OK' ? true : undefined));
    const statuses = [];
    for (const body of ['ok', 'fail', 'ok', 'fail', 'fail']) statuses.push(await invoke(body));
    assert.deepEqual(statuses, [200, 424, 200, 424, 424], 'SageMaker Runtime answers a model 500 as ModelError (424)');

    const alarmed = await until('ALARM', async () => {
      const a = await describeAlarm();
      return a.StateValue === 'ALARM' ? a : undefined;
    });
    assert.match(
      alarmed.StateReason ?? '',
      /^Threshold Crossed: 1 datapoint \[[1-3]\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:00\)\] was greater than the threshold \(0\.0\)\.$/,
    );
    const [point] = JSON.parse(alarmed.StateReasonData ?? '{}').evaluatedDatapoints;
    assert.ok(point.value >= 1 && point.sampleCount >= point.value, JSON.stringify(point));

    const { AlarmHistoryItems } = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: 'flaky-5xx', HistoryItemType: 'StateUpdate' }),
    );
    assert.ok(
      AlarmHistoryItems?.some((h) => h.HistorySummary === 'Alarm updated from OK to ALARM'),
      JSON.stringify(AlarmHistoryItems?.map((h) => h.HistorySummary)),
    );
    const events = (await metadata.outbox.since(undefined, 1000)).map((e) => e.event);
    // The failures may fall in more than one simulated minute (each is a real round trip to the
    // container), so the alarm may have gone to ALARM more than once: the one read above is among them.
    const change = events.find(
      (e) =>
        e['detail-type'] === 'CloudWatch Alarm State Change' &&
        (e.detail.state as { reason: string }).reason === alarmed.StateReason,
    );
    assert.ok(change, 'a state-change event for ALARM');
    assert.equal(change.source, 'aws.cloudwatch');
    assert.deepEqual(change.resources, ['arn:aws:cloudwatch:us-east-1:000000000000:alarm:flaky-5xx']);
    const detail = change.detail as {
      alarmName: string;
      previousState: { value: string };
      state: { value: string; reason: string };
      configuration: { metrics: { metricStat: { metric: { name: string; dimensions: object } } }[] };
    };
    assert.equal(detail.alarmName, 'flaky-5xx');
    assert.equal(detail.previousState.value, 'OK');
    assert.equal(detail.state.value, 'ALARM');
    assert.deepEqual(detail.configuration.metrics[0].metricStat.metric, {
      namespace: 'AWS/SageMaker',
      name: 'Invocation5XXErrors',
      dimensions: { EndpointName: 'flaky', VariantName: 'AllTraffic' },
    });

    // Once the failing minute leaves the evaluation range (3 periods for one), the alarm is OK again.
    await until('OK again', async () => ((await describeAlarm()).StateValue === 'OK' ? true : undefined));
  });
});
