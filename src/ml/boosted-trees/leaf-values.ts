/**
 * A grown tree's leaf values added to the training margins, over the pool: the threads claim
 * equal chunks of positions in `order` one at a time and add to the rows there the value of the
 * leaf they went to. Growing left every sampled row in a segment of its leaf (`leaves`), or of a last-level split
 * whose rows were not partitioned (`routed`, one code read picks the side); the rows the tree did
 * not sample sit after them (`sampleRows` in `train.ts`) and are routed down the tree by their
 * bins. Every row gets its own leaf's float32 value added once per tree, in tree order, whatever
 * thread adds it: the margins do not depend on the thread count. This replaces routing every row
 * down the round's trees in the next gradient pass, which read each row's codes `depth` times
 * where the segments need one read at most.
 */
import type { GrownWithRows } from './grow-tree.js';
import { claimNext } from './pool-hand-off.js';
import type { ThreadPool } from './thread-pool.js';

/** Numbers per segment in `LeavesTask.segments`. */
const SEGMENT = 7;

/** Chunks of positions per thread, claimed one at a time (`runClaimed`). */
const CHUNKS_PER_THREAD = 4;

/** The positions of `order` in `chunks` equal chunks, which the threads claim (the arrays in shared memory). */
export interface LeavesTask {
  /** Row-major margins (`margins[r * groups + group]`). */
  readonly margins: Float64Array;
  readonly groups: number;
  readonly group: number;
  readonly order: Uint32Array;
  /** Column-major codes (`columns[f * rows + r]`). */
  readonly columns: Uint8Array | Uint16Array;
  readonly rows: number;
  readonly missing: number;
  /**
   * Per segment of the sampled positions: `start, end, feature, bin, defaultLeft, left value,
   * right value`; feature −1 for a leaf's segment (every row gets the left value).
   */
  readonly segments: Float64Array;
  /** Positions from `sampled` on hold the rows the tree did not sample. */
  readonly sampled: number;
  /** The tree, for those rows: per node its children (−1: a leaf), feature, last left bin, default, value. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  readonly bin: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly value: Float32Array;
  readonly chunks: number;
  readonly next: Int32Array;
  readonly part: number;
}

export function leavesJob(task: LeavesTask): undefined {
  const { rows, chunks, next } = task;
  for (let c = claimNext(next); c < chunks; c = claimNext(next))
    addChunk(task, Math.floor((c * rows) / chunks), Math.floor(((c + 1) * rows) / chunks));
  return undefined;
}

/** Positions `[from, to)`. Each loop over positions is a function of its own (why: `splitsJob` in `level-splits.ts`). */
function addChunk(task: LeavesTask, from: number, to: number): void {
  const { rows, segments } = task;
  for (let k = 0; k < segments.length; k += SEGMENT) {
    const start = Math.max(from, segments[k]);
    const end = Math.min(to, segments[k + 1]);
    if (start >= end) continue;
    const feature = segments[k + 2];
    const [leftValue, rightValue] = [segments[k + 5], segments[k + 6]];
    if (feature < 0) addLeaf(task, start, end, leftValue);
    else {
      const missingValue = segments[k + 4] === 1 ? leftValue : rightValue;
      const values = { left: leftValue, right: rightValue, missing: missingValue };
      addSplit(task, start, end, feature * rows, segments[k + 3], values);
    }
  }
  routeUnsampled(task, from, to);
}

/** A leaf's rows, `order[start, end)`, get its value. */
function addLeaf(task: LeavesTask, start: number, end: number, value: number): void {
  const { margins, groups, group, order } = task;
  for (let i = start; i < end; i++) margins[order[i] * groups + group] += value;
}

/** A last-level split's rows, `order[start, end)`: each gets its side's value, by its code in `columns[at …]`. */
function addSplit(
  task: LeavesTask,
  start: number,
  end: number,
  at: number,
  bin: number,
  values: { readonly left: number; readonly right: number; readonly missing: number },
): void {
  const { margins, groups, group, order, columns, missing } = task;
  const { left, right } = values;
  const missingValue = values.missing;
  for (let i = start; i < end; i++) {
    const r = order[i];
    const c = columns[at + r];
    margins[r * groups + group] += c === missing ? missingValue : c <= bin ? left : right;
  }
}

/** The rows the tree did not sample (positions from `sampled` on), routed down it by their codes. */
function routeUnsampled(task: LeavesTask, from: number, to: number): void {
  const { margins, groups, group, order, columns, rows, missing } = task;
  const { left, right, feature, bin, defaultLeft, value } = task;
  for (let i = Math.max(from, task.sampled); i < to; i++) {
    const r = order[i];
    let n = 0;
    while (left[n] !== -1) {
      const c = columns[feature[n] * rows + r];
      n = (c === missing ? defaultLeft[n] === 1 : c <= bin[n]) ? left[n] : right[n];
    }
    margins[r * groups + group] += value[n];
  }
}

/** Adds `grown`'s leaf values to group `group` of `margins`, the positions claimed in chunks by the pool's threads. */
export async function addLeaves(
  pool: ThreadPool,
  grown: GrownWithRows,
  base: Omit<
    LeavesTask,
    'segments' | 'left' | 'right' | 'feature' | 'bin' | 'defaultLeft' | 'value' | 'chunks' | 'next' | 'part'
  >,
): Promise<void> {
  const { leaves, routed, tree } = grown;
  const value = tree.condition;
  const segments = new Float64Array(((leaves.length / 3) * SEGMENT + (routed.length / 7) * SEGMENT) | 0);
  let j = 0;
  for (let k = 0; k < leaves.length; k += 3, j += SEGMENT)
    segments.set([leaves[k + 1], leaves[k + 2], -1, 0, 0, value[leaves[k]], 0], j);
  for (let k = 0; k < routed.length; k += 7, j += SEGMENT) {
    const [start, end, l, r, feature, bin, defaultLeft] = routed.subarray(k, k + 7);
    segments.set([start, end, feature, bin, defaultLeft, value[l], value[r]], j);
  }
  const { left, right, feature, defaultLeft } = tree;
  const chunks = pool.threads === 1 ? 1 : pool.threads * CHUNKS_PER_THREAD;
  await pool.runClaimed('leaves', { ...base, segments, left, right, feature, bin: grown.bin, defaultLeft, value, chunks });
}
