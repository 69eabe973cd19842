import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readPolicyConfiguration } from '../../src/autoscaling/policy-document.js';
import { type AlarmSignal, decide, type ScalingState } from '../../src/autoscaling/scaling-decision.js';
import type { PolicyConfiguration, StepScalingConfig } from '../../src/autoscaling/scaling-records.js';
import { aggregate, stepCapacity, stepFor } from '../../src/autoscaling/step-scaling.js';
import { derivedAlarms, proportionalCapacity } from '../../src/autoscaling/target-tracking.js';

const t0 = Date.parse('2026-12-06T08:00:00Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);
const FREE = { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false };
const state = (extra: Partial<ScalingState> = {}): ScalingState => ({
  now: at(0),
  current: 2,
  min: 1,
  max: 10,
  suspended: FREE,
  ...extra,
});
const tracking = (extra = {}): PolicyConfiguration => ({
  type: 'TargetTrackingScaling',
  targetTracking: {
    targetValue: 100,
    predefinedMetric: { type: 'SageMakerVariantInvocationsPerInstance' },
    scaleOutCooldown: 300,
    scaleInCooldown: 600,
    disableScaleIn: false,
    ...extra,
  },
});
const high = (...values: number[]): AlarmSignal => ({
  alarmName: 'TargetTracking-endpoint/e/variant/A-AlarmHigh-1',
  threshold: 100,
  values,
});
const low = (...values: number[]): AlarmSignal => ({
  alarmName: 'TargetTracking-endpoint/e/variant/A-AlarmLow-1',
  threshold: 90,
  values,
});

describe('target tracking', () => {
  test('scales out proportionally to the newest datapoint, bounded by the maximum', () => {
    assert.deepEqual(decide(tracking(), high(150, 180, 250), state()), { scale: true, to: 5, direction: 'out' });
    assert.deepEqual(decide(tracking(), high(1000), state()), { scale: true, to: 10, direction: 'out' });
    assert.equal(proportionalCapacity(3, 100.00000000000001, 100), 3);
  });

  test('within the scale-out cooldown, counts what the last scale-out added and scales out only beyond it', () => {
    const lastOut = { at: at(-120), from: 2 };
    // From 2 at 250/instance: 5 are needed, 5 are there already.
    assert.deepEqual(decide(tracking(), high(250), state({ current: 5, lastOut })), {
      scale: false,
      reason: 'the scale-out cooldown is in effect',
    });
    // Load kept growing: 2 × 400 / 100 = 8 > 5.
    assert.deepEqual(decide(tracking(), high(400), state({ current: 5, lastOut })), { scale: true, to: 8, direction: 'out' });
    // After the cooldown, from the current count.
    assert.deepEqual(decide(tracking(), high(120), state({ current: 5, lastOut: { at: at(-300), from: 2 } })), {
      scale: true,
      to: 6,
      direction: 'out',
    });
  });

  test('scales in on the low alarm, rounding up so the load per instance stays at or under the target', () => {
    assert.deepEqual(decide(tracking(), low(30), state({ current: 6 })), { scale: true, to: 2, direction: 'in' });
    assert.deepEqual(decide(tracking(), low(0), state({ current: 6, min: 3 })), { scale: true, to: 3, direction: 'in' });
  });

  test('scale-in waits out its cooldown, which a scale-out ends; DisableScaleIn and suspension stop it', () => {
    const lastIn = { at: at(-300), from: 8 };
    assert.deepEqual(decide(tracking(), low(30), state({ current: 6, lastIn })), {
      scale: false,
      reason: 'the scale-in cooldown is in effect',
    });
    assert.equal(decide(tracking(), low(30), state({ current: 6, lastIn, lastOut: { at: at(-200), from: 5 } })).scale, true);
    assert.equal(decide(tracking(), low(30), state({ current: 6, lastIn: { at: at(-600), from: 8 } })).scale, true);
    assert.deepEqual(decide(tracking({ disableScaleIn: true }), low(30), state({ current: 6 })), {
      scale: false,
      reason: 'scale-in is disabled for this policy',
    });
    const suspended = { ...FREE, dynamicScalingInSuspended: true, dynamicScalingOutSuspended: true };
    assert.equal(decide(tracking(), low(30), state({ current: 6, suspended })).scale, false);
    assert.equal(decide(tracking(), high(500), state({ suspended })).scale, false);
  });

  test('derives the high and low alarms as AWS does, the low one only when scale-in is enabled', () => {
    const key = {
      serviceNamespace: 'sagemaker',
      resourceId: 'endpoint/churn/variant/A',
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    };
    const policy = tracking();
    if (policy.type !== 'TargetTrackingScaling') throw new Error('unreachable');
    const [h, l] = derivedAlarms(key, 'arn:policy', policy.targetTracking, { high: 'u1', low: 'u2' });
    assert.deepEqual(
      [
        h.name,
        h.metricName,
        h.statistic,
        h.period,
        h.evaluationPeriods,
        h.datapointsToAlarm,
        h.threshold,
        h.comparisonOperator,
        h.alarmActions,
      ],
      [
        'TargetTracking-endpoint/churn/variant/A-AlarmHigh-u1',
        'InvocationsPerInstance',
        'Sum',
        60,
        3,
        3,
        100,
        'GreaterThanThreshold',
        ['arn:policy'],
      ],
    );
    assert.deepEqual(h.dimensions, { EndpointName: 'churn', VariantName: 'A' });
    assert.deepEqual(
      [l.name, l.evaluationPeriods, l.datapointsToAlarm, l.threshold, l.comparisonOperator],
      ['TargetTracking-endpoint/churn/variant/A-AlarmLow-u2', 15, 15, 90, 'LessThanThreshold'],
    );
    const custom = readPolicyConfiguration('TargetTrackingScaling', {
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50,
        CustomizedMetricSpecification: {
          MetricName: 'CPUUtilization',
          Namespace: '/aws/sagemaker/Endpoints',
          Dimensions: [
            { Name: 'EndpointName', Value: 'churn' },
            { Name: 'VariantName', Value: 'A' },
          ],
          Statistic: 'Average',
          Unit: 'Percent',
        },
      },
    });
    if (custom.type !== 'TargetTrackingScaling') throw new Error('unreachable');
    const [ch] = derivedAlarms(key, 'arn:policy', custom.targetTracking, { high: 'u1', low: 'u2' });
    assert.deepEqual(
      [ch.namespace, ch.metricName, ch.dimensions, ch.statistic, ch.unit, ch.threshold],
      ['/aws/sagemaker/Endpoints', 'CPUUtilization', { EndpointName: 'churn', VariantName: 'A' }, 'Average', 'Percent', 50],
    );
    assert.throws(
      () => readPolicyConfiguration('TargetTrackingScaling', { TargetTrackingScalingPolicyConfiguration: { TargetValue: 5 } }),
      /Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification/,
    );
    const noScaleIn = { ...policy.targetTracking, disableScaleIn: true };
    assert.equal(derivedAlarms(key, 'arn:policy', noScaleIn, { high: 'u1', low: 'u2' }).length, 1);
  });
});

