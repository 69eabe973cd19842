import type { PolicyConfiguration, StepScalingConfig, TargetTrackingConfig } from './scaling-records.js';

/**
 * A policy's configuration in AWS's field names, as DescribeScalingPolicies returns it (and
 * `policy-document.ts` reads it): what the door answers and the CLI's `--json` prints.
 */
export function policyConfigurationShape(policy: PolicyConfiguration): Record<string, unknown> {
  return policy.type === 'TargetTrackingScaling'
    ? { TargetTrackingScalingPolicyConfiguration: trackingShape(policy.targetTracking) }
    : { StepScalingPolicyConfiguration: stepShape(policy.stepScaling) };
}

function trackingShape(c: TargetTrackingConfig) {
  const metric = c.customMetric;
  return {
    TargetValue: c.targetValue,
    ...(c.predefinedMetric && {
      PredefinedMetricSpecification: {
        PredefinedMetricType: c.predefinedMetric.type,
        ...(c.predefinedMetric.resourceLabel !== undefined && { ResourceLabel: c.predefinedMetric.resourceLabel }),
      },
    }),
    ...(metric && {
      CustomizedMetricSpecification: {
        MetricName: metric.metricName,
        Namespace: metric.namespace,
        Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
        Statistic: metric.statistic,
        ...(metric.unit !== undefined && { Unit: metric.unit }),
      },
    }),
    ScaleOutCooldown: c.scaleOutCooldown,
    ScaleInCooldown: c.scaleInCooldown,
    DisableScaleIn: c.disableScaleIn,
  };
}

function stepShape(c: StepScalingConfig) {
  return {
    AdjustmentType: c.adjustmentType,
    StepAdjustments: c.stepAdjustments.map((s) => ({
      ...(s.lowerBound !== undefined && { MetricIntervalLowerBound: s.lowerBound }),
      ...(s.upperBound !== undefined && { MetricIntervalUpperBound: s.upperBound }),
      ScalingAdjustment: s.scalingAdjustment,
    })),
    ...(c.minAdjustmentMagnitude !== undefined && { MinAdjustmentMagnitude: c.minAdjustmentMagnitude }),
    Cooldown: c.cooldown,
    MetricAggregationType: c.metricAggregationType,
  };
}
