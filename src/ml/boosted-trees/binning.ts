/**
 * The histogram method's one pass over the data: each feature's values (as float32, which is what
 * XGBoost compares) are cut at up to `maxBins − 1` quantiles, and every value is replaced by its
 * bin, column-major in shared memory so worker threads read it without copying.
 *
 * Bin `b` of a feature holds the values `v` with `cuts[b − 1] ≤ v < cuts[b]`, so "bin ≤ b" is
 * exactly XGBoost's test `v < cuts[b]`: a split after bin `b` is saved with the threshold
 * `cuts[b]` and predicts the same on the raw values. Missing values (NaN) get the code `missing`,
 * one past the largest bin of any feature.
 */
import type { Matrix } from '../estimator.js';

export interface BinnedMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Per feature, its ascending float32 thresholds; the feature has `cuts[f].length + 1` bins. */
  readonly cuts: readonly Float32Array[];
  /** `codes[f * rows + r]`: row r's bin of feature f, or `missing`. */
  readonly codes: Uint16Array;
  /** The code of a missing value; also the number of bins a histogram slot holds before it. */
  readonly missing: number;
}

export function binMatrix(x: Matrix, maxBins: number): BinnedMatrix {
  const { rows, cols, data } = x;
  // One sequential pass to float32 columns: reading a column straight from the row-major data
  // would touch a new cache line per value, twice per feature.
  const columns = new Float32Array(rows * cols);
  for (let r = 0, p = 0; r < rows; r++) for (let f = 0; f < cols; f++, p++) columns[f * rows + r] = data[p];
  const cuts: Float32Array[] = [];
  let widest = 1;
  for (let f = 0; f < cols; f++) {
    const featureCuts = cutPoints(columns.subarray(f * rows, (f + 1) * rows), maxBins);
    cuts.push(featureCuts);
    widest = Math.max(widest, featureCuts.length + 1);
  }
  const missing = widest;
  const codes = new Uint16Array(new SharedArrayBuffer(rows * cols * 2));
  for (let f = 0; f < cols; f++) encodeColumn(columns.subarray(f * rows, (f + 1) * rows), cuts[f], codes, f * rows, missing);
  return { rows, cols, cuts, codes, missing };
}

/**
 * Up to `maxBins − 1` thresholds: every distinct value but the smallest when there are few
 * enough, else the values at evenly spaced ranks of the sorted present values (duplicates
 * dropped, so a heavy value gets one bin of its own rather than several empty ones).
 */
export function cutPoints(column: Float32Array, maxBins: number): Float32Array {
  const present = sortedPresent(column);
  const n = present.length;
  const out: number[] = [];
  if (n === 0) return new Float32Array(0);
  let distinct = 1;
  for (let i = 1; i < n && distinct <= maxBins; i++) if (present[i] !== present[i - 1]) distinct++;
  if (distinct <= maxBins) {
    for (let i = 1; i < n; i++) if (present[i] !== present[i - 1]) out.push(present[i]);
    return Float32Array.from(out);
  }
  let last = present[0];
  for (let k = 1; k < maxBins; k++) {
    const v = present[Math.floor((k * n) / maxBins)];
    if (v > last) {
      out.push(v);
      last = v;
    }
  }
  return Float32Array.from(out);
}

/** Each value's bin (the number of thresholds ≤ it), by binary search. */
function encodeColumn(column: Float32Array, cuts: Float32Array, codes: Uint16Array, at: number, missing: number): void {
  const m = cuts.length;
  for (let r = 0; r < column.length; r++) {
    const v = column[r];
    if (Number.isNaN(v)) {
      codes[at + r] = missing;
      continue;
    }
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    codes[at + r] = lo;
  }
}

/**
 * The column's non-missing values in ascending order, by an LSD radix sort of their bits (three
 * 11-bit passes): several times faster than `Float32Array.prototype.sort` on a column this long.
 */
function sortedPresent(column: Float32Array): Float32Array {
  const bits = new Uint32Array(column.buffer, column.byteOffset, column.length);
  let keys = new Uint32Array(column.length);
  let n = 0;
  for (let i = 0; i < column.length; i++) {
    if (Number.isNaN(column[i])) continue;
    const b = bits[i];
    // Negative floats sort in reverse bit order: flip all their bits; positives flip the sign.
    keys[n++] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  keys = keys.subarray(0, n);
  let other = new Uint32Array(n);
  const counts = new Uint32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let k = 0; k < 2048; k++) {
      const c = counts[k];
      counts[k] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) other[counts[(keys[i] >>> shift) & 2047]++] = keys[i];
    [keys, other] = [other, keys];
  }
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    keys[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
  return new Float32Array(keys.buffer, keys.byteOffset, n);
}
