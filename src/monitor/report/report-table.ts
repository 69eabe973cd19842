/**
 * The terminal table `godwit monitor report` prints: one row per feature with its type, the
 * baseline and current means, the drift distance (`~` marks the report's own estimate from
 * buckets, none SageMaker's stated number) and the execution's violation check types.
 */
import type { FeatureSummary } from './feature-summary.js';

export const TABLE_HEADER = ['FEATURE', 'TYPE', 'BASELINE MEAN', 'CURRENT MEAN', 'DRIFT', 'VIOLATION'] as const;

export function reportRows(features: readonly FeatureSummary[]): string[][] {
  return features.map((f) => [
    f.name,
    f.type,
    number(f.baselineMean),
    number(f.currentMean),
    f.distance === undefined ? '-' : `${f.distanceSource === 'buckets' ? '~' : ''}${number(f.distance)}`,
    f.violations.length === 0 ? '-' : [...new Set(f.violations.map((v) => v.constraint_check_type))].join(', '),
  ]);
}

/** Up to 4 significant digits, without exponent noise for everyday values. */
export function number(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
