/**
 * The four per-feature checks of a data-quality run: data type, completeness, domain content and
 * baseline drift. Each answers the violation it finds, or undefined.
 */
import type { DataQualityViolation, FeatureConstraint, FeatureStatistics, InferredType } from '../../monitor-files.js';
import { categoricalDistance, numericalDistance } from './distance.js';
import type { EffectiveConfig } from './monitoring-config.js';
import { completenessText, dataTypeText, domainText, driftText } from './violation-text.js';

/** How many of a feature's present values parsed as each type (Deequ's DataType histogram). */
export interface TypeCounts {
  readonly integral: number;
  readonly fractional: number;
  readonly string: number;
}

export function commonOf(f: FeatureStatistics): { present: number; missing: number } {
  const common = f.numerical_statistics?.common ?? f.string_statistics?.common;
  return { present: common?.num_present ?? 0, missing: common?.num_missing ?? 0 };
}

/** Fraction of non-missing values; 0 for a feature with no values at all. */
export function completenessOf(f: FeatureStatistics): number {
  const { present, missing } = commonOf(f);
  return present + missing === 0 ? 0 : present / (present + missing);
}

export function checkCompleteness(c: FeatureConstraint, f: FeatureStatistics): DataQualityViolation | undefined {
  if (c.completeness === undefined) return undefined;
  const observed = completenessOf(f);
  if (observed >= c.completeness) return undefined;
  return {
    feature_name: c.name,
    constraint_check_type: 'completeness_check',
    description: completenessText(c.completeness, observed),
  };
}

/**
 * Share of present values of the baseline's type. An Integral value also counts as Fractional and
 * any value as a String, as in Deequ's type lattice. Without per-value counts it is read from the
 * statistics: a String feature's categorical buckets when they cover every present value, else
 * the inferred type alone (compatible = 1, incompatible = 0).
 */
export function typeMatch(expected: InferredType, f: FeatureStatistics, counts?: TypeCounts): number | undefined {
  if (expected === 'Unknown' || expected === 'String') return undefined;
  const present = commonOf(f).present;
  if (present === 0) return undefined;
  const c = counts ?? countsFromStatistics(f, present);
  if (!c) return f.inferred_type === expected || (expected === 'Fractional' && f.inferred_type === 'Integral') ? 1 : 0;
  const matching = expected === 'Integral' ? c.integral : c.integral + c.fractional;
  return matching / present;
}

function countsFromStatistics(f: FeatureStatistics, present: number): TypeCounts | undefined {
  const buckets = f.string_statistics?.distribution?.categorical.buckets;
  if (!buckets || buckets.reduce((s, b) => s + b.count, 0) !== present) return undefined;
  let integral = 0;
  let fractional = 0;
  let string = 0;
  for (const { value, count } of buckets) {
    const v = value.trim();
    if (/^[+-]?\d+$/.test(v)) integral += count;
    else if (v !== '' && Number.isFinite(Number(v))) fractional += count;
    else string += count;
  }
  return { integral, fractional, string };
}

export function checkDataType(
  c: FeatureConstraint,
  f: FeatureStatistics,
  config: EffectiveConfig,
  counts?: TypeCounts,
): DataQualityViolation | undefined {
  const observed = typeMatch(c.inferred_type, f, counts);
  if (observed === undefined || observed >= config.datatypeCheckThreshold) return undefined;
  return {
    feature_name: c.name,
    constraint_check_type: 'data_type_check',
    description: dataTypeText(c.inferred_type, config.datatypeCheckThreshold, observed),
  };
}

/** Share of the current categorical values that lie in the baseline's `domains`. */
export function checkDomain(
  c: FeatureConstraint,
  f: FeatureStatistics,
  config: EffectiveConfig,
): DataQualityViolation | undefined {
  const domain = c.string_constraints?.domains;
  const buckets = f.string_statistics?.distribution?.categorical.buckets;
  if (!domain || !buckets) return undefined;
  const known = new Set(domain);
  let total = 0;
  let inside = 0;
  const unknown: string[] = [];
  for (const { value, count } of buckets) {
    total += count;
    if (known.has(value)) inside += count;
    else unknown.push(value);
  }
  if (total === 0) return undefined;
  const observed = inside / total;
  if (observed >= config.domainContentThreshold) return undefined;
  return {
    feature_name: c.name,
    constraint_check_type: 'categorical_values_check',
    description: domainText(config.domainContentThreshold, observed, unknown),
  };
}

/** The drift distance of a feature present in both statistics, by the configured method. */
export function driftDistance(
  current: FeatureStatistics,
  baseline: FeatureStatistics,
  config: EffectiveConfig,
): number | undefined {
  const a = current.numerical_statistics?.distribution?.kll.sketch;
  const b = baseline.numerical_statistics?.distribution?.kll.sketch;
  if (a && b) return numericalDistance(a, b, config.comparisonMethod);
  const x = current.string_statistics?.distribution?.categorical.buckets;
  const y = baseline.string_statistics?.distribution?.categorical.buckets;
  if (x && y) return categoricalDistance(x, y, config.comparisonMethod);
  return undefined;
}

export function driftViolation(name: string, distance: number, config: EffectiveConfig): DataQualityViolation | undefined {
  if (distance <= config.comparisonThreshold) return undefined;
  return {
    feature_name: name,
    constraint_check_type: 'baseline_drift_check',
    description: driftText(distance, config.comparisonThreshold, config.comparisonMethod),
  };
}
