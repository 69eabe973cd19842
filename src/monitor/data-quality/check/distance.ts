/**
 * The distances Model Monitor's `baseline_drift_check` compares with `comparison_threshold`, as
 * Deequ (the library the prebuilt container runs on) computes them:
 *
 * - numerical: the L-infinity distance between the CDFs of the two features' KLL sketches, read
 *   from the SERIALISED sketch in `statistics.json` (`data[i]` holds level i's items, each
 *   standing for 2^i values), evaluated at every item of either sketch — the points where the
 *   two step functions jump, so the supremum is exact for the sketches given;
 * - categorical: the L-infinity distance between the two category frequency distributions.
 *
 * `Simple` is that plain distance. `Robust` subtracts the two-sample Kolmogorov–Smirnov critical
 * value c(α)·sqrt((n+m)/(n·m)) (c = 1.8, α ≈ 0.003) and floors at 0, so a small window's sampling
 * noise alone does not read as drift.
 */
import type { KllSketch } from '../../monitor-files.js';

export type ComparisonMethod = 'Simple' | 'Robust';

/** Deequ's default c(α): α = 0.003, Knuth TAOCP vol. 2, §3.3.1 eq. (15). */
const DEFAULT_C_ALPHA = 1.8;

/** A step CDF: sorted distinct values and the cumulative weight up to and including each. */
export interface RankMap {
  readonly values: Float64Array;
  readonly ranks: Float64Array;
  /** Total weight: the number of values the sketch stands for. */
  readonly total: number;
}

/** The rank map of a serialised KLL sketch (Deequ's `QuantileNonSample.getRankMap`). */
export function rankMap(sketch: KllSketch): RankMap {
  const items: [number, number][] = [];
  sketch.data.forEach((level, i) => {
    const weight = 2 ** i;
    for (const v of level) items.push([v, weight]);
  });
  items.sort((a, b) => a[0] - b[0]);
  const values: number[] = [];
  const ranks: number[] = [];
  let running = 0;
  for (const [v, w] of items) {
    running += w;
    // Equal items collapse into one key holding the rank after the last of them.
    if (values.length > 0 && values[values.length - 1] === v) ranks[ranks.length - 1] = running;
    else {
      values.push(v);
      ranks.push(running);
    }
  }
  return { values: Float64Array.from(values), ranks: Float64Array.from(ranks), total: running };
}

/**
 * L-infinity distance between two sketches' CDFs, `Simple` or `Robust`. Undefined when either
 * sketch is empty: there is no distribution to compare.
 */
export function numericalDistance(a: KllSketch, b: KllSketch, method: ComparisonMethod): number | undefined {
  const ra = rankMap(a);
  const rb = rankMap(b);
  if (ra.total === 0 || rb.total === 0) return undefined;
  // Walk both sorted key lists at once: at each key, each CDF is its rank at the last key ≤ it.
  let i = 0;
  let j = 0;
  let linf = 0;
  while (i < ra.values.length || j < rb.values.length) {
    const key = Math.min(i < ra.values.length ? ra.values[i] : Infinity, j < rb.values.length ? rb.values[j] : Infinity);
    while (i < ra.values.length && ra.values[i] <= key) i++;
    while (j < rb.values.length && rb.values[j] <= key) j++;
    const cdfA = i === 0 ? 0 : ra.ranks[i - 1] / ra.total;
    const cdfB = j === 0 ? 0 : rb.ranks[j - 1] / rb.total;
    linf = Math.max(linf, Math.abs(cdfA - cdfB));
  }
  return select(linf, ra.total, rb.total, method);
}

/** One category and how many values had it. */
export interface CategoryCount {
  readonly value: string;
  readonly count: number;
}

/** L-infinity distance between two category frequency distributions, `Simple` or `Robust`. */
export function categoricalDistance(
  a: readonly CategoryCount[],
  b: readonly CategoryCount[],
  method: ComparisonMethod,
): number | undefined {
  const fa = frequencies(a);
  const fb = frequencies(b);
  if (fa.total === 0 || fb.total === 0) return undefined;
  let linf = 0;
  for (const key of new Set([...fa.counts.keys(), ...fb.counts.keys()])) {
    const diff = Math.abs((fa.counts.get(key) ?? 0) / fa.total - (fb.counts.get(key) ?? 0) / fb.total);
    linf = Math.max(linf, diff);
  }
  return select(linf, fa.total, fb.total, method);
}

function frequencies(buckets: readonly CategoryCount[]): { counts: Map<string, number>; total: number } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const { value, count } of buckets) {
    counts.set(value, (counts.get(value) ?? 0) + count);
    total += count;
  }
  return { counts, total };
}

/** Deequ's `selectMetrics`: the plain distance, or the KS-corrected one floored at 0. */
function select(linf: number, n: number, m: number, method: ComparisonMethod): number {
  if (method === 'Simple') return linf;
  return Math.max(0, linf - DEFAULT_C_ALPHA * Math.sqrt((n + m) / (n * m)));
}
