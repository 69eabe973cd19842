import type { StepAdjustment, StepScalingConfig } from './scaling-records.js';

/**
 * The step a breach falls in (`metric − threshold`, which is positive above the threshold), as
 * Application Auto Scaling picks it: above the threshold a step's lower bound is inclusive and its
 * upper bound exclusive; below it, the other way round. An absent bound is infinite.
 */
export function stepFor(steps: readonly StepAdjustment[], breach: number): StepAdjustment | undefined {
  return steps.find((s) => {
    const lower = s.lowerBound ?? Number.NEGATIVE_INFINITY;
    const upper = s.upperBound ?? Number.POSITIVE_INFINITY;
    return breach >= 0 ? lower <= breach && breach < upper : lower < breach && breach <= upper;
  });
}

/**
 * The capacity a step policy asks for from `current`, before bounds: `ExactCapacity` sets it,
 * `ChangeInCapacity` adds the adjustment, `PercentChangeInCapacity` adds that percentage of the
 * current capacity rounded as AWS rounds it (above 1 down, between 0 and 1 up to 1, between -1 and
 * 0 to -1, below -1 towards zero), at least `minAdjustmentMagnitude` instances.
 */
export function stepCapacity(current: number, config: StepScalingConfig, adjustment: number): number {
  switch (config.adjustmentType) {
    case 'ExactCapacity':
      return adjustment;
    case 'ChangeInCapacity':
      return current + adjustment;
    case 'PercentChangeInCapacity': {
      const raw = (current * adjustment) / 100;
      let change = raw > 1 ? Math.floor(raw) : raw > 0 ? 1 : raw < -1 ? Math.ceil(raw) : raw < 0 ? -1 : 0;
      const least = config.minAdjustmentMagnitude ?? 0;
      if (change !== 0 && Math.abs(change) < least) change = Math.sign(change) * least;
      return current + change;
    }
  }
}

/** `MetricAggregationType` over the datapoints the alarm saw. */
export function aggregate(values: readonly number[], type: StepScalingConfig['metricAggregationType']): number {
  if (values.length === 0) return Number.NaN;
  if (type === 'Minimum') return Math.min(...values);
  if (type === 'Maximum') return Math.max(...values);
  return values.reduce((a, b) => a + b, 0) / values.length;
}
