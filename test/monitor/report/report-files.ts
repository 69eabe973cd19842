/** Statistics and violations files in SageMaker's shape, written into a test's scratch folder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataQualityViolation, FeatureStatistics, KllBucket } from '../../../src/monitor/monitor-files.js';

/** Ten equal buckets over [lo, hi] with the given counts (as Model Monitor materialises them). */
export function buckets(lo: number, hi: number, counts: readonly number[]): KllBucket[] {
  const w = (hi - lo) / counts.length;
  return counts.map((count, i) => ({ lower_bound: lo + i * w, upper_bound: lo + (i + 1) * w, count }));
}

/**
 * A numeric feature whose KLL sketch holds every value at level 0 (fewer than k = 2048 values
 * never compact): each bucket's values spread evenly inside it. `sketch: false` leaves the
 * sketch's data empty, as a file with buckets alone.
 */
export function numeric(name: string, mean: number, b: KllBucket[], sketch = true): FeatureStatistics {
  const n = b.reduce((s, k) => s + k.count, 0);
  const values = b.flatMap((k) =>
    Array.from({ length: k.count }, (_, i) => k.lower_bound + ((i + 0.5) * (k.upper_bound - k.lower_bound)) / k.count),
  );
  return {
    name,
    inferred_type: 'Fractional',
    numerical_statistics: {
      common: { num_present: n, num_missing: 0 },
      mean,
      sum: mean * n,
      std_dev: 1,
      min: b[0]!.lower_bound,
      max: b[b.length - 1]!.upper_bound,
      distribution: { kll: { buckets: b, sketch: { parameters: { c: 0.64, k: 2048 }, data: sketch ? [values] : [] } } },
    },
  };
}

export function categorical(name: string, counts: Record<string, number>): FeatureStatistics {
  const b = Object.entries(counts).map(([value, count]) => ({ value, count }));
  const n = b.reduce((s, k) => s + k.count, 0);
  return {
    name,
    inferred_type: 'String',
    string_statistics: {
      common: { num_present: n, num_missing: 0 },
      distinct_count: b.length,
      distribution: { categorical: { buckets: b } },
    },
  };
}

/** Writes statistics.json (and constraint_violations.json when given) into `dir`, made if missing. */
export function writeExecution(
  dir: string,
  features: FeatureStatistics[],
  violations?: DataQualityViolation[],
  extra: Record<string, unknown> = {},
): string {
  mkdirSync(dir, { recursive: true });
  const items = features[0]?.numerical_statistics?.common.num_present ?? 0;
  writeFileSync(join(dir, 'statistics.json'), JSON.stringify({ version: 0, dataset: { item_count: items }, features, ...extra }));
  if (violations) writeFileSync(join(dir, 'constraint_violations.json'), JSON.stringify({ violations }, null, 2));
  return dir;
}