describe('step scaling', () => {
  const steps: StepScalingConfig = {
    adjustmentType: 'ChangeInCapacity',
    stepAdjustments: [
      { upperBound: -20, scalingAdjustment: -2 },
      { lowerBound: -20, upperBound: 0, scalingAdjustment: -1 },
      { lowerBound: 0, upperBound: 50, scalingAdjustment: 1 },
      { lowerBound: 50, scalingAdjustment: 3 },
    ],
    cooldown: 120,
    metricAggregationType: 'Average',
  };
  test('picks the step by the breach, lower bound inclusive above the threshold and exclusive below', () => {
    assert.equal(stepFor(steps.stepAdjustments, 0)?.scalingAdjustment, 1);
    assert.equal(stepFor(steps.stepAdjustments, 50)?.scalingAdjustment, 3);
    assert.equal(stepFor(steps.stepAdjustments, -20)?.scalingAdjustment, -2);
    assert.equal(stepFor(steps.stepAdjustments, -19.5)?.scalingAdjustment, -1);
  });

  test('adjusts by count, by percentage rounded as AWS rounds it, and to an exact capacity', () => {
    const pct = (adjustment: number, current: number, minAdjustmentMagnitude?: number) =>
      stepCapacity(
        current,
        { ...steps, adjustmentType: 'PercentChangeInCapacity', ...(minAdjustmentMagnitude && { minAdjustmentMagnitude }) },
        adjustment,
      );
    assert.deepEqual([pct(50, 5), pct(10, 5), pct(-10, 5), pct(-50, 5), pct(25, 4, 2)], [7, 6, 4, 3, 6]);
    assert.equal(stepCapacity(5, { ...steps, adjustmentType: 'ExactCapacity' }, 2), 2);
    assert.deepEqual(
      [aggregate([1, 5, 3], 'Average'), aggregate([1, 5, 3], 'Maximum'), aggregate([1, 5, 3], 'Minimum')],
      [3, 5, 1],
    );
  });

  test('a step policy scales from the alarm breach, bounded, and honours its cooldown', () => {
    const policy: PolicyConfiguration = { type: 'StepScaling', stepScaling: steps };
    const alarm = (...values: number[]): AlarmSignal => ({ alarmName: 'user-alarm', threshold: 100, values });
    assert.deepEqual(decide(policy, alarm(150, 170), state()), { scale: true, to: 5, direction: 'out' });
    assert.deepEqual(decide(policy, alarm(70), state({ current: 4 })), { scale: true, to: 2, direction: 'in' });
    assert.deepEqual(decide(policy, alarm(70), state({ current: 4, lastIn: { at: at(-60), from: 6 } })), {
      scale: false,
      reason: 'the cooldown is in effect',
    });
    assert.deepEqual(decide(policy, alarm(120), state({ current: 10 })), { scale: false, reason: 'the capacity is already 10' });
  });
});
