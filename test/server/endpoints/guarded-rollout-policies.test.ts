import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DeleteEndpointCommand,
  type DeploymentConfig,
  DescribeEndpointCommand,
  type DescribeEndpointCommandOutput,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { errorAlarm, rolloutFixture } from '../../serving/rollout/rollout-fixture.js';
import { awsError, region } from '../hosting-fixture.js';

describe('guarded rollouts: ALL_AT_ONCE, rolling, and the configs SageMaker refuses', () => {
  let f: Awaited<ReturnType<typeof rolloutFixture>>;
  before(async () => {
    f = await rolloutFixture(400);
    for (const [name, variant, count] of [
      ['p1', 'one', 2],
      ['p2', 'two', 2],
      ['p3', 'three', 2],
    ] as const) {
      await f.sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: name,
          ProductionVariants: [
            { VariantName: variant, ModelName: 'good', InitialInstanceCount: count, InstanceType: 'ml.m5.large' },
          ],
        }),
      );
    }
    await f.sm.send(new CreateEndpointCommand({ EndpointName: 'policies', EndpointConfigName: 'p1' }));
    await settled();
  });
  after(() => f?.close());

  async function settled(): Promise<DescribeEndpointCommandOutput> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const d = await f.sm.send(new DescribeEndpointCommand({ EndpointName: 'policies' }));
      if (d.EndpointStatus === 'InService') return d;
      if (Date.now() > deadline) throw new Error(`still ${d.EndpointStatus}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function stagesSince(count: number) {
    const events = (await f.host.outbox.since(undefined, 10_000)).map((e) => e.event);
    return events
      .filter((e) => e['detail-type'] === 'SageMaker Endpoint Deployment State Change')
      .slice(count)
      .map((e) => `${e.detail.DeploymentStage}:${e.detail.TrafficShare}`);
  }

  const update = (config: string, deployment: DeploymentConfig) =>
    f.sm.send(new UpdateEndpointCommand({ EndpointName: 'policies', EndpointConfigName: config, DeploymentConfig: deployment }));

  test('ALL_AT_ONCE shifts everything in one step, bakes, waits, completes', async () => {
    const before = (await stagesSince(0)).length;
    await update('p2', {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 300 },
        TerminationWaitInSeconds: 120,
      },
    });
    const done = await settled();
    assert.equal(done.EndpointConfigName, 'p2');
    assert.deepEqual(await stagesSince(before), [
      'Started:0',
      'TrafficShifted:1',
      'BakeSucceeded:1',
      'TerminationWaitStarted:1',
      'Completed:1',
    ]);
  });

  test('a rolling update replaces capacity one batch at a time', async () => {
    const before = (await stagesSince(0)).length;
    const seen = new Set<string>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const body = (await (await fetch(`${f.server.url}/api/v1/endpoints/policies/live`)).json()) as {
          variants?: { variantName: string; instances: number }[];
        };
        seen.add((body.variants ?? []).map((v) => `${v.variantName}=${v.instances}`).join(' '));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await update('p3', {
      RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 60 },
    });
    const done = await settled();
    watching = false;
    await watch;
    // One batch replaced: one new instance up and one old one gone; never both fleets whole.
    assert.ok(seen.has('two=1 three=1'), [...seen].join(' | '));
    assert.ok(!seen.has('two=2 three=2'), [...seen].join(' | '));
    assert.equal(done.EndpointConfigName, 'p3');
    assert.deepEqual(await stagesSince(before), [
      'Started:0',
      'TrafficShifted:0.5',
      'BakeSucceeded:0.5',
      'TrafficShifted:1',
      'BakeSucceeded:1',
      'TerminationWaitStarted:1',
      'Completed:1',
    ]);
    const live = (await (await fetch(`${f.server.url}/api/v1/endpoints/policies/live`)).json()) as {
      variants: { variantName: string; instances: number }[];
    };
    assert.deepEqual(
      live.variants.map((v) => [v.variantName, v.instances]),
      [['three', 2]],
    );
  });

  test('MaximumExecutionTimeoutInSeconds exceeded rolls the update back, saying so', async () => {
    const before = (await stagesSince(0)).length;
    await update('p1', {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: {
          Type: 'LINEAR',
          LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 10 },
          WaitIntervalInSeconds: 400,
        },
        MaximumExecutionTimeoutInSeconds: 600,
      },
    });
    const done = await settled();
    assert.equal(done.EndpointConfigName, 'p3', 'still the old config');
    assert.match(done.FailureReason ?? '', /did not finish within MaximumExecutionTimeoutInSeconds \(600 seconds\)/);
    // Ten 400 s steps cannot fit in 600 s: the timeout ends it during the first or second step (how
    // far it got depends on how long the new fleet took to start, which the scaled clock magnifies).
    const stages = await stagesSince(before);
    assert.deepEqual(stages.slice(0, 2), ['Started:0', 'TrafficShifted:0.1']);
    assert.deepEqual(stages.slice(-2), ['RollingBack:0', 'RolledBack:0']);
    assert.ok(stages.length <= 6 && !stages.includes('TrafficShifted:0.3'), stages.join(', '));
  });

  test('deleting an endpoint in the middle of an update stops it and takes both fleets down', async () => {
    await update('p1', {
      BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 3600 } },
    });
    const shifted = async () => (await stagesSince(0)).at(-1) === 'TrafficShifted:1';
    for (let i = 0; i < 2000 && !(await shifted()); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(await shifted());
    await f.sm.send(new DeleteEndpointCommand({ EndpointName: 'policies' }));
    for (let i = 0; i < 2000 && (await f.host.endpoints.getEndpoint('policies')); i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(await f.host.endpoints.getEndpoint('policies'), undefined);
    assert.equal(await f.host.endpoints.getRollout('policies'), undefined);
    const live = await fetch(`${f.server.url}/api/v1/endpoints/policies/live`);
    assert.equal(live.status, 404);
    await f.sm.send(new CreateEndpointCommand({ EndpointName: 'policies', EndpointConfigName: 'p3' }));
    await settled();
  });

  test('a new fleet that cannot start leaves the old one serving; the update ends on the old config with the reason', async () => {
    await f.host.endpoints.createModel({
      name: 'broken',
      containers: [{ image: 'godwit/linear-learner', modelDataUrl: `${f.root}/no-such-model` }],
      inferenceMode: 'Serial',
      tags: [],
    });
    await f.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'p-broken',
        ProductionVariants: [
          { VariantName: 'broken', ModelName: 'broken', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' },
        ],
      }),
    );
    const before = (await stagesSince(0)).length;
    await update('p-broken', {
      BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 60 } },
    });
    const done = await settled();
    assert.equal(done.EndpointConfigName, 'p3');
    assert.match(done.FailureReason ?? '', /Updating to endpoint config "p-broken" failed: Variant "broken"/);
    assert.deepEqual(await stagesSince(before), ['RolledBack:0']);
    assert.equal(await f.host.endpoints.getRollout('policies'), undefined);
  });

  test('a rolling update to a faulty model rolls back: all traffic to the old fleet, its capacity restored in batches', async () => {
    await f.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'p-faulty',
        ProductionVariants: [
          { VariantName: 'faulty', ModelName: 'faulty', InitialInstanceCount: 2, InstanceType: 'ml.m5.large' },
        ],
      }),
    );
    await f.host.alarms.put(errorAlarm('rolling-5xx', 'policies', 'faulty'));
    const runtime = new SageMakerRuntimeClient({
      endpoint: f.server.url,
      region,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    let over = false;
    const load = (async () => {
      for (let x = 0; !over; x++) {
        await runtime
          .send(new InvokeEndpointCommand({ EndpointName: 'policies', ContentType: 'text/csv', Body: Buffer.from(`${x}\n`) }))
          .catch(() => {});
      }
    })();
    const before = (await stagesSince(0)).length;
    await update('p-faulty', {
      RollingUpdatePolicy: {
        MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 },
        // Long enough that the alarm trips within the first step even on a loaded machine.
        WaitIntervalInSeconds: 3600,
        RollbackMaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 },
      },
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'rolling-5xx' }] },
    });
    const done = await settled();
    over = true;
    await load;
    runtime.destroy();
    assert.equal(done.EndpointConfigName, 'p3');
    assert.match(done.FailureReason ?? '', /rolling-5xx/);
    assert.deepEqual(await stagesSince(before), ['Started:0', 'TrafficShifted:0.5', 'RollingBack:0', 'RolledBack:0']);
    const live = (await (await fetch(`${f.server.url}/api/v1/endpoints/policies/live`)).json()) as {
      variants: { variantName: string; instances: number }[];
    };
    assert.deepEqual(
      live.variants.map((v) => [v.variantName, v.instances]),
      [['three', 2]],
      'the old fleet is whole again',
    );
  });

  test('bad configs are ValidationExceptions naming the field; nothing changes', async () => {
    const routing = (extra: object) => ({
      BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 60, ...extra } },
    });
    await assert.rejects(
      update('p1', routing({ CanarySize: { Type: 'INSTANCE_COUNT', Value: 2 } }) as DeploymentConfig),
      awsError('ValidationException', 'CanarySize 2 instance(s)', "new fleet's capacity of 2 instance(s)"),
    );
    await assert.rejects(
      update('p1', routing({ CanarySize: { Type: 'CAPACITY_PERCENT', Value: 80 } }) as DeploymentConfig),
      awsError('ValidationException', 'CanarySize 80%'),
    );
    await assert.rejects(
      update('p1', {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 3601 },
          MaximumExecutionTimeoutInSeconds: 100,
        },
      }),
      awsError(
        'ValidationException',
        '2 validation errors',
        "'deploymentConfig.blueGreenUpdatePolicy.trafficRoutingConfiguration.waitIntervalInSeconds' failed to satisfy constraint: Member must have value less than or equal to 3600",
        "'deploymentConfig.blueGreenUpdatePolicy.maximumExecutionTimeoutInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 600",
      ),
    );
    const alarms = Array.from({ length: 11 }, (_, i) => ({ AlarmName: `a${i}` }));
    await assert.rejects(
      update('p1', {
        ...(routing({ CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 } }) as DeploymentConfig),
        AutoRollbackConfiguration: { Alarms: alarms },
      }),
      awsError('ValidationException', "'deploymentConfig.autoRollbackConfiguration.alarms'", 'length less than or equal to 10'),
    );
    await f.host.alarms.put(errorAlarm('exists', 'policies', 'one'));
    await assert.rejects(
      update('p1', {
        ...(routing({ CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 } }) as DeploymentConfig),
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'exists' }, { AlarmName: 'no-such-alarm' }] },
      }),
      awsError(
        'ValidationException',
        "Value 'no-such-alarm' at 'deploymentConfig.autoRollbackConfiguration.alarms.2.member.alarmName'",
        'does not exist',
      ),
    );
    await assert.rejects(
      update('p1', {
        RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 50 }, WaitIntervalInSeconds: -1 },
      }),
      awsError('ValidationException', 'rollingUpdatePolicy.waitIntervalInSeconds'),
    );
    const now = await settled();
    assert.equal(now.EndpointConfigName, 'p3', 'no refused update was recorded');
  });
});
