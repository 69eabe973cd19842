import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointAsyncCommand } from '@aws-sdk/client-sagemaker-runtime';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import { type AsyncFixture, asyncFixture, eventually } from './async-fixture.js';

/** A simulated minute per real second: TTLs of a minute pass in a second, backlog metrics come every second. */
const SPEED = 60;

describe('asynchronous endpoints: concurrency per instance, timeouts, TTLs, scale to zero and backlog metrics', () => {
  let f: AsyncFixture;
  let cw: CloudWatchClient;
  before(async () => {
    f = await asyncFixture({ clock: scaledClock(SPEED) });
    cw = new CloudWatchClient({
      endpoint: f.server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
  });
  after(async () => {
    cw?.destroy();
    await f?.close();
  });

  /** Submits `n` inline requests and returns the parsed answers of the counting model. */
  async function countAnswers(endpoint: string, n: number) {
    // All at once, so they are queued together even on a loaded machine.
    const outs = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        f.runtime.send(
          new InvokeEndpointAsyncCommand({ EndpointName: endpoint, Body: Buffer.from(`r${i}`), ContentType: 'text/plain' }),
        ),
      ),
    );
    const answers = [];
    for (const out of outs) answers.push(JSON.parse(await f.output(out.OutputLocation as string)));
    return answers as { active: number; pid: number; body: string }[];
  }

  test('MaxConcurrentInvocationsPerInstance is how many requests each instance serves at once, no more', async () => {
    await f.countingModel('slow', 1);
    await f.asyncEndpoint('two-at-once', 'slow', {
      asyncConfig: {
        ClientConfig: { MaxConcurrentInvocationsPerInstance: 2 },
        OutputConfig: { S3OutputPath: 's3://async-out/c2' },
      },
    });
    const answers = await countAnswers('two-at-once', 6);
    assert.deepEqual(answers.map((a) => a.body).sort(), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    assert.equal(new Set(answers.map((a) => a.pid)).size, 1, 'one instance');
    assert.equal(Math.max(...answers.map((a) => a.active)), 2, 'two at once, never three');

    await f.asyncEndpoint('one-each', 'slow', {
      instances: 2,
      asyncConfig: {
        ClientConfig: { MaxConcurrentInvocationsPerInstance: 1 },
        OutputConfig: { S3OutputPath: 's3://async-out/c1' },
      },
    });
    const spread = await countAnswers('one-each', 6);
    assert.equal(new Set(spread.map((a) => a.pid)).size, 2, 'both instances served');
    assert.deepEqual(new Set(spread.map((a) => a.active)), new Set([1]), 'each instance one at a time');
  });

  test('a request the model does not answer within InvocationTimeoutSeconds fails, on the clock', async () => {
    // 1 s of real time is 60 simulated seconds: more than the 5 s allowed.
    const out = await f.runtime.send(
      new InvokeEndpointAsyncCommand({ EndpointName: 'two-at-once', Body: Buffer.from('late'), InvocationTimeoutSeconds: 5 }),
    );
    const failure = await f.output(out.FailureLocation as string);
    assert.match(failure, /^ClientError: The model did not answer inference .* within its InvocationTimeoutSeconds \(5 s\)/);
    assert.equal(await f.read(out.OutputLocation as string), undefined);
  });

  test('at zero instances requests wait (and a TTL expires), backlog metrics show it, and capacity back serves them', async () => {
    await f.linearModel('line');
    await f.asyncEndpoint('sleepy', 'line');
    await f.sm.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: 'sleepy',
        DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 0 }],
      }),
    );
    await f.inService('sleepy');
    const described = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'sleepy' }));
    assert.equal(described.ProductionVariants?.[0].CurrentInstanceCount, 0);

    const send = (id: string, ttl?: number) =>
      f.runtime.send(
        new InvokeEndpointAsyncCommand({
          EndpointName: 'sleepy',
          Body: Buffer.from('4\n'),
          ContentType: 'text/csv',
          InferenceId: id,
          RequestTTLSeconds: ttl,
        }),
      );
    const short = await send('short-ttl', 60);
    const patient = await send('patient');
    const expired = await f.output(short.FailureLocation as string);
    assert.match(expired, /^ClientError: Request short-ttl expired in the queue: its RequestTTLSeconds \(60 s\) passed/);
    assert.equal(await f.read(patient.OutputLocation as string), undefined, 'no instance, no answer');

    const metric = (name: string) =>
      cw.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/SageMaker',
          MetricName: name,
          Dimensions: [{ Name: 'EndpointName', Value: 'sleepy' }],
          // The server's clock runs ahead at a simulated hour per real minute.
          StartTime: new Date(Date.now() - 3600_000),
          EndTime: new Date(Date.now() + 20 * 3600_000),
          Period: 60,
          Statistics: ['Maximum', 'Minimum'],
        }),
      );
    const waiting = await eventually(async () => {
      const points = (await metric('HasBacklogWithoutCapacity')).Datapoints ?? [];
      const full = points.filter((p) => p.Maximum === 1 && p.Minimum === 1);
      return full.length > 0 ? full : undefined;
    }, 'HasBacklogWithoutCapacity = 1');
    // Written in the same minutes as HasBacklogWithoutCapacity = 1, so at zero instances throughout.
    const byMinute = (points: { Timestamp?: Date; Maximum?: number }[]) =>
      Object.fromEntries(points.map((p) => [p.Timestamp?.toISOString(), p.Maximum]));
    const size = byMinute((await metric('ApproximateBacklogSize')).Datapoints ?? []);
    const perInstance = byMinute((await metric('ApproximateBacklogSizePerInstance')).Datapoints ?? []);
    const minutes = waiting.map((p) => p.Timestamp?.toISOString() as string);
    for (const m of minutes) assert.ok((size[m] ?? 0) >= 1, `backlog in ${m}: ${JSON.stringify(size)}`);
    assert.deepEqual(
      minutes.map((m) => perInstance[m]),
      minutes.map((m) => size[m]),
      'with nobody serving, the backlog per instance is the whole backlog',
    );
    // The patient request keeps waiting: its age passes a simulated minute within a real second or so.
    await eventually(async () => {
      const age = (await metric('ApproximateAgeOfOldestRequest')).Datapoints ?? [];
      return age.some((p) => (p.Maximum ?? 0) >= 60) ? true : undefined;
    }, 'the oldest request aged past a minute');

    await f.sm.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: 'sleepy',
        DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 1 }],
      }),
    );
    assert.equal((await f.output(patient.OutputLocation as string)).trim(), '9');
    await eventually(async () => {
      const points = (await metric('ApproximateBacklogSize')).Datapoints ?? [];
      return points.some((p) => p.Minimum === 0) ? true : undefined;
    }, 'an empty backlog recorded');
  });

  test('requests waiting on an endpoint that is deleted fail, rather than wait for capacity that will not come', async () => {
    await f.asyncEndpoint('doomed', 'line');
    await f.sm.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: 'doomed',
        DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 0 }],
      }),
    );
    await f.inService('doomed');
    const out = await f.runtime.send(
      new InvokeEndpointAsyncCommand({ EndpointName: 'doomed', Body: Buffer.from('1\n'), ContentType: 'text/csv' }),
    );
    await f.sm.send(new DeleteEndpointCommand({ EndpointName: 'doomed' }));
    const failure = await f.output(out.FailureLocation as string);
    assert.match(failure, /^ClientError: Endpoint "doomed" is not in service/);
    assert.equal(await f.read(out.OutputLocation as string), undefined);
  });

  test('a real-time endpoint cannot go to zero instances; an asynchronous one can', async () => {
    await f.sm.send(
      new (await import('@aws-sdk/client-sagemaker')).CreateEndpointConfigCommand({
        EndpointConfigName: 'rt',
        ProductionVariants: [{ VariantName: 'A', ModelName: 'line', InitialInstanceCount: 1 }],
      }),
    );
    await f.sm.send(
      new (await import('@aws-sdk/client-sagemaker')).CreateEndpointCommand({ EndpointName: 'rt', EndpointConfigName: 'rt' }),
    );
    await f.inService('rt');
    await assert.rejects(
      f.sm.send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName: 'rt',
          DesiredWeightsAndCapacities: [{ VariantName: 'A', DesiredInstanceCount: 0 }],
        }),
      ),
      /desiredInstanceCount.*greater than or equal to 1/,
    );
  });
});
