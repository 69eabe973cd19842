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

/** Completes the children's histograms for the share's features; per child (2j, 2j + 1), its scan. */
export function splitsJob(task: SplitsTask): Float64Array {
  const { hist, parents, splits, features, slotSize, stride, bins, params, order, spare, joins } = task;
  for (let k = 0; k < joins.length; k += 3 + joins[k + 2]) {
    const cuts = Array.from(joins.subarray(k + 3, k + 3 + joins[k + 2]));
    joinShares(order, spare, { start: joins[k], end: joins[k + 1] }, cuts);
  }
  addPartials(task);
  const width = stride * 2;
  const count = splits.length / LEVEL_SPLIT;
  const scans = new Float64Array(2 * count * SCAN);
  for (let j = 0; j < count; j++) {
    const [parent, side, g, leftG, leftH, rightH] = splits.subarray(j * LEVEL_SPLIT, (j + 1) * LEVEL_SPLIT);
    const from = (2 * j + side) * slotSize;
    const other = (2 * j + 1 - side) * slotSize;
    const at = parent * slotSize;
    for (let q = 0; q < features.length; q++) {
      const off = features[q] * width;
      for (let k = off; k < off + width; k++) hist[other + k] = parents[at + k] - hist[from + k];
    }
    scanSplits(hist, 2 * j * slotSize, stride, features, bins, leftG, leftH, params, scans, 2 * j * SCAN);
    scanSplits(hist, (2 * j + 1) * slotSize, stride, features, bins, g - leftG, rightH, params, scans, (2 * j + 1) * SCAN);
  }
  return scans;
}

/**
 * Adds the other shares' sums of this share's features into the level's arena: `built[t]` lists the
 * slots share t summed (share 0 into the arena itself); a slot only other shares summed is zeroed
 * first. Each slot is in a share's list at most once (`row-shares.ts` gives a part at most one
 * share of a node).
 */
export function addPartials(task: Pick<SplitsTask, 'hist' | 'partials' | 'built' | 'features' | 'slotSize' | 'stride'>): void {
  const { hist, partials, built, features, slotSize, stride } = task;
  const width = stride * 2;
  const mine = new Set(built[0]);
  for (let t = 1; t < built.length; t++) {
    const partial = partials[t - 1];
    for (const slot of built[t]) {
      const zero = !mine.has(slot);
      mine.add(slot);
      for (let q = 0; q < features.length; q++) {
        const from = slot * slotSize + features[q] * width;
        if (zero) hist.fill(0, from, from + width);
        for (let i = from; i < from + width; i++) hist[i] += partial[i];
      }
    }
  }
}
