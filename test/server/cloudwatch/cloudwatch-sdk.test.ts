import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CloudWatchClient,
  type CloudWatchServiceException,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  ListMetricsCommand,
  MissingRequiredParameterException,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { endpointMetrics } from '../../../src/metrics/endpoint-metrics.js';
import { cloudwatchServer, minutesAgo } from './cloudwatch-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

// The official client, unmodified: an endpoint URL, a region and dummy credentials.
describe('CloudWatch front door, through @aws-sdk/client-cloudwatch', () => {
  let f: Awaited<ReturnType<typeof cloudwatchServer>>;
  let cw: CloudWatchClient;
  const dims = [
    { Name: 'Host', Value: 'a' },
    { Name: 'Service', Value: 'api' },
  ];
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

  const rejects = async (promise: Promise<unknown>, kind: new (...args: never[]) => Error, code: string, message: RegExp) => {
    const err = (await promise.then(
      () => assert.fail('expected an error'),
      (e) => e,
    )) as CloudWatchServiceException & { Code?: string };
    assert.ok(err instanceof kind, `${err.name}: ${err.message}`);
    assert.equal(err.Code, code);
    assert.match(err.message, message);
    assert.equal(err.$metadata.httpStatusCode, 400);
  };

  test('PutMetricData, then GetMetricStatistics with plain and extended statistics', async () => {
    const at = minutesAgo(3);
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'App',
        MetricData: [
          {
            MetricName: 'Latency',
            Dimensions: dims,
            Timestamp: at,
            Values: [10, 20, 30, 40],
            Counts: [1, 1, 1, 7],
            Unit: 'Milliseconds',
          },
          { MetricName: 'Latency', Dimensions: [...dims].reverse(), Timestamp: at, Value: 5, Unit: 'Milliseconds' },
          {
            MetricName: 'Latency',
            Dimensions: dims,
            Timestamp: minutesAgo(2),
            StatisticValues: { SampleCount: 2, Sum: 8, Minimum: 4, Maximum: 4 },
            Unit: 'Milliseconds',
          },
        ],
      }),
    );
    const base = {
      Namespace: 'App',
      MetricName: 'Latency',
      Dimensions: dims,
      StartTime: minutesAgo(10),
      EndTime: minutesAgo(-1),
      Period: 60,
    };
    const plain = await cw.send(
      new GetMetricStatisticsCommand({ ...base, Statistics: ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'] }),
    );
    assert.equal(plain.Label, 'Latency');
    const points = (plain.Datapoints ?? []).sort((a, b) => (a.Timestamp as Date).getTime() - (b.Timestamp as Date).getTime());
    assert.deepEqual(
      points.map((p) => [p.Timestamp?.getTime(), p.SampleCount, p.Sum, p.Average, p.Minimum, p.Maximum, p.Unit]),
      [
        [at.getTime(), 11, 345, 345 / 11, 5, 40, 'Milliseconds'],
        [minutesAgo(2).getTime(), 2, 8, 4, 4, 4, 'Milliseconds'],
      ],
    );
    const ext = await cw.send(
      new GetMetricStatisticsCommand({
        ...base,
        Period: 600,
        StartTime: minutesAgo(10),
        ExtendedStatistics: ['p50', 'p90', 'p99.9'],
      }),
    );
    assert.deepEqual(
      ext.Datapoints?.map((p) => p.ExtendedStatistics),
      [{ p50: 40, p90: 40, 'p99.9': 40 }],
    );
  });

  test('a PutMetricData the SDK gzips (over 10 KiB) is read whole', async () => {
    const values = Array.from({ length: 150 }, (_, i) => i + 0.123456789);
    const data = Array.from({ length: 20 }, () => ({ MetricName: 'Big', Timestamp: minutesAgo(1), Values: values }));
    await cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: data }));
    const out = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'App',
        MetricName: 'Big',
        StartTime: minutesAgo(5),
        EndTime: minutesAgo(-1),
        Period: 300,
        Statistics: ['SampleCount'],
      }),
    );
    assert.equal(out.Datapoints?.[0]?.SampleCount, 3000);
  });

  test('GetMetricData: MetricStat queries, newest first, paged by MaxDatapoints; ListMetrics filters by dimension', async () => {
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'Paged',
        MetricData: [1, 2, 3].map((m) => ({ MetricName: 'Requests', Timestamp: minutesAgo(m), Value: m * 10, Unit: 'Count' })),
      }),
    );
    const queries = [
      { Id: 'sum', MetricStat: { Metric: { Namespace: 'Paged', MetricName: 'Requests' }, Period: 60, Stat: 'Sum' } },
      {
        Id: 'p99',
        Label: 'tail',
        MetricStat: { Metric: { Namespace: 'Paged', MetricName: 'Requests' }, Period: 60, Stat: 'p99' },
      },
    ];
    const window = { StartTime: minutesAgo(10), EndTime: minutesAgo(-1) };
    const all = await cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, ...window }));
    const [sum, p99] = all.MetricDataResults ?? [];
    assert.deepEqual([sum.Id, sum.Label, sum.StatusCode, sum.Values], ['sum', 'Requests', 'Complete', [10, 20, 30]]);
    assert.deepEqual(sum.Timestamps, [minutesAgo(1), minutesAgo(2), minutesAgo(3)]);
    assert.deepEqual([p99.Label, p99.Values], ['tail', [10, 20, 30]]);
    const first = await cw.send(
      new GetMetricDataCommand({ MetricDataQueries: queries, ...window, MaxDatapoints: 4, ScanBy: 'TimestampAscending' }),
    );
    assert.deepEqual(
      first.MetricDataResults?.map((r) => [r.Values, r.StatusCode]),
      [
        [[30, 20, 10], 'Complete'],
        [[30], 'PartialData'],
      ],
    );
    assert.ok(first.NextToken);
    const rest = await cw.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        ...window,
        MaxDatapoints: 4,
        ScanBy: 'TimestampAscending',
        NextToken: first.NextToken,
      }),
    );
    assert.deepEqual(
      rest.MetricDataResults?.map((r) => r.Values),
      [[], [20, 10]],
    );
    assert.equal(rest.NextToken, undefined);

    const listed = await cw.send(new ListMetricsCommand({ Namespace: 'App', Dimensions: [{ Name: 'Host', Value: 'a' }] }));
    assert.deepEqual(listed.Metrics, [{ Namespace: 'App', MetricName: 'Latency', Dimensions: dims }]);
    const names = await cw.send(new ListMetricsCommand({ Namespace: 'App' }));
    assert.deepEqual(
      names.Metrics?.map((m) => m.MetricName),
      ['Big', 'Latency'],
    );
  });

  test('endpoint metrics recorded through the library are read back as AWS/SageMaker metrics', async () => {
    const metadata = await f.metadata();
    try {
      const recorder = endpointMetrics({
        store: metadata.metrics,
        clock: { now: () => minutesAgo(1), sleep: async () => {} },
        intervalMs: 0,
      });
      for (let i = 0; i < 100; i++)
        recorder.record('churn', 'AllTraffic', { status: i < 3 ? 500 : 200, modelLatencyUs: 1000 + i, overheadLatencyUs: 30 });
      await recorder.close();
    } finally {
      await metadata.close();
    }
    const q = {
      Namespace: 'AWS/SageMaker',
      Dimensions: [
        { Name: 'EndpointName', Value: 'churn' },
        { Name: 'VariantName', Value: 'AllTraffic' },
      ],
      StartTime: minutesAgo(5),
      EndTime: minutesAgo(-1),
      Period: 300,
    };
    const errors = await cw.send(
      new GetMetricStatisticsCommand({ ...q, MetricName: 'Invocation5XXErrors', Statistics: ['Sum', 'Average'] }),
    );
    assert.deepEqual(
      errors.Datapoints?.map((p) => [p.Sum, p.Average]),
      [[3, 0.03]],
    );
    const latency = await cw.send(
      new GetMetricStatisticsCommand({ ...q, MetricName: 'ModelLatency', ExtendedStatistics: ['p50'] }),
    );
    assert.equal(latency.Datapoints?.[0]?.Unit, 'Microseconds');
    assert.ok(Math.abs((latency.Datapoints?.[0]?.ExtendedStatistics?.p50 ?? 0) - 1049) <= 1049 / 128);
  });

  test("errors are CloudWatch's, as the SDK models them", async () => {
    const stats = { Namespace: 'App', MetricName: 'Latency', StartTime: minutesAgo(10), EndTime: minutesAgo(-1), Period: 60 };
    await rejects(
      cw.send(
        new PutMetricDataCommand({ Namespace: undefined as unknown as string, MetricData: [{ MetricName: 'x', Value: 1 }] }),
      ),
      MissingRequiredParameterException,
      'MissingParameter',
      /Namespace/,
    );
    await rejects(
      cw.send(new GetMetricStatisticsCommand({ ...stats, Statistics: ['Median' as 'Sum'] })),
      InvalidParameterValueException,
      'InvalidParameterValue',
      /Statistics\.member\.1/,
    );
    await rejects(
      cw.send(new GetMetricStatisticsCommand({ ...stats, ExtendedStatistics: ['tm99'] })),
      InvalidParameterValueException,
      'InvalidParameterValue',
      /tm99/,
    );
    await rejects(
      cw.send(new GetMetricStatisticsCommand({ ...stats, Statistics: ['Sum'], Period: 1, StartTime: minutesAgo(60) })),
      InvalidParameterCombinationException,
      'InvalidParameterCombination',
      /exceeds the limit of 1440/,
    );
    await rejects(
      cw.send(new GetMetricStatisticsCommand({ ...stats })),
      MissingRequiredParameterException,
      'MissingParameter',
      /Statistics or ExtendedStatistics/,
    );
    await rejects(
      cw.send(new PutMetricDataCommand({ Namespace: 'AWS/SageMaker', MetricData: [{ MetricName: 'x', Value: 1 }] })),
      InvalidParameterValueException,
      'InvalidParameterValue',
      /reserved/,
    );
    await rejects(
      cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'x', Value: 1, Values: [1] }] })),
      InvalidParameterCombinationException,
      'InvalidParameterCombination',
      /mutually exclusive/,
    );
    await rejects(
      cw.send(
        new PutMetricDataCommand({
          Namespace: 'App',
          MetricData: [{ MetricName: 'x', Value: 1, Timestamp: minutesAgo(20 * 24 * 60) }],
        }),
      ),
      InvalidParameterValueException,
      'InvalidParameterValue',
      /two weeks/,
    );
    await rejects(
      cw.send(
        new GetMetricDataCommand({
          MetricDataQueries: [{ Id: 'e1', Expression: 'SUM(METRICS())' }],
          StartTime: minutesAgo(10),
          EndTime: minutesAgo(0),
        }),
      ),
      InvalidParameterValueException,
      'InvalidParameterValue',
      /does not evaluate metric math/,
    );
  });

  test('an action Godwit does not serve is the unknown-operation error', async () => {
    const res = await fetch(f.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'GraniteServiceVersion20100801.PutDashboard',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261205/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: '{}',
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { __type: string; message: string };
    assert.match(body.__type, /UnknownOperationException$/);
    assert.match(
      body.message,
      /PutDashboard.*Supported: PutMetricData, GetMetricStatistics, GetMetricData, ListMetrics, PutMetricAlarm/,
    );
  });
});
