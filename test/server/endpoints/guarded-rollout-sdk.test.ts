import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DescribeEndpointCommand,
  type DescribeEndpointCommandOutput,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { errorAlarm, rolloutFixture } from '../../serving/rollout/rollout-fixture.js';
import { awsError, region } from '../hosting-fixture.js';

/**
 * Simulated seconds per real second: a 10-minute bake is 6 s of wall time. Real work (starting a
 * fleet, each alarm check) is magnified as much, so a loaded machine's slow second is 100
 * simulated ones; the bakes and limits below leave room for that.
 */
const SPEED = 100;

describe('guarded rollouts through the official SageMaker clients, on a scaled clock', () => {
  let f: Awaited<ReturnType<typeof rolloutFixture>>;
  let runtime: SageMakerRuntimeClient;
  before(async () => {
    f = await rolloutFixture(SPEED);
    runtime = new SageMakerRuntimeClient({
      endpoint: f.server.url,
      region,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    await config('blue', 'good', 'v1', 2);
    await config('canary', 'faulty', 'v2-faulty', 2);
    await config('green', 'good', 'v3-good', 2);
    await f.sm.send(new CreateEndpointCommand({ EndpointName: 'guarded', EndpointConfigName: 'v1' }));
    await settled('guarded');
  });
  after(async () => {
    runtime?.destroy();
    await f?.close();
  });

  async function config(variant: string, model: string, name: string, count: number) {
    await f.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: name,
        ProductionVariants: [
          {
            VariantName: variant,
            ModelName: model,
            InitialInstanceCount: count,
            InstanceType: 'ml.m5.large',
            InitialVariantWeight: 1,
          },
        ],
      }),
    );
  }

  async function describe_(name: string): Promise<DescribeEndpointCommandOutput> {
    return f.sm.send(new DescribeEndpointCommand({ EndpointName: name }));
  }

  async function settled(name: string): Promise<DescribeEndpointCommandOutput> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const d = await describe_(name);
      if (d.EndpointStatus === 'InService' || d.EndpointStatus === 'Failed') return d;
      if (Date.now() > deadline) throw new Error(`${name} is still ${d.EndpointStatus}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends x = 0, 1, 2, … (4 at a time) until `done` says stop; what each got, in order of sending. */
  async function traffic(done: () => boolean) {
    const seen: { x: number; variant?: string; error?: string; sent: number; at: number }[] = [];
    let next = 0;
    const worker = async () => {
      while (!done()) {
        const x = next++;
        const sent = f.clock.now().getTime();
        try {
          const out = await runtime.send(
            new InvokeEndpointCommand({ EndpointName: 'guarded', ContentType: 'text/csv', Body: Buffer.from(`${x}\n`) }),
          );
          assert.equal(Buffer.from(out.Body).toString().trim(), String(2 * x));
          seen.push({ x, variant: out.InvokedProductionVariant, sent, at: f.clock.now().getTime() });
        } catch (err) {
          seen.push({ x, error: (err as Error).name, sent, at: f.clock.now().getTime() });
        }
      }
    };
    return { seen, running: Promise.all([worker(), worker(), worker(), worker()]) };
  }

  async function stages(endpoint: string) {
    const events = await f.host.outbox.since(undefined, 10_000);
    return events
      .map((e) => e.event)
      .filter((e) => e['detail-type'] === 'SageMaker Endpoint Deployment State Change' && e.detail.EndpointName === endpoint)
      .map((e) => ({
        stage: e.detail.DeploymentStage as string,
        share: e.detail.TrafficShare as number,
        at: Date.parse(e.time),
        detail: e.detail,
      }));
  }

  test('a faulty canary trips its 5XX alarm and is rolled back within the baking period; only canary requests failed', async () => {
    await f.host.alarms.put(errorAlarm('canary-5xx', 'guarded', 'canary'));
    let over = false;
    const load = await traffic(() => over);
    await f.sm.send(
      new UpdateEndpointCommand({
        EndpointName: 'guarded',
        EndpointConfigName: 'v2-faulty',
        DeploymentConfig: {
          BlueGreenUpdatePolicy: {
            TrafficRoutingConfiguration: {
              Type: 'CANARY',
              CanarySize: { Type: 'CAPACITY_PERCENT', Value: 30 },
              WaitIntervalInSeconds: 600,
            },
            TerminationWaitInSeconds: 300,
            MaximumExecutionTimeoutInSeconds: 14400,
          },
          AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'canary-5xx' }] },
        },
      }),
    );
    await assert.rejects(
      f.sm.send(new UpdateEndpointCommand({ EndpointName: 'guarded', EndpointConfigName: 'v3-good' })),
      awsError('ValidationException', 'Cannot update in-progress endpoint'),
    );
    const done = await settled('guarded');
    over = true;
    await load.running;

    assert.equal(done.EndpointStatus, 'InService');
    assert.equal(done.EndpointConfigName, 'v1', 'rolled back to the old config');
    assert.match(done.FailureReason ?? '', /alarm "canary-5xx" is in ALARM/);
    assert.equal(done.PendingDeploymentSummary, undefined);
    assert.equal(done.LastDeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration?.Type, 'CANARY');

    const s = await stages('guarded');
    assert.deepEqual(
      s.map((e) => e.stage),
      ['Started', 'TrafficShifted', 'RollingBack', 'RolledBack'],
    );
    const shifted = s[1];
    const rolledBack = s[2];
    assert.equal(shifted.share, 0.3);
    assert.ok(rolledBack.at - shifted.at < 600_000, `rolled back ${(rolledBack.at - shifted.at) / 1000} s into a 600 s bake`);
    assert.match(String(rolledBack.detail.FailureReason), /canary-5xx/);

    // Every failure is the faulty model refusing an input it refuses, served by the canary;
    // blue never failed, and after the rollback only blue served.
    const failures = load.seen.filter((r) => r.error);
    assert.ok(failures.length > 0, 'the canary served some of the faulty inputs');
    for (const r of failures) assert.ok(r.x % 10 < 3, `x=${r.x} failed: ${r.error}`);
    const served = load.seen.filter((r) => r.variant);
    assert.ok(
      served.some((r) => r.variant === 'canary'),
      'the canary took traffic',
    );
    for (const r of served.filter((r) => r.variant === 'canary')) assert.ok(r.x % 10 >= 3);
    // The rollback event is recorded after the split sent everything to blue: a request sent later is blue's.
    const afterRollback = load.seen.filter((r) => r.sent > rolledBack.at);
    assert.ok(afterRollback.length > 0);
    assert.ok(
      afterRollback.every((r) => r.variant === 'blue'),
      JSON.stringify(afterRollback.filter((r) => r.variant !== 'blue')),
    );
    const blue = await f.host.metrics.statistics({
      namespace: 'AWS/SageMaker',
      metricName: 'Invocation5XXErrors',
      dimensions: { EndpointName: 'guarded', VariantName: 'blue' },
      start: new Date(0),
      end: new Date(f.clock.now().getTime() + 3600_000),
      period: 3600 * 24,
      statistics: ['Sum'],
    });
    assert.equal(
      blue.reduce((n, d) => n + (d.values.Sum ?? 0), 0),
      0,
      'blue served no 5XX',
    );
  });

  test('a good model finishes a LINEAR rollout: two steps, bakes, termination wait, InService on the new config', async () => {
    await f.host.alarms.put(errorAlarm('green-5xx', 'guarded', 'green'));
    let over = false;
    const load = await traffic(() => over);
    await f.sm.send(
      new UpdateEndpointCommand({
        EndpointName: 'guarded',
        EndpointConfigName: 'v3-good',
        DeploymentConfig: {
          BlueGreenUpdatePolicy: {
            TrafficRoutingConfiguration: {
              Type: 'LINEAR',
              LinearStepSize: { Type: 'INSTANCE_COUNT', Value: 1 },
              WaitIntervalInSeconds: 120,
            },
            TerminationWaitInSeconds: 60,
          },
          AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'green-5xx' }] },
        },
      }),
    );
    let pending: DescribeEndpointCommandOutput['PendingDeploymentSummary'];
    for (let i = 0; i < 400 && !pending?.ProductionVariants?.[0]?.VariantStatus?.[0]?.Status?.startsWith('Baking'); i++) {
      pending = (await describe_('guarded')).PendingDeploymentSummary;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(pending?.EndpointConfigName, 'v3-good');
    assert.match(pending?.ProductionVariants?.[0]?.VariantStatus?.[0]?.StatusMessage ?? '', /^Baking for \d+ seconds/);
    const done = await settled('guarded');
    over = true;
    await load.running;
    assert.equal(done.EndpointStatus, 'InService');
    assert.equal(done.EndpointConfigName, 'v3-good');
    assert.equal(done.FailureReason, undefined);
    assert.deepEqual(
      done.ProductionVariants?.map((v) => v.VariantName),
      ['green'],
    );
    const s = (await stages('guarded')).slice(4);
    assert.deepEqual(
      s.map((e) => `${e.stage}:${e.share}`),
      [
        'Started:0',
        'TrafficShifted:0.5',
        'BakeSucceeded:0.5',
        'TrafficShifted:1',
        'BakeSucceeded:1',
        'TerminationWaitStarted:1',
        'Completed:1',
      ],
    );
    assert.ok(s[2].at - s[1].at >= 120_000, 'the first step baked its 120 s');
    assert.ok(s[6].at - s[5].at >= 60_000, 'the old fleet was kept for the termination wait');
    assert.equal(load.seen.filter((r) => r.error).length, 0, 'no request failed during the rollout');
    // Shifts are recorded before they take effect, and the old fleet is drained before Completed.
    const greenFirst = Math.min(...load.seen.filter((r) => r.variant === 'green').map((r) => r.at));
    assert.ok(greenFirst >= s[1].at, 'no green answer before the first shift');
    const blueLast = Math.max(...load.seen.filter((r) => r.variant === 'blue').map((r) => r.at));
    assert.ok(blueLast <= s[6].at, 'no blue answer after the old fleet was terminated');
    const sentAfterLastShift = load.seen.filter((r) => r.sent > s[5].at);
    assert.ok(
      sentAfterLastShift.every((r) => r.variant === 'green'),
      'the termination wait serves green only',
    );
  });
});
