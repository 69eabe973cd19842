/**
 * The contract the autoscaling catalog passes on every database: one node:test suite per backend,
 * run against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened
 * metadata on a fresh database, on the clock it is given; the suite closes it. Each test uses its
 * own names, so suites can share one PostgreSQL database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../core/clock.js';
import { code, HandClock, unique } from '../db/contract-kit.js';
import type { Metadata } from '../meta/index.js';
import type { AutoscalingCatalog, ScalableTarget, TargetKey } from './scaling-records.js';
import { variantTarget } from './scaling-records.js';

const SUSPENDED = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: true, scheduledScalingSuspended: false };

export function autoscalingCatalogContract(
  name: string,
  open: (clock: Clock) => Promise<Metadata>,
  options: { skip?: string } = {},
) {
  describe(`AutoscalingCatalog contract: ${name}`, { skip: options.skip }, () => {
    const clock = new HandClock();
    let metadata: Metadata;
    let catalog: AutoscalingCatalog;
    before(async () => {
      metadata = await open(clock);
      catalog = metadata.autoscaling;
    });
    after(() => metadata?.close());

    const register = (key: TargetKey, min = 1, max = 4) =>
      catalog.putTarget({
        ...key,
        minCapacity: min,
        maxCapacity: max,
        roleArn: 'arn:aws:iam::000000000000:role/r',
        suspended: SUSPENDED,
      });

    test('registers a target, then updates it in place keeping its ARN and creation time', async () => {
      const key = variantTarget(unique('ep'), 'A');
      const first = await register(key);
      assert.equal(first.created, true);
      assert.match(first.target.arn, /^arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target\/[0-9a-f]{36}$/);
      clock.t += 60_000;
      const second = await register(key, 2, 8);
      assert.equal(second.created, false);
      assert.equal(second.target.arn, first.target.arn);
      const got = (await catalog.getTarget(key)) as ScalableTarget;
      assert.deepEqual(
        [got.minCapacity, got.maxCapacity, got.suspended, got.createdAt.getTime()],
        [2, 8, SUSPENDED, first.target.createdAt.getTime()],
      );
    });

    test('lists targets of a namespace, by resource ids and dimension', async () => {
      const a = variantTarget(unique('ep'), 'A');
      const b = variantTarget(unique('ep'), 'B');
      await register(a);
      await register(b);
      const listed = await catalog.listTargets({ serviceNamespace: 'sagemaker', resourceIds: [a.resourceId, b.resourceId] });
      assert.deepEqual(listed.map((t) => t.resourceId).sort(), [a.resourceId, b.resourceId].sort());
      assert.deepEqual(await catalog.listTargets({ serviceNamespace: 'ecs', resourceIds: [a.resourceId] }), []);
      assert.deepEqual(
        await catalog.listTargets({ serviceNamespace: 'sagemaker', resourceIds: [a.resourceId], scalableDimension: 'x' }),
        [],
      );
    });

    test('keeps policies per target and name, replacing in place; deleting the target removes them and returns them', async () => {
      const key = variantTarget(unique('ep'), 'A');
      await assert.rejects(
        catalog.putPolicy({ ...key, name: 'p', arn: 'arn:p', alarms: [], type: 'StepScaling', stepScaling: step(1) }),
        code('E_SCALABLE_TARGET_NOT_FOUND'),
      );
      await register(key);
      const tracking = {
        targetValue: 70,
        predefinedMetric: { type: 'SageMakerVariantInvocationsPerInstance' },
        scaleOutCooldown: 60,
        scaleInCooldown: 600,
        disableScaleIn: false,
      };
      const alarms = [{ alarmName: 'high', alarmArn: 'arn:high' }];
      const made = await catalog.putPolicy({
        ...key,
        name: 'p',
        arn: 'arn:p',
        alarms,
        type: 'TargetTrackingScaling',
        targetTracking: tracking,
      });
      clock.t += 1000;
      await catalog.putPolicy({ ...key, name: 'p', arn: 'arn:p', alarms: [], type: 'StepScaling', stepScaling: step(2) });
      await catalog.putPolicy({
        ...key,
        name: 'q',
        arn: 'arn:q',
        alarms,
        type: 'TargetTrackingScaling',
        targetTracking: tracking,
      });
      const p = await catalog.getPolicy(key, 'p');
      assert.equal(p?.type, 'StepScaling');
      assert.deepEqual(p?.type === 'StepScaling' && p.stepScaling, step(2));
      assert.equal(p?.createdAt.getTime(), made.createdAt.getTime());
      const q = await catalog.getPolicy(key, 'q');
      assert.deepEqual(q?.type === 'TargetTrackingScaling' && [q.targetTracking, q.alarms], [tracking, alarms]);
      assert.deepEqual(
        (await catalog.listPolicies({ serviceNamespace: 'sagemaker', resourceIds: [key.resourceId], policyNames: ['q'] })).map(
          (x) => x.name,
        ),
        ['q'],
      );
      const removed = await catalog.deleteTarget(key);
      assert.deepEqual(
        removed.map((x) => x.name),
        ['p', 'q'],
      );
      assert.equal(await catalog.getPolicy(key, 'q'), undefined);
      await assert.rejects(catalog.deleteTarget(key), code('E_SCALABLE_TARGET_NOT_FOUND'));
      await assert.rejects(catalog.deletePolicy(key, 'q'), code('E_SCALING_POLICY_NOT_FOUND'));
    });

    test('records activities newest first, ends them, and publishes each change on the outbox', async () => {
      const key = variantTarget(unique('ep'), 'A');
      const { target } = await register(key);
      const seen = (await metadata.outbox.since(undefined, 100_000)).length;
      const started = await catalog.startActivity({
        ...key,
        description: 'Setting desired instance count to 3.',
        cause: 'monitor alarm x in state ALARM triggered policy p',
        statusCode: 'InProgress',
        fromCapacity: 1,
        toCapacity: 3,
        policyName: 'p',
      });
      clock.t += 5000;
      const ended = await catalog.finishActivity(
        started.activityId,
        'Successful',
        'Successfully set desired instance count to 3.',
      );
      assert.equal(ended.endTime?.getTime(), started.startTime.getTime() + 5000);
      clock.t += 1000;
      const second = await catalog.startActivity({
        ...key,
        description: 'd',
        cause: 'c',
        statusCode: 'InProgress',
        fromCapacity: 3,
        toCapacity: 2,
      });
      const listed = await catalog.listActivities({ serviceNamespace: 'sagemaker', resourceIds: [key.resourceId] });
      assert.deepEqual(
        listed.map((a) => [a.activityId, a.statusCode]),
        [
          [second.activityId, 'InProgress'],
          [started.activityId, 'Successful'],
        ],
      );
      assert.deepEqual(
        (
          await catalog.listActivities({
            serviceNamespace: 'sagemaker',
            resourceIds: [key.resourceId],
            statusCodes: ['InProgress'],
          })
        ).map((a) => a.activityId),
        [second.activityId],
      );
      const events = (await metadata.outbox.since(undefined, 100_000)).slice(seen).map((e) => e.event);
      const mine = events.filter((e) => e.detail.resourceId === key.resourceId);
      assert.deepEqual(
        mine.map((e) => [e.source, e['detail-type'], e.detail.statusCode, e.detail.direction]),
        [
          ['aws.application-autoscaling', 'Application Auto Scaling Scaling Activity State Change', 'InProgress', 'scale-out'],
          ['aws.application-autoscaling', 'Application Auto Scaling Scaling Activity State Change', 'Successful', 'scale-out'],
          ['aws.application-autoscaling', 'Application Auto Scaling Scaling Activity State Change', 'InProgress', 'scale-in'],
        ],
      );
      assert.deepEqual(mine[0].resources, [target.arn]);
    });
  });
}

function step(adjustment: number) {
  return {
    adjustmentType: 'ChangeInCapacity' as const,
    stepAdjustments: [{ lowerBound: 0, scalingAdjustment: adjustment }],
    cooldown: 300,
    metricAggregationType: 'Average' as const,
  };
}
