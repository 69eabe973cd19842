/**
 * Test helper: the statistics of small numeric columns, computed exactly. Every value sits in
 * level 0 of the sketch (a KLL sketch that has never compacted, as Deequ serialises one for fewer
 * values than its capacity), so distances over it are the exact two-sample ones.
 */
import type { DataQualityStatistics, FeatureStatistics } from '../../../../src/monitor/monitor-files.js';

export function exactStatistics(columns: Record<string, readonly number[]>): DataQualityStatistics {
  const features = Object.entries(columns).map(([name, values]): FeatureStatistics => {
    const sum = values.reduce((s, v) => s + v, 0);
    const mean = sum / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    return {
      name,
      inferred_type: values.every(Number.isInteger) ? 'Integral' : 'Fractional',
      numerical_statistics: {
        common: { num_present: values.length, num_missing: 0 },
        mean,
        sum,
        std_dev: Math.sqrt(variance),
        min: Math.min(...values),
        max: Math.max(...values),
        distribution: { kll: { buckets: [], sketch: { parameters: { c: 0.64, k: 2048 }, data: [[...values]] } } },
      },
    };
  });
  const counts = Object.values(columns).map((v) => v.length);
  return { version: 0, dataset: { item_count: Math.max(0, ...counts) }, features };
}

/** A seeded generator of normal deviates (Box–Muller), so samples repeat from run to run. */
export function normals(seed: number): (mean: number, sd: number) => number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Abalone-like rows: three size measures and a weight, `n` rows from a seeded generator. */
export function abaloneColumns(n: number, seed: number): Record<string, number[]> {
  const next = normals(seed);
  const length = Array.from({ length: n }, () => Math.max(0.05, next(0.52, 0.12)));
  return {
    length,
    diameter: length.map((l) => Math.max(0.04, 0.8 * l + next(0, 0.02))),
    height: Array.from({ length: n }, () => Math.max(0.01, next(0.14, 0.04))),
    whole_weight: Array.from({ length: n }, () => Math.max(0.01, next(0.83, 0.49))),
  };
}
