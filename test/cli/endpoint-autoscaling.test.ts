import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { scratchDir } from '../helpers/scratch.js';
import { variant } from '../serving/host/host-fixture.js';
import { cli } from './capture.js';

// Recorded state through the library, no server: what a user does before (or without) `godwit server`.
describe('godwit endpoints autoscaling', () => {
  const root = scratchDir('godwit-autoscaling-cli-');
  const env = { GODWIT_HOME: join(root, 'home') };
  before(async () => {
    const metadata = await openMetadata(godwitHome(env.GODWIT_HOME), systemClock, {});
    try {
      await metadata.endpoints.createModel({
        name: 'm',
        containers: [{ image: 'godwit/linear-learner' }],
        inferenceMode: 'Serial',
        tags: [],
      });
      await metadata.endpoints.createEndpointConfig({
        name: 'one',
        productionVariants: [variant('A', 'm', 1, 1)],
        shadowVariants: [],
        tags: [],
      });
      await metadata.endpoints.createEndpointConfig({
        name: 'two',
        productionVariants: [variant('A', 'm', 1, 1), variant('B', 'm', 1, 1)],
        shadowVariants: [],
        tags: [],
      });
      await metadata.endpoints.createEndpoint('churn', 'one');
      await metadata.endpoints.createEndpoint('split', 'two');
      // What a server's endpoint host reports once the endpoint serves.
      await metadata.endpoints.reportEndpoint('churn', {
        status: 'InService',
        variants: [{ variantName: 'A', weight: 1, instanceCount: 1 }],
      });
    } finally {
      await metadata.close();
    }
  });

  test('register, put a target-tracking policy, describe it with its alarms, list activities, delete it', async () => {
    const reg = await cli(['endpoints', 'autoscaling', 'register', 'churn', '--min', '2', '--max', '6'], env);
    assert.equal(reg.code, 0, reg.stderr);
    assert.equal(reg.stdout.trim(), 'Registered endpoint/churn/variant/A: 2 to 6 instances.');
    const put = await cli(
      ['endpoint', 'autoscaling', 'policy', 'churn', '--name', 'rpm', '--target', '70', '--scale-in-cooldown', '600'],
      env,
    );
    assert.equal(put.code, 0, put.stderr);
    assert.match(
      put.stdout,
      /Scaling policy "rpm" \(TargetTrackingScaling\) on endpoint\/churn\/variant\/A: arn:aws:autoscaling:/,
    );
    assert.match(put.stdout, /TargetTracking-endpoint\/churn\/variant\/A-AlarmHigh-/);
    const shown = await cli(['endpoints', 'autoscaling', 'describe', 'churn'], env);
    assert.equal(shown.code, 0, shown.stderr);
    // Registering min 2 asked for 2 instances: the record holds the new desired count, the server makes it real.
    assert.match(shown.stdout, /^endpoint\/churn\/variant\/A: 2 instances now, 2 to 6 allowed\./);
    assert.match(
      shown.stdout,
      /Policy "rpm": target tracking, SageMakerVariantInvocationsPerInstance at 70; cooldowns out 300 s, in 600 s/,
    );
    assert.match(shown.stdout, /alarm TargetTracking-endpoint\/churn\/variant\/A-AlarmLow-[0-9a-f-]+: INSUFFICIENT_DATA/);
    const activities = await cli(['endpoints', 'autoscaling', 'activities', 'churn', '--json'], env);
    const [a] = JSON.parse(activities.stdout);
    assert.deepEqual(
      [a.cause, a.statusCode, a.fromCapacity, a.toCapacity],
      ['minimum capacity was set to 2', 'InProgress', 1, 2],
    );
    const del = await cli(['endpoints', 'autoscaling', 'policy', 'churn', '--name', 'rpm', '--delete'], env);
    assert.equal(del.code, 0, del.stderr);
    const again = await cli(['endpoints', 'autoscaling', 'describe', 'churn'], env);
    assert.match(again.stdout, /No scaling policies\./);
  });

  test('says what is wrong: two variants and no --variant, an unregistered target, a policy without its shape', async () => {
    const two = await cli(['endpoints', 'autoscaling', 'register', 'split', '--min', '1', '--max', '2'], env);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /Endpoint "split" has 2 production variants \(A, B\): name one with --variant\./);
    const missing = await cli(
      ['endpoints', 'autoscaling', 'policy', 'split', '--variant', 'B', '--name', 'p', '--target', '5'],
      env,
    );
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /No scalable target registered for service namespace: sagemaker, resource ID: endpoint\/split\/variant\/B/,
    );
    const shapeless = await cli(['endpoints', 'autoscaling', 'policy', 'split', '--variant', 'B', '--name', 'p'], env);
    assert.match(shapeless.stderr, /--target N .* or as --config FILE/);
  });

  test('simulate replays a CSV against a step policy file and writes the chart', async () => {
    const cwd = scratchDir('godwit-autoscaling-sim-');
    await writeFile(join(cwd, 'traffic.csv'), 'minute,rpm\n0,50\n10,400\n40,50\n');
    await writeFile(
      join(cwd, 'steps.json'),
      JSON.stringify({
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ExactCapacity',
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 4 }],
          Cooldown: 60,
        },
        Alarm: { Threshold: 100, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 2 },
      }),
    );
    const r = await cli(
      ['endpoints', 'autoscaling', 'simulate', '--config', 'steps.json', '--traffic', 'traffic.csv', '--svg', 'plan.svg'],
      env,
      cwd,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^11 +400 +1 +4 +400 +step-alarm +scale-out to 4$/m);
    assert.match(r.stdout, /41 minutes: 1 to 4 instances/);
    assert.match(await readFile(join(cwd, 'plan.svg'), 'utf8'), /^<svg/);
    const bad = await cli(['endpoints', 'autoscaling', 'simulate', '--target', '10'], env, cwd);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--traffic CSV .* or as a curve/);
  });
});
