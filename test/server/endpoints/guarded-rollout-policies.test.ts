import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  type DeploymentConfig,
  DescribeEndpointCommand,
  type DescribeEndpointCommandOutput,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { errorAlarm, rolloutFixture } from '../../serving/rollout/rollout-fixture.js';
import { awsError } from '../hosting-fixture.js';

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
    await update('p3', {
      RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 60 },
    });
    const done = await settled();
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
