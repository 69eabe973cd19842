import type { AlarmDefinition, ComparisonOperator } from './alarm-records.js';

const BREACHES: Readonly<Record<ComparisonOperator, (v: number, t: number) => boolean>> = {
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  GreaterThanThreshold: (v, t) => v > t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

/** Whether a datapoint breaches the alarm's threshold, by its comparison operator. */
export const breaches = (d: Pick<AlarmDefinition, 'comparisonOperator' | 'threshold'>, value: number): boolean =>
  BREACHES[d.comparisonOperator](value, d.threshold);
