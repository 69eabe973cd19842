/**
 * A tree level's histograms and split search, shared out between the threads by feature: after
 * the level's partition (`level-job.ts`), each thread takes a contiguous share of the features
 * and, for every split of the level, sums the rows of its smaller child into the level's arena
 * (from the child's segments as they lie, `row-shares.ts`), gets the larger child as its parent
 * less the smaller, and scans both children's splits, all for its features only. The caller
 * merges the threads' best splits in feature order (`mergeScans`), which is the one-thread scan's
 * result. Sharing by feature costs little (a row's share of the features costs ~0.53 of all of
 * them in the kernel) and needs no partial sums to add nor rows to gather.
 */
import { type HistTask, sumNodes } from './histogram.js';
import { SCAN, type SplitParams, scanSplits } from './split.js';

/** Numbers per split in `SplitsTask.splits`. */
export const LEVEL_SPLIT = 6;

/** A thread's share of a level's histograms and split search; the arrays in shared memory. */
export interface SplitsTask extends HistTask {
  /**
   * The level's arena (`hist`): split j's children in slots 2j (left) and 2j + 1 (right); `nodes`
   * lists the segments of the children to sum (`start, end, slot` each).
   */
  readonly hist: Float64Array;
  /** The level before's arena, holding the splits' own histograms. */
  readonly parents: Float64Array;
  /** Per split: its slot in `parents`, which child was summed (0 left, 1 right), g, leftG, leftH, rightH. */
  readonly splits: Float64Array;
  /** This thread's share of the features (contiguous in the level's feature list). */
  readonly features: Int32Array;
  readonly slotSize: number;
  readonly bins: Int32Array;
  readonly params: SplitParams;
}

/**
 * Builds the smaller children's histograms, completes the larger ones, for the share's features;
 * per child (2j, 2j + 1), its scan. Each loop over rows, bins or features is a function of its
 * own, taking numbers and arrays rather than the task: V8 compiles a loop that gets hot (and the
 * code after it, which then has no type feedback yet, sends it back to the interpreter), so a job
 * written as one function was compiled several times per thread, each compile inlining the whole job.
 */
export function splitsJob(task: SplitsTask): Float64Array {
  const { hist, parents, splits, features, slotSize, stride, bins, params, nodes } = task;
  for (let k = 2; k < nodes.length; k += 3) zeroFeatures(hist, nodes[k] * slotSize, features, stride * 2);
  sumNodes(task);
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

/** Zeroes `features`' bins of the slot at `base` (a slot listed twice is zeroed twice, before any sum). */
function zeroFeatures(hist: Float64Array, base: number, features: Int32Array, width: number): void {
  for (let q = 0; q < features.length; q++) hist.fill(0, base + features[q] * width, base + (features[q] + 1) * width);
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
