/**
 * `suggestConstraints`: the `constraints.json` Model Monitor's baselining job suggests from a
 * baseline's `statistics.json`.
 *
 * ```ts
 * suggestConstraints(stats)
 * // { version: 0, features: [
 * //     { name: 'Length', inferred_type: 'Fractional', completeness: 1, num_constraints: { is_non_negative: true } },
 * //     { name: 'Sex', inferred_type: 'String', completeness: 1, string_constraints: { domains: ['F', 'I', 'M'] } } ],
 * //   monitoring_config: { evaluate_constraints: 'Enabled', …, distribution_constraints: { comparison_threshold: 0.1, comparison_method: 'Robust', … } } }
 * ```
 *
 * Per feature: the inferred type, the observed completeness, `is_non_negative` when the minimum
 * is ≥ 0, and for a String feature of small cardinality its domain — when the statistics list
 * every category (at most 120, Deequ's low-cardinality histogram limit) and at most a tenth of
 * them occur only once (Deequ's categorical-range rule: a column of mostly one-off values is an
 * identifier, not a category).
 */
import type { DataQualityConstraints, DataQualityStatistics, FeatureConstraint, FeatureStatistics } from '../../monitor-files.js';
import { completenessOf } from './feature-checks.js';
import { SUGGESTED_MONITORING_CONFIG } from './monitoring-config.js';

/** Deequ's `lowCardinalityHistogramThreshold`. */
const MAX_DOMAIN_SIZE = 120;
/** Deequ's categorical-range rule: at most this share of categories may be seen only once. */
const MAX_UNIQUE_VALUE_RATIO = 0.1;

export function suggestConstraints(statistics: DataQualityStatistics): DataQualityConstraints {
  return {
    version: 0,
    features: statistics.features.map(suggestFeature),
    monitoring_config: structuredClone(SUGGESTED_MONITORING_CONFIG),
  };
}

function suggestFeature(f: FeatureStatistics): FeatureConstraint {
  const base = { name: f.name, inferred_type: f.inferred_type, completeness: completenessOf(f) };
  const num = f.numerical_statistics;
  if ((f.inferred_type === 'Integral' || f.inferred_type === 'Fractional') && num && num.common.num_present > 0) {
    return { ...base, num_constraints: { is_non_negative: num.min >= 0 } };
  }
  const domains = f.inferred_type === 'String' ? domainOf(f) : undefined;
  return domains ? { ...base, string_constraints: { domains } } : base;
}

function domainOf(f: FeatureStatistics): string[] | undefined {
  const stats = f.string_statistics;
  const buckets = stats?.distribution?.categorical.buckets;
  if (!stats || !buckets || buckets.length === 0 || buckets.length > MAX_DOMAIN_SIZE) return undefined;
  const covered = buckets.reduce((s, b) => s + b.count, 0);
  // A domain is only a domain when the buckets list every category, not the top few.
  if (covered !== stats.common.num_present || buckets.length < Math.round(stats.distinct_count)) return undefined;
  const once = buckets.filter((b) => b.count === 1).length;
  if (once / buckets.length > MAX_UNIQUE_VALUE_RATIO) return undefined;
  return buckets.map((b) => b.value).sort();
}
