/**
 * The distance the report shows between a feature's baseline and current distributions when the
 * execution's violations do not give one (SageMaker states the distance only for features whose
 * `baseline_drift_check` failed). Both are L-infinity distances, as Model Monitor's are: for
 * numbers, the largest gap between the two CDFs read from the histogram buckets (linear inside a
 * bucket), checked at every bucket bound of either side; for strings, the largest gap between the
 * two frequencies of any value. From buckets rather than the KLL sketch, so it is an estimate of
 * the container's number, close when buckets are fine and exact at the bucket bounds.
 */
import type { FeatureStatistics, KllBucket } from '../monitor-files.js';

/** `undefined` when either side has no distribution of the same kind to compare. */
export function bucketDistance(baseline: FeatureStatistics, current: FeatureStatistics): number | undefined {
  const b = numericBuckets(baseline);
  const c = numericBuckets(current);
  if (b && c) return cdfDistance(b, c);
  const bc = categoricalBuckets(baseline);
  const cc = categoricalBuckets(current);
  if (bc && cc) return frequencyDistance(bc, cc);
  return undefined;
}

export function numericBuckets(f: FeatureStatistics): readonly KllBucket[] | undefined {
  const buckets = f.numerical_statistics?.distribution?.kll?.buckets;
  return buckets && buckets.length > 0 ? buckets : undefined;
}

export function categoricalBuckets(f: FeatureStatistics): readonly { value: string; count: number }[] | undefined {
  const buckets = f.string_statistics?.distribution?.categorical?.buckets;
  return buckets && buckets.length > 0 ? buckets : undefined;
}

function cdfDistance(a: readonly KllBucket[], b: readonly KllBucket[]): number {
  const points = [...a, ...b].flatMap((k) => [k.lower_bound, k.upper_bound]);
  let max = 0;
  for (const x of points) max = Math.max(max, Math.abs(cdf(a, x) - cdf(b, x)));
  return max;
}

/** The share of values ≤ x, counting a bucket's values as spread evenly over its range. */
export function cdf(buckets: readonly KllBucket[], x: number): number {
  let total = 0;
  let below = 0;
  for (const k of buckets) {
    total += k.count;
    if (x >= k.upper_bound) below += k.count;
    else if (x > k.lower_bound) below += (k.count * (x - k.lower_bound)) / (k.upper_bound - k.lower_bound);
  }
  return total === 0 ? 0 : below / total;
}

function frequencyDistance(
  a: readonly { value: string; count: number }[],
  b: readonly { value: string; count: number }[],
): number {
  const share = (buckets: readonly { value: string; count: number }[]) => {
    const total = buckets.reduce((s, k) => s + k.count, 0);
    return new Map(buckets.map((k) => [k.value, total === 0 ? 0 : k.count / total]));
  };
  const pa = share(a);
  const pb = share(b);
  let max = 0;
  for (const v of new Set([...pa.keys(), ...pb.keys()])) max = Math.max(max, Math.abs((pa.get(v) ?? 0) - (pb.get(v) ?? 0)));
  return max;
}
