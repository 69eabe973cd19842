/**
 * A metric's value and SageMaker's standard deviation for it: from 200 records up, the metric is
 * computed again on 5 random samples of 80% of the records and `standard_deviation` is the sample
 * standard deviation of those 5 values; below 200 it is `"NaN"` (model-monitor-model-quality-metrics).
 * The samples come from a fixed seed, so the same records always give the same file.
 */
import type { MetricNumber, MetricValue } from '../model-quality-files.js';

export const MIN_RECORDS_FOR_DEVIATION = 200;
const SAMPLES = 5;
const FRACTION = 0.8;
const SEED = 0x5eed;

/** `"NaN"` for what JSON cannot hold. */
export function metricNumber(x: number): MetricNumber {
  return Number.isFinite(x) ? x : 'NaN';
}

/**
 * Computes the scalars on all `n` records (`compute()`), and on the samples (`compute(pick)`,
 * `pick` the chosen record indices in increasing order) when there are enough records.
 */
export function withDeviation<K extends string>(
  n: number,
  compute: (pick?: Uint32Array) => Readonly<Record<K, number>>,
): Record<K, MetricValue> {
  const full = compute();
  const names = Object.keys(full) as K[];
  const runs: Readonly<Record<K, number>>[] = [];
  if (n >= MIN_RECORDS_FOR_DEVIATION) {
    const random = mulberry32(SEED);
    for (let s = 0; s < SAMPLES; s++) runs.push(compute(samplePick(n, Math.floor(n * FRACTION), random)));
  }
  const out = {} as Record<K, MetricValue>;
  for (const name of names) {
    const deviation = runs.length === 0 ? Number.NaN : sampleStdDev(runs.map((r) => r[name]));
    out[name] = { value: metricNumber(full[name]), standard_deviation: metricNumber(deviation) };
  }
  return out;
}

function sampleStdDev(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const squares = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

/** `k` distinct indices of [0, n), increasing (a partial Fisher–Yates shuffle, then sorted). */
function samplePick(n: number, k: number, random: () => number): Uint32Array {
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, k).sort();
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `values` at the picked indices, or all of them. */
export function picked<T extends Float64Array | Uint8Array | Uint32Array>(values: T, pick?: Uint32Array): T {
  if (!pick) return values;
  const out = new (values.constructor as new (n: number) => T)(pick.length);
  for (let i = 0; i < pick.length; i++) out[i] = values[pick[i]!]!;
  return out;
}
