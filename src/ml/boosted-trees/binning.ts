/**
 * The histogram method's one pass over the data: each feature's values (as float32, which is what
 * XGBoost compares) are cut at up to `maxBins − 1` quantiles, and every value is replaced by its
 * bin, in shared memory so worker threads read it without copying. The codes are row-major (a
 * row's bins in one cache line) rather than column-major: a deep node holds a scattered subset of
 * the rows, and reading a row's features together costs one cache miss per row instead of one
 * per row and feature. Codes are bytes when every bin and the missing code fit in one.
 *
 * Bin `b` of a feature holds the values `v` with `cuts[b − 1] ≤ v < cuts[b]`, so "bin ≤ b" is
 * exactly XGBoost's test `v < cuts[b]`: a split after bin `b` is saved with the threshold
 * `cuts[b]` and predicts the same on the raw values. Missing values (NaN) get the code `missing`,
 * one past the largest bin of any feature.
 */
import type { Matrix } from '../estimator.js';
import type { KernelMemory } from './kernel-memory.js';
import { claimNext } from './pool-hand-off.js';
import type { ThreadPool } from './thread-pool.js';

export interface BinnedMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Per feature, its ascending float32 thresholds; the feature has `cuts[f].length + 1` bins. */
  readonly cuts: readonly Float32Array[];
  /**
   * `codes[r * rowWidth + f]`: row r's bin of feature f, or `missing`. Byte codes' rows are
   * padded to a multiple of 4 so that a row's codes can be read as 32-bit words.
   */
  readonly codes: Uint8Array | Uint16Array;
  readonly rowWidth: number;
  /**
   * The same codes column-major (`columns[f * rows + r]`), for partitioning a node by one feature:
   * its rows are read in ascending order from one short column rather than one per cache line.
   */
  readonly columns: Uint8Array | Uint16Array;
  /** The code of a missing value; also the number of bins a histogram slot holds before it. */
  readonly missing: number;
}

/**
 * Finds every feature's thresholds, then codes, over the pool's threads. Given a kernel memory,
 * byte codes (both layouts) are put in it, for the WebAssembly kernels.
 */
export async function binMatrix(x: Matrix, maxBins: number, pool: ThreadPool, memory?: KernelMemory): Promise<BinnedMatrix> {
  const { rows, cols, data } = x;
  // One sequential pass to float32 columns: reading a column straight from the row-major data
  // would touch a new cache line per value, twice per feature. In the kernel memory, their room
  // is given back once the codes are made, for the training's next arrays (`KernelMemory.release`).
  const columns = memory ? memory.array(Float32Array, rows * cols) : new Float32Array(new SharedArrayBuffer(rows * cols * 4));
  for (let r = 0, p = 0; r < rows; r++) for (let f = 0; f < cols; f++, p++) columns[f * rows + r] = data[p];
  // Features are claimed one at a time, so a worker still starting takes those left when it is up.
  const cuts: Float32Array[] = [];
  let anyMissing = false;
  for (const done of await pool.runClaimed('cuts', { columns, rows, maxBins, cols })) {
    for (const [i, f] of done.features.entries()) cuts[f] = done.cuts[i];
    anyMissing ||= done.missing;
  }
  const widest = cuts.reduce((most, c) => Math.max(most, c.length + 1), 1);
  const missing = widest;
  // Without missing values the missing code is never stored, so 256 bins still fit in a byte.
  const bytes = (anyMissing ? missing : widest - 1) <= 255 ? 1 : 2;
  const make = (width: number) =>
    bytes === 1 ? new Uint8Array(new SharedArrayBuffer(rows * width)) : new Uint16Array(new SharedArrayBuffer(rows * width * 2));
  const byColumn = memory && bytes === 1 ? memory.array(Uint8Array, rows * cols) : make(cols);
  await pool.runClaimed('encode', { columns, rows, cuts, missing, codes: byColumn, cols });
  const rowWidth = bytes === 1 ? Math.ceil(cols / 4) * 4 : cols;
  const codes = memory && bytes === 1 ? memory.array(Uint8Array, rows * rowWidth) : make(rowWidth);
  for (let f = 0; f < cols; f++)
    for (let r = 0, at = f, from = f * rows; r < rows; r++, at += rowWidth) codes[at] = byColumn[from + r];
  memory?.release(columns);
  return { rows, cols, cuts, codes, rowWidth, columns: byColumn, missing };
}

/** Finding thresholds, features claimed from `next` (`runClaimed`): `columns` is the float32 data column-major. */
export interface CutsTask {
  readonly columns: Float32Array;
  readonly rows: number;
  readonly cols: number;
  readonly maxBins: number;
  readonly next: Int32Array;
}

/** The features this thread claimed, their thresholds, and whether any of their values is missing. */
export function cutsJob(task: CutsTask): { features: number[]; cuts: Float32Array[]; missing: boolean } {
  const { columns, rows, cols, maxBins, next } = task;
  const done = { features: [] as number[], cuts: [] as Float32Array[], missing: false };
  const scratch = sortScratch(rows);
  for (let f = claimNext(next); f < cols; f = claimNext(next)) {
    const present = sortedPresent(columns.subarray(f * rows, (f + 1) * rows), scratch);
    done.features.push(f);
    done.cuts.push(cutsOfSorted(present, maxBins));
    done.missing ||= present.length < rows;
  }
  return done;
}

