import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DescribeScalingActivitiesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  type ScalingActivity,
} from '@aws-sdk/client-application-auto-scaling';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { autoscalingFixture, credentials, instances, region, resource } from './autoscaling-fixture.js';

/**
 * A simulated minute per real second: slow enough that the load below stays far above the target
 * per simulated minute even on a machine starved of CPU (a 2-minute scale-in cooldown is 2 s).
 */
const SPEED = 60;

/**
 * Real load at a real endpoint: `workers` callers in a loop, each pausing `pauseMs` of real time
 * between requests, until `stop()`. The load per simulated minute is what the metrics say it was.
 */
function drive(runtime: SageMakerRuntimeClient, endpoint: string, workers: number, pauseMs: number) {
  let running = true;
  let sent = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      await runtime.send(
        new InvokeEndpointCommand({ EndpointName: endpoint, ContentType: 'text/csv', Body: Buffer.from('1,2\n') }),
      );
      sent++;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  });
  return {
    get sent() {
      return sent;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
  explain: () => Promise<string> = async () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)} ${await explain()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The official clients, unmodified, against a real `godwit server` on a scaled clock: the policy's
// alarms are evaluated by the server's alarm loop over the endpoint's real metrics, and scaling
// resizes the variant's real pool of workers.
describe('target tracking scales a real endpoint out under load and back in after the cooldown', () => {
  let f: Awaited<ReturnType<typeof autoscalingFixture>>;
  let runtime: SageMakerRuntimeClient;
  before(async () => {
    f = await autoscalingFixture({ speed: SPEED, endpoints: ['busy'] });
    runtime = new SageMakerRuntimeClient({ endpoint: f.server.url, region, credentials });
  });
  after(async () => {
    runtime?.destroy();
    await f?.close();
  });

  test('register 1–3, track 5 invocations per instance: out to 3 under load, in after 15 quiet minutes', async () => {
    await f.client.send(new RegisterScalableTargetCommand({ ...resource('busy'), MinCapacity: 1, MaxCapacity: 3 }));
    await f.client.send(
      new PutScalingPolicyCommand({
        ...resource('busy'),
        PolicyName: 'invocations',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 5,
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
          ScaleOutCooldown: 60,
          ScaleInCooldown: 120,
        },
      }),
    );
    assert.equal(await instances(f.server.url, 'busy'), 1);
    // A few quiet minutes first, so the high alarm has datapoints below the target before the load
    // (with none at all, CloudWatch decides on the breaching ones alone, as its missing-data table says).
    const warm = drive(runtime, 'busy', 1, 250);
    await f.clock.sleep(5 * 60_000);
    await warm.stop();
    // ~4 workers × 1 request per ~10 ms ≈ 400 requests a second = 200 a simulated minute on 1 instance.
    const heavy = drive(runtime, 'busy', 4, 10);
    const grownAt = f.clock.now();
    await until(
      'the variant to run 3 instances',
      () => instances(f.server.url, 'busy'),
      (n) => n === 3,
      60_000,
      () => diagnosis(f),
    );
    await heavy.stop();
    assert.ok(heavy.sent > 0);
    const outs = await activities(f);
    assert.ok(outs.length >= 1, 'a scale-out activity');
    for (const a of outs) {
      assert.match(
        a.Cause ?? '',
        /^monitor alarm TargetTracking-endpoint\/busy\/variant\/A-AlarmHigh-[0-9a-f-]+ in state ALARM triggered policy invocations$/,
      );
    }
    // Three one-minute datapoints above the target come first (the first minute is partly loaded):
    // no scale-out within 2 simulated minutes of the load starting.
    const firstOut = outs[outs.length - 1];
    const outAfter = (firstOut.StartTime as Date).getTime() - grownAt.getTime();
    assert.ok(outAfter >= 2 * 60_000, `scaled out ${outAfter} ms after the load began`);

    // A trickle: ~1 worker × 1 request per 200 ms ≈ 5 a second = 2.5 a simulated minute, far below 90 % of 40.
    const light = drive(runtime, 'busy', 1, 200);
    const quietFrom = f.clock.now();
    await until(
      'the variant to shrink to 1 instance',
      () => instances(f.server.url, 'busy'),
      (n) => n === 1,
      120_000,
      () => diagnosis(f),
    );
    await light.stop();
    const all = await activities(f);
    const ins = all.filter((a) => /AlarmLow/.test(a.Cause ?? ''));
    assert.ok(ins.length >= 1, JSON.stringify(all));
    const firstIn = ins[ins.length - 1];
    // The low alarm needs 15 datapoints below its threshold: nothing scales in for 15 simulated minutes of quiet.
    assert.ok((firstIn.StartTime as Date).getTime() - quietFrom.getTime() >= 15 * 60_000 - 60_000);
    for (let i = 1; i < ins.length; i++) {
      // Scale-ins at least the scale-in cooldown (120 s) apart.
      const gap = (ins[i - 1].StartTime as Date).getTime() - ((ins[i].EndTime ?? ins[i].StartTime) as Date).getTime();
      assert.ok(gap >= 120_000, `gap ${gap}`);
    }
    await until(
      'every activity to end',
      () => activities(f),
      (list) => list.every((a) => a.StatusCode === 'Successful'),
    );
  });
});

/** What the engine and the alarms saw, for a failure's message. */
async function diagnosis(f: Awaited<ReturnType<typeof autoscalingFixture>>): Promise<string> {
  const alarms = await f.metadata.alarms.list({ prefix: 'TargetTracking-' });
  const now = f.clock.now();
  const points = await f.metadata.metrics.statistics({
    namespace: 'AWS/SageMaker',
    metricName: 'InvocationsPerInstance',
    dimensions: { EndpointName: 'busy', VariantName: 'A' },
    start: new Date(now.getTime() - 10 * 60_000),
    end: now,
    period: 60,
    statistics: ['Sum'],
  });
  return JSON.stringify({
    now,
    alarms: alarms.map((a) => [a.name.replace(/-[0-9a-f-]{36}$/, ''), a.state, a.stateReason]),
    sums: points.map((p) => [p.timestamp.toISOString().slice(11, 16), p.values.Sum]),
    activities: (await activities(f)).map((a) => [a.StartTime, a.EndTime, a.Description, a.StatusCode]),
    endpoint: await f.metadata.endpoints.getEndpoint('busy'),
  });
}

async function activities(f: Awaited<ReturnType<typeof autoscalingFixture>>): Promise<ScalingActivity[]> {
  const out = await f.client.send(
    new DescribeScalingActivitiesCommand({ ServiceNamespace: 'sagemaker', ResourceId: 'endpoint/busy/variant/A' }),
  );
  return out.ScalingActivities ?? [];
}
