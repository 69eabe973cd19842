/**
 * A tree level's split search, shared out between the threads by feature: after the level's
 * hand-off has partitioned the rows and summed each split's smaller child (`level-job.ts`), each
 * thread takes a contiguous share of the features and, for every child of the level, adds the
 * workers' partial sums into the level's arena, gets the larger child as its parent less the
 * smaller, and scans the child's splits, all for its features only. The caller merges the
 * threads' best splits in feature order (`mergeScans`), which is the one-thread scan's result:
 * the split search, the subtraction and the adding of partial sums no longer run on the calling
 * thread alone between two hand-offs.
 */
import { joinShares } from './partition.js';
import { SCAN, type SplitParams, scanSplits } from './split.js';

/** Numbers per split in `SplitsTask.splits`. */
export const LEVEL_SPLIT = 6;

/** A thread's share of a level's split search; the arenas in shared memory. */
export interface SplitsTask {
  /** The level's arena: split j's children in slots 2j (left) and 2j + 1 (right). */
  readonly hist: Float64Array;
  /** The level before's arena, holding the splits' own histograms. */
  readonly parents: Float64Array;
  /** Per share of the level job after the first, its arena; per share, the slots it summed (`built[0]`: into `hist`). */
  readonly partials: readonly Float64Array[];
  readonly built: readonly Int32Array[];
  /** Per split: its slot in `parents`, which child was summed (0 left, 1 right), g, leftG, leftH, rightH. */
  readonly splits: Float64Array;
  /** This thread's share of the features (contiguous in the level's feature list). */
  readonly features: Int32Array;
  readonly slotSize: number;
  readonly stride: number;
  readonly bins: Int32Array;
  readonly params: SplitParams;
  /** The level's row order and its spare room (`partition.ts`). */
  readonly order: Uint32Array;
  readonly spare: Uint32Array;
  /**
   * The nodes whose shares this thread joins (`joinShares`): per node `start, end`, the length
   * of its cuts, then the cuts (`start, end, lefts` per share).
   */
  readonly joins: Int32Array;
}

/**
 * Completes the children's histograms for the share's features; per child (2j, 2j + 1), its scan.
 * Each loop over rows, bins or features is a function of its own, taking numbers and arrays
 * rather than the task: V8 compiles a loop that gets hot (and the code after it, which then has
 * no type feedback yet, sends it back to the interpreter), so a job written as one function was
 * compiled several times per thread, each compile inlining the whole job.
 */
export function splitsJob(task: SplitsTask): Float64Array {
  const { hist, parents, partials, built, splits, features, slotSize, stride, bins, params, order, spare, joins } = task;
  joinAll(order, spare, joins);
  addPartials(hist, partials, built, features, slotSize, stride);
  const count = splits.length / LEVEL_SPLIT;
  const scans = new Float64Array(2 * count * SCAN);
  for (let j = 0; j < count; j++) {
    const s = j * LEVEL_SPLIT;
    const side = splits[s + 1];
    const summed = (2 * j + side) * slotSize;
    subtract(hist, parents, splits[s] * slotSize, summed, (2 * j + 1 - side) * slotSize, features, stride * 2);
    for (let c = 0; c < 2; c++) {
      // Left: leftG, leftH; right: g − leftG, rightH.
      const g = c === 0 ? splits[s + 3] : splits[s + 2] - splits[s + 3];
      const h = splits[s + 4 + c];
      scanSplits(hist, (2 * j + c) * slotSize, stride, features, bins, g, h, params, scans, (2 * j + c) * SCAN);
    }
  }
  return scans;
}

/** The joins a share does (`SplitsTask.joins`). */
function joinAll(order: Uint32Array, spare: Uint32Array, joins: Int32Array): void {
  for (let k = 0; k < joins.length; k += 3 + joins[k + 2]) {
    const cuts = Array.from(joins.subarray(k + 3, k + 3 + joins[k + 2]));
    joinShares(order, spare, { start: joins[k], end: joins[k + 1] }, cuts);
  }
}

/** The larger child's histogram (at `other`) as its parent's (at `parent` in `parents`) less the built one's (at `built`). */
function subtract(
  hist: Float64Array,
  parents: Float64Array,
  parent: number,
  built: number,
  other: number,
  features: Int32Array,
  width: number,
): void {
  for (let q = 0; q < features.length; q++) {
    const off = features[q] * width;
    for (let k = off; k < off + width; k++) hist[other + k] = parents[parent + k] - hist[built + k];
  }
}

/**
 * Adds the other shares' sums of `features` into the level's arena `hist`: `built[t]` lists the
 * slots share t summed (share 0 into the arena itself, share t > 0 into `partials[t − 1]`); a
 * slot only other shares summed is zeroed first. Each slot is in a share's list at most once
 * (`row-shares.ts` gives a part at most one share of a node).
 */
export function addPartials(
  hist: Float64Array,
  partials: readonly Float64Array[],
  built: readonly Int32Array[],
  features: Int32Array,
  slotSize: number,
  stride: number,
): void {
  const mine = new Set<number>();
  for (let i = 0; i < built[0].length; i++) mine.add(built[0][i]);
  for (let t = 1; t < built.length; t++) {
    const slots = built[t];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      addSlot(hist, partials[t - 1], slot * slotSize, features, stride * 2, !mine.has(slot));
      mine.add(slot);
    }
  }
}

/** Adds a partial's slot at `base` into the arena's, for `features` (the arena's zeroed first when `zero`). */
function addSlot(
  hist: Float64Array,
  partial: Float64Array,
  base: number,
  features: Int32Array,
  width: number,
  zero: boolean,
): void {
  for (let q = 0; q < features.length; q++) {
    const from = base + features[q] * width;
    if (zero) hist.fill(0, from, from + width);
    for (let i = from; i < from + width; i++) hist[i] += partial[i];
  }
}
