import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { putPolicy, registerTarget } from '../../src/autoscaling/autoscaling-service.js';
import { readPolicyConfiguration } from '../../src/autoscaling/policy-document.js';
import { ScalingEngine } from '../../src/autoscaling/scaling-engine.js';
import { variantTarget } from '../../src/autoscaling/scaling-records.js';
import { godwitHome } from '../../src/core/home.js';
import { HandClock } from '../../src/db/contract-kit.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { variant } from '../serving/host/host-fixture.js';

// The engine over a real metadata database and the real alarm service, on a hand-moved clock; the
// test plays the endpoint host (reporting InService at the new count) and the alarm's evaluation.
describe('the scaling engine acts on a step policy through the alarm action seam and each period after', () => {
  const clock = new HandClock();
  let metadata: Metadata;
  let engine: ScalingEngine;
  const key = variantTarget('api', 'A');
  const lines: string[] = [];
  before(async () => {
    metadata = await openMetadata(godwitHome(join(scratchDir('godwit-scaling-engine-'), 'home')), clock, {});
    await metadata.endpoints.createModel({
      name: 'm',
      containers: [{ image: 'godwit/linear-learner' }],
      inferenceMode: 'Serial',
      tags: [],
    });
    await metadata.endpoints.createEndpointConfig({
      name: 'c',
      productionVariants: [variant('A', 'm', 1, 2)],
      shadowVariants: [],
      tags: [],
    });
    await metadata.endpoints.createEndpoint('api', 'c');
    await served(2);
    const deps = {
      autoscaling: metadata.autoscaling,
      endpoints: metadata.endpoints,
      alarms: metadata.alarms,
      metrics: metadata.metrics,
      clock,
    };
    engine = new ScalingEngine({ deps, log: (line) => lines.push(line) });
    await metadata.alarms.registerActionHandler(engine.actionHandler());
  });
  after(async () => {
    await engine?.close();
    await metadata?.close();
  });

  /** What the endpoint host reports once the variant runs `count` instances. */
  const served = (count: number) =>
    metadata.endpoints.reportEndpoint('api', {
      status: 'InService',
      variants: [{ variantName: 'A', weight: 1, instanceCount: count }],
    });

  /** Two minutes of ModelLatency at `value` µs, ending now: what the alarm saw. */
  async function latency(value: number) {
    const now = clock.now().getTime();
    await metadata.metrics.put(
      [90, 30].map((ago) => ({
        namespace: 'AWS/SageMaker',
        metricName: 'ModelLatency',
        dimensions: { EndpointName: 'api', VariantName: 'A' },
        timestamp: new Date(now - ago * 1000),
        unit: 'Microseconds',
        value,
      })),
    );
  }

  const deps = () => ({ autoscaling: metadata.autoscaling, endpoints: metadata.endpoints, alarms: metadata.alarms, clock });
  const count = async () => (await metadata.endpoints.getEndpoint('api'))?.variants[0].instanceCount;
  const activities = () => metadata.autoscaling.listActivities({ serviceNamespace: 'sagemaker', resourceIds: [key.resourceId] });

  test('ALARM → +2 at once; nothing more while it is in progress or cooling down; +2 again once the cooldown ends', async () => {
    await registerTarget(deps(), { ...key, minCapacity: 1, maxCapacity: 6 });
    const policy = await putPolicy(
      deps(),
      key,
      'latency',
      readPolicyConfiguration('StepScaling', {
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity',
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }],
          Cooldown: 300,
        },
      }),
    );
    await metadata.alarms.put({
      name: 'api-latency',
      namespace: 'AWS/SageMaker',
      metricName: 'ModelLatency',
      dimensions: { EndpointName: 'api', VariantName: 'A' },
      statistic: 'Average',
      period: 60,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: 5000,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'missing',
      actionsEnabled: true,
      alarmActions: [policy.arn],
      okActions: [],
      insufficientDataActions: [],
      tags: [],
    });
    await latency(8000);
    await metadata.alarms.setState('api-latency', 'ALARM', 'latency above 5 ms');
    assert.equal(await count(), 4);
    const [history] = await metadata.alarms.history('api-latency', { type: 'Action' });
    assert.match(history.summary, /^Successfully executed action arn:aws:autoscaling:/);
    const [first] = await activities();
    assert.deepEqual(
      [first.statusCode, first.cause, first.fromCapacity, first.toCapacity, first.policyName],
      ['InProgress', 'monitor alarm api-latency in state ALARM triggered policy latency', 2, 4, 'latency'],
    );
    clock.t += 60_000;
    await latency(8000);
    await engine.pass();
    assert.equal((await activities()).length, 1, 'nothing new while the first is in progress');
    await served(4);
    await engine.pass();
    const [settled] = await activities();
    assert.equal(settled.statusCode, 'Successful');
    clock.t += 60_000;
    await latency(8000);
    await engine.pass();
    assert.equal((await activities()).length, 1, 'the cooldown holds: +2 from 2 is 4, no more than now');
    clock.t += 300_000;
    await latency(8000);
    await engine.pass();
    assert.equal(await count(), 6);
    const [second] = await activities();
    assert.deepEqual([second.fromCapacity, second.toCapacity], [4, 6]);
    assert.ok(lines.some((l) => l.includes('Setting desired instance count to 6.')));
  });
});
