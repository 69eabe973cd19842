/**
 * A tree level's one hand-off: each thread partitions its shares of the split nodes' rows and, in
 * the same pass over the pool, sums the rows of its shares that went to each split's smaller
 * child into that child's histogram slot. The shares are joined afterwards (`joinShares`), but a
 * share's rows are the same rows before and after the join and the sums are exact
 * (`exact-sums.ts`), so building from the unjoined shares gives the histogram the joined segment
 * would: one wake of the workers per level instead of two.
 */
import { buildHistograms, type HistTask } from './histogram.js';
import { type PartitionTask, partitionShares } from './partition.js';

/** Numbers per share in `LevelTask.shares`. */
export const LEVEL_SHARE = 7;

export interface LevelTask extends Omit<HistTask, 'nodes'>, Omit<PartitionTask, 'shares'> {
  /**
   * Per share: `start, end, feature, bin, defaultLeft` (as `PartitionTask`), then which child is
   * built (0 left, 1 right) and the built child's histogram slot.
   */
  readonly shares: Int32Array;
}

/** Partitions and builds; per share, how many of its rows went left. */
export function levelJob(task: LevelTask): Int32Array {
  const { shares } = task;
  const lefts = partitionShares(task, shares, LEVEL_SHARE);
  const nodes = new Int32Array((shares.length / LEVEL_SHARE) * 3);
  for (let k = 0, j = 0; k < shares.length; k += LEVEL_SHARE, j += 3) {
    const [start, end, , , , side, slot] = shares.subarray(k, k + LEVEL_SHARE);
    const mid = start + lefts[k / LEVEL_SHARE];
    nodes[j] = side === 0 ? start : mid;
    nodes[j + 1] = side === 0 ? mid : end;
    nodes[j + 2] = slot;
  }
  buildHistograms({ ...task, nodes });
  return lefts;
}
