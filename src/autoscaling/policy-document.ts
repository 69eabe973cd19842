import { invalidScaling } from './autoscaling-errors.js';
import type {
  AdjustmentType,
  PolicyConfiguration,
  StepAdjustment,
  StepScalingConfig,
  TargetTrackingConfig,
} from './scaling-records.js';
import { checkSteps } from './step-rules.js';
import { INVOCATIONS_PER_INSTANCE } from './target-tracking.js';

/**
 * A policy's configuration as AWS writes it (`TargetTrackingScalingPolicyConfiguration`,
 * `StepScalingPolicyConfiguration`), read into the model and written back: the one format the
 * front door, `godwit endpoints autoscaling policy --config FILE` and the simulation read, so a
 * file written for `aws application-autoscaling put-scaling-policy` works in all three. Bad fields
 * are `E_AUTOSCALING_INVALID` naming the field by its path, as AWS's ValidationException does.
 */
type Doc = Readonly<Record<string, unknown>>;

const ADJUSTMENT_TYPES: readonly AdjustmentType[] = ['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity'];
const AGGREGATIONS = ['Average', 'Minimum', 'Maximum'] as const;
const STATISTICS = ['Average', 'Minimum', 'Maximum', 'SampleCount', 'Sum'];
/** SageMaker variants' default cooldowns (seconds). */
const DEFAULT_COOLDOWN = 300;

export function readPolicyConfiguration(type: string | undefined, input: Doc): PolicyConfiguration {
  const policyType = type ?? 'StepScaling';
  if (policyType === 'TargetTrackingScaling') {
    const doc = object(input.TargetTrackingScalingPolicyConfiguration, 'targetTrackingScalingPolicyConfiguration', true) as Doc;
    return { type: policyType, targetTracking: readTargetTracking(doc) };
  }
  if (policyType === 'StepScaling') {
    const doc = object(input.StepScalingPolicyConfiguration, 'stepScalingPolicyConfiguration', true) as Doc;
    return { type: policyType, stepScaling: readStepScaling(doc) };
  }
  throw invalidScaling(
    `1 validation error detected: Value '${policyType}' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [TargetTrackingScaling, StepScaling]`,
    'SageMaker variants scale by TargetTrackingScaling or StepScaling (PredictiveScaling is not offered here).',
  );
}

function readTargetTracking(doc: Doc): TargetTrackingConfig {
  const at = 'targetTrackingScalingPolicyConfiguration';
  const targetValue = number(doc.TargetValue, `${at}.targetValue`, true) as number;
  if (!(targetValue > 0)) throw invalidScaling(`The target value ${targetValue} at '${at}.targetValue' must be greater than 0.`);
  const predefined = object(doc.PredefinedMetricSpecification, `${at}.predefinedMetricSpecification`);
  const custom = object(doc.CustomizedMetricSpecification, `${at}.customizedMetricSpecification`);
  if ((predefined === undefined) === (custom === undefined)) {
    throw invalidScaling('Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be given.');
  }
  const config: TargetTrackingConfig = {
    targetValue,
    scaleOutCooldown: integer(doc.ScaleOutCooldown, `${at}.scaleOutCooldown`, 0, 86400) ?? DEFAULT_COOLDOWN,
    scaleInCooldown: integer(doc.ScaleInCooldown, `${at}.scaleInCooldown`, 0, 86400) ?? DEFAULT_COOLDOWN,
    disableScaleIn: boolean(doc.DisableScaleIn, `${at}.disableScaleIn`) ?? false,
  };
  if (predefined) {
    const type = string(predefined.PredefinedMetricType, `${at}.predefinedMetricSpecification.predefinedMetricType`, true);
    if (type !== INVOCATIONS_PER_INSTANCE) {
      throw invalidScaling(
        `Unsupported metric type ${type} for a SageMaker variant.`,
        `Its predefined metric is ${INVOCATIONS_PER_INSTANCE}; track anything else with a CustomizedMetricSpecification.`,
      );
    }
    const label = string(predefined.ResourceLabel, `${at}.predefinedMetricSpecification.resourceLabel`);
    return { ...config, predefinedMetric: { type: type as string, ...(label !== undefined && { resourceLabel: label }) } };
  }
  return { ...config, customMetric: readCustomMetric(custom as Doc, `${at}.customizedMetricSpecification`) };
}