/** Coding, features claimed from `next`: each claimed feature's values into `codes` (column-major). */
export interface EncodeTask {
  readonly columns: Float32Array;
  readonly rows: number;
  readonly cols: number;
  readonly cuts: readonly Float32Array[];
  readonly missing: number;
  readonly codes: Uint8Array | Uint16Array;
  readonly next: Int32Array;
}

export function encodeJob(task: EncodeTask): undefined {
  const { columns, rows, cols, cuts, missing, codes, next } = task;
  const below = new Uint16Array(65537);
  for (let f = claimNext(next); f < cols; f = claimNext(next))
    encodeColumn(columns.subarray(f * rows, (f + 1) * rows), cuts[f], codes.subarray(f * rows, (f + 1) * rows), missing, below);
  return undefined;
}

/**
 * A job's room for sorting its columns, reused from column to column: on this VM a page touched
 * for the first time costs ~15 µs, and two fresh arrays per column were a few thousand of them.
 */
interface SortScratch {
  readonly keys: Uint32Array;
  readonly other: Uint32Array;
}

function sortScratch(rows: number): SortScratch {
  return { keys: new Uint32Array(rows), other: new Uint32Array(rows) };
}

/**
 * Up to `maxBins − 1` thresholds: every distinct value but the smallest when there are few
 * enough, else the values at evenly spaced ranks of the sorted present values (duplicates
 * dropped, so a heavy value gets one bin of its own rather than several empty ones).
 */
export function cutPoints(column: Float32Array, maxBins: number): Float32Array {
  return cutsOfSorted(sortedPresent(column, sortScratch(column.length)), maxBins);
}

/** `cutPoints` of a column's present values, sorted. */
function cutsOfSorted(present: Float32Array, maxBins: number): Float32Array {
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

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** A float32's bits as an unsigned key that sorts as the floats do (−0 as +0, which it equals). */
function orderKey(v: number): number {
  f32[0] = v === 0 ? 0 : v;
  const b = u32[0];
  return b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
}

/**
 * Each value's bin (the number of thresholds ≤ it). A table over the top 16 bits of the values'
 * order keys gives the thresholds below a value's bucket; a binary search over the few in its
 * bucket finishes, instead of a search over all of them with a mispredicted branch per step.
 */
function encodeColumn(
  column: Float32Array,
  cuts: Float32Array,
  codes: Uint8Array | Uint16Array,
  missing: number,
  below: Uint16Array,
): void {
  bucketStarts(cuts, below);
  for (let r = 0; r < column.length; r++) {
    const v = column[r];
    if (Number.isNaN(v)) {
      codes[r] = missing;
      continue;
    }
    const t = orderKey(v) >>> 16;
    let lo = below[t];
    let hi = below[t + 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    codes[r] = lo;
  }
}

/** Per top-16-bit bucket t of the order keys, how many thresholds lie in lower buckets (`below[t]`). */
function bucketStarts(cuts: Float32Array, below: Uint16Array): void {
  for (let c = 0, t = 0; t <= 65536; t++) {
    while (c < cuts.length && orderKey(cuts[c]) >>> 16 < t) c++;
    below[t] = c;
  }
}

/**
 * The column's non-missing values in ascending order, by an LSD radix sort of their bits (three
 * 11-bit passes): several times faster than `Float32Array.prototype.sort` on a column this long.
 * The values are a view of `scratch`, valid until its next use.
 */
function sortedPresent(column: Float32Array, scratch: SortScratch): Float32Array {
  const n = presentKeys(column, scratch.keys);
  let keys = scratch.keys.subarray(0, n);
  let other = scratch.other.subarray(0, n);
  const counts = new Uint32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    radixPass(keys, other, shift, counts);
    [keys, other] = [other, keys];
  }
  keysToBits(keys);
  return new Float32Array(keys.buffer, keys.byteOffset, n);
}

/**
 * The column's non-missing values' sort keys into `keys`; how many. Each loop of the sort is a
 * function of its own (why: `splitsJob` in `level-splits.ts`).
 */
function presentKeys(column: Float32Array, keys: Uint32Array): number {
  const bits = new Uint32Array(column.buffer, column.byteOffset, column.length);
  let n = 0;
  for (let i = 0; i < column.length; i++) {
    if (Number.isNaN(column[i])) continue;
    const b = bits[i];
    // Negative floats sort in reverse bit order: flip all their bits; positives flip the sign.
    keys[n++] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  return n;
}

/** One stable counting pass of the LSD radix sort, by the 11 bits from `shift`: `keys` into `other`. */
function radixPass(keys: Uint32Array, other: Uint32Array, shift: number, counts: Uint32Array): void {
  counts.fill(0);
  countDigits(keys, shift, counts);
  let sum = 0;
  for (let k = 0; k < 2048; k++) {
    const c = counts[k];
    counts[k] = sum;
    sum += c;
  }
  scatter(keys, other, shift, counts);
}

function countDigits(keys: Uint32Array, shift: number, counts: Uint32Array): void {
  for (let i = 0; i < keys.length; i++) counts[(keys[i] >>> shift) & 2047]++;
}

function scatter(keys: Uint32Array, other: Uint32Array, shift: number, starts: Uint32Array): void {
  for (let i = 0; i < keys.length; i++) other[starts[(keys[i] >>> shift) & 2047]++] = keys[i];
}

/** Sort keys back to the floats' bits, in place. */
function keysToBits(keys: Uint32Array): void {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    keys[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
}
