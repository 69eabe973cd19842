import type { AlarmDefinition } from '../alarms/alarm-records.js';
import { invalidScaling } from './autoscaling-errors.js';
import { type CustomMetric, parseVariantResourceId, type TargetKey, type TargetTrackingConfig } from './scaling-records.js';

/** The one predefined metric of a SageMaker variant: invocations per instance per minute. */
export const INVOCATIONS_PER_INSTANCE = 'SageMakerVariantInvocationsPerInstance';

/** The metric a target-tracking policy tracks: the predefined one resolved to CloudWatch's names, or the custom one. */
export function trackedMetric(key: TargetKey, config: TargetTrackingConfig): CustomMetric {
  if (config.customMetric) return config.customMetric;
  const variant = parseVariantResourceId(key.resourceId);
  if (config.predefinedMetric?.type !== INVOCATIONS_PER_INSTANCE || !variant) {
    throw invalidScaling(
      `Unsupported metric type ${config.predefinedMetric?.type ?? '(none)'} for ${key.scalableDimension}.`,
      `A SageMaker variant tracks ${INVOCATIONS_PER_INSTANCE} or a CustomizedMetricSpecification.`,
    );
  }
  return {
    namespace: 'AWS/SageMaker',
    metricName: 'InvocationsPerInstance',
    dimensions: { EndpointName: variant.endpoint, VariantName: variant.variant },
    statistic: 'Sum',
  };
}

/**
 * The CloudWatch alarms AWS creates for a target-tracking policy: a high alarm (3 one-minute
 * datapoints out of 3 above the target) that scales out, and a low alarm (15 of 15 below 90 % of
 * the target) that scales in, left out when scale-in is disabled. Both name the policy in their
 * actions; `ids` gives the suffix of each name (AWS uses a fresh UUID).
 *
 * `TargetTracking-endpoint/churn/variant/A-AlarmHigh-6c1c…` watching `AWS/SageMaker`
 * `InvocationsPerInstance` (Sum, 60 s) `GreaterThanThreshold` 100.
 */
export function derivedAlarms(
  key: TargetKey,
  policyArn: string,
  config: TargetTrackingConfig,
  ids: { high: string; low: string },
): AlarmDefinition[] {
  const metric = trackedMetric(key, config);
  const common = {
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: metric.dimensions,
    statistic: metric.statistic,
    ...(metric.unit !== undefined && { unit: metric.unit }),
    period: 60,
    treatMissingData: 'missing' as const,
    actionsEnabled: true,
    alarmActions: [policyArn],
    okActions: [],
    insufficientDataActions: [],
    tags: [],
    description: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${policyArn}.`,
  };
  const high: AlarmDefinition = {
    ...common,
    name: `TargetTracking-${key.resourceId}-AlarmHigh-${ids.high}`,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: config.targetValue,
    comparisonOperator: 'GreaterThanThreshold',
  };
  if (config.disableScaleIn) return [high];
  const low: AlarmDefinition = {
    ...common,
    name: `TargetTracking-${key.resourceId}-AlarmLow-${ids.low}`,
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
    threshold: lowThreshold(config.targetValue),
    comparisonOperator: 'LessThanThreshold',
  };
  return [high, low];
}

/** 90 % of the target, as AWS sets the low alarm (rounded to a millionth so 0.9 × 100 is 90). */
export const lowThreshold = (target: number) => Math.round(target * 0.9 * 1e6) / 1e6;

/** Whether an alarm of a target-tracking policy is its scale-in (low) alarm. */
export const isLowAlarm = (alarmName: string) => /-AlarmLow-[^/]*$/.test(alarmName);

/**
 * The capacity that brings the metric back to the target, proportionally: the metric is assumed
 * to spread evenly, so `base` instances at `metric` need ⌈base × metric / target⌉. Rounding up
 * keeps the metric at or below the target after a scale-in too, which is what makes scale-in
 * the conservative direction.
 */
export function proportionalCapacity(base: number, metric: number, target: number): number {
  if (!(target > 0)) return base;
  return Math.max(0, Math.ceil(round6((base * metric) / target)));
}

/** Avoids ⌈3.0000000000000004⌉ = 4 from floating-point noise. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
