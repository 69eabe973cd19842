/**
 * From column profiles to Model Monitor's `statistics.json`. The type rule is Deequ's data-type
 * analyzer, which Model Monitor's container runs on every value's text: a column with any text
 * that is not a number is String; else one with any non-whole number (`1.5`, `2.0`, `1e3`) is
 * Fractional; else one with numbers is Integral; a column with no values at all is Unknown.
 */
import type {
  DataQualityStatistics,
  FeatureStatistics,
  InferredType,
  KllBucket,
  NumericalStatistics,
  StringStatistics,
} from '../../monitor-files.js';
import type { ColumnProfile } from './column-profile.js';
import type { WeightedItems } from './kll-sketch.js';

/** Model Monitor materialises the KLL distribution in 10 buckets ("not currently configurable"). */
export const HISTOGRAM_BUCKETS = 10;
/** At most this many categorical buckets (top values by count), Deequ's histogram detail limit. */
export const CATEGORICAL_BUCKETS = 1000;

export function inferredType(profile: ColumnProfile): InferredType {
  if (profile.strings > 0) return 'String';
  if (profile.fractional > 0) return 'Fractional';
  if (profile.integral > 0) return 'Integral';
  return 'Unknown';
}

export function statisticsOf(profiles: readonly ColumnProfile[], itemCount: number): DataQualityStatistics {
  return { version: 0, dataset: { item_count: itemCount }, features: profiles.map(featureStatistics) };
}

export function featureStatistics(profile: ColumnProfile): FeatureStatistics {
  const type = inferredType(profile);
  if (type === 'Integral' || type === 'Fractional') {
    return { name: profile.name, inferred_type: type, numerical_statistics: numericalStatistics(profile) };
  }
  return { name: profile.name, inferred_type: type, string_statistics: stringStatistics(profile) };
}

function numericalStatistics(p: ColumnProfile): NumericalStatistics {
  const n = p.numbers;
  return {
    common: { num_present: n, num_missing: p.missing },
    mean: p.sum / n,
    sum: p.sum,
    std_dev: Math.sqrt(p.variance()),
    min: p.min,
    max: p.max,
    distribution: { kll: { buckets: histogram(p.sketch.weighted(), p.min, p.max), sketch: p.sketch.toJSON() } },
  };
}

/**
 * Deequ's buckets: equal widths between the global min and max; bucket i counts the sketch's
 * weight in [lower, upper), except the last, which closes at max so the maximum is counted.
 */
export function histogram(items: WeightedItems, min: number, max: number, buckets = HISTOGRAM_BUCKETS): KllBucket[] {
  const out: KllBucket[] = [];
  for (let i = 0; i < buckets; i++) {
    const lower = min + ((max - min) * i) / buckets;
    const upper = min + ((max - min) * (i + 1)) / buckets;
    const below = items.rankExclusive(lower);
    const upTo = i === buckets - 1 ? items.rank(upper) : items.rankExclusive(upper);
    out.push({ lower_bound: lower, upper_bound: upper, count: upTo - below });
  }
  return out;
}

function stringStatistics(p: ColumnProfile): StringStatistics {
  const present = p.numbers + p.strings;
  const buckets = [...p.texts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, CATEGORICAL_BUCKETS)
    .map(([value, count]) => ({ value, count }));
  return {
    common: { num_present: present, num_missing: p.missing },
    distinct_count: p.texts.size,
    distribution: { categorical: { buckets } },
  };
}