function readCustomMetric(doc: Doc, at: string): NonNullable<TargetTrackingConfig['customMetric']> {
  if (doc.Metrics !== undefined) {
    throw invalidScaling(
      `Metric math (${at}.metrics) is not supported here.`,
      'Name one metric by MetricName, Namespace, Dimensions and Statistic.',
    );
  }
  const statistic = string(doc.Statistic, `${at}.statistic`, true) as string;
  if (!STATISTICS.includes(statistic)) {
    throw invalidScaling(
      `1 validation error detected: Value '${statistic}' at '${at}.statistic' failed to satisfy constraint: Member must satisfy enum value set: [${STATISTICS.join(', ')}]`,
    );
  }
  const dims = doc.Dimensions === undefined ? [] : doc.Dimensions;
  if (!Array.isArray(dims)) throw invalidScaling(`'${at}.dimensions' must be a list of {Name, Value}.`);
  const unit = string(doc.Unit, `${at}.unit`);
  return {
    metricName: string(doc.MetricName, `${at}.metricName`, true) as string,
    namespace: string(doc.Namespace, `${at}.namespace`, true) as string,
    dimensions: Object.fromEntries(
      dims.map((d, i) => [
        string(d?.Name, `${at}.dimensions.${i + 1}.name`, true),
        string(d?.Value, `${at}.dimensions.${i + 1}.value`, true),
      ]),
    ),
    statistic,
    ...(unit !== undefined && { unit }),
  };
}

function readStepScaling(doc: Doc): StepScalingConfig {
  const at = 'stepScalingPolicyConfiguration';
  const adjustmentType = string(doc.AdjustmentType, `${at}.adjustmentType`, true) as AdjustmentType;
  if (!ADJUSTMENT_TYPES.includes(adjustmentType)) {
    throw invalidScaling(
      `1 validation error detected: Value '${adjustmentType}' at '${at}.adjustmentType' failed to satisfy constraint: Member must satisfy enum value set: [${ADJUSTMENT_TYPES.join(', ')}]`,
    );
  }
  const raw = doc.StepAdjustments;
  if (!Array.isArray(raw) || raw.length === 0)
    throw invalidScaling(`At least one step adjustment is required (${at}.stepAdjustments).`);
  const steps: StepAdjustment[] = raw.map((s, i) => {
    const here = `${at}.stepAdjustments.${i + 1}`;
    const lower = number(s?.MetricIntervalLowerBound, `${here}.metricIntervalLowerBound`);
    const upper = number(s?.MetricIntervalUpperBound, `${here}.metricIntervalUpperBound`);
    return {
      ...(lower !== undefined && { lowerBound: lower }),
      ...(upper !== undefined && { upperBound: upper }),
      scalingAdjustment: integer(s?.ScalingAdjustment, `${here}.scalingAdjustment`, -1e9, 1e9, true) as number,
    };
  });
  checkSteps(steps, adjustmentType);
  const aggregation = string(doc.MetricAggregationType, `${at}.metricAggregationType`) ?? 'Average';
  if (!(AGGREGATIONS as readonly string[]).includes(aggregation)) {
    throw invalidScaling(
      `1 validation error detected: Value '${aggregation}' at '${at}.metricAggregationType' failed to satisfy constraint: Member must satisfy enum value set: [${AGGREGATIONS.join(', ')}]`,
    );
  }
  const magnitude = integer(doc.MinAdjustmentMagnitude, `${at}.minAdjustmentMagnitude`, 1, 1e9);
  if (magnitude !== undefined && adjustmentType !== 'PercentChangeInCapacity') {
    throw invalidScaling('MinAdjustmentMagnitude may only be specified when AdjustmentType is PercentChangeInCapacity.');
  }
  return {
    adjustmentType,
    stepAdjustments: steps,
    ...(magnitude !== undefined && { minAdjustmentMagnitude: magnitude }),
    cooldown: integer(doc.Cooldown, `${at}.cooldown`, 0, 86400) ?? DEFAULT_COOLDOWN,
    metricAggregationType: aggregation as StepScalingConfig['metricAggregationType'],
  };
}

function missing(at: string) {
  return invalidScaling(
    `1 validation error detected: Value null at '${at}' failed to satisfy constraint: Member must not be null`,
  );
}

function object(value: unknown, at: string, required = false): Doc | undefined {
  if (value === undefined || value === null) {
    if (required) throw missing(at);
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidScaling(`'${at}' must be an object.`);
  return value as Doc;
}

function string(value: unknown, at: string, required = false): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw missing(at);
    return undefined;
  }
  if (typeof value !== 'string' || (required && value === ''))
    throw invalidScaling(`'${at}' must be a non-empty string, not ${JSON.stringify(value)}.`);
  return value;
}

function number(value: unknown, at: string, required = false): number | undefined {
  if (value === undefined || value === null) {
    if (required) throw missing(at);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalidScaling(`'${at}' must be a number, not ${JSON.stringify(value)}.`);
  return value;
}

function integer(value: unknown, at: string, min: number, max: number, required = false): number | undefined {
  const n = number(value, at, required);
  if (n !== undefined && (!Number.isInteger(n) || n < min || n > max)) {
    throw invalidScaling(
      `1 validation error detected: Value '${n}' at '${at}' failed to satisfy constraint: Member must be an integer from ${min} to ${max}`,
    );
  }
  return n;
}

function boolean(value: unknown, at: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidScaling(`'${at}' must be true or false, not ${JSON.stringify(value)}.`);
  return value;
}
