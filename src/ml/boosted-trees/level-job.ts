/**
 * A tree level's partition: the threads claim the tree's regions (`row-shares.ts`) one at a time,
 * and in each region partition every split node's segment by its split, stably and in place (the
 * left rows first). A worker that wakes late, or loses its core for a while, leaves the regions it
 * has not claimed to the others rather than have them wait for its share. The children's
 * histograms are then built by feature (`level-splits.ts`), from their segments as they lie.
 */
import { type PartitionTask, partitionShares } from './partition.js';
import { claimNext } from './pool-hand-off.js';

/** Numbers per segment in `LevelTask.shares`: `start, end, feature, bin, defaultLeft`. */
export const LEVEL_SHARE = 5;

export interface LevelTask extends Omit<PartitionTask, 'shares'> {
  /** Region by region, each split's segment there and its split (`LEVEL_SHARE` numbers each). */
  readonly shares: Int32Array;
  /** Splits per region. */
  readonly splits: number;
  /** Per region, per split: how many of the segment's rows went left (written by the share that claims it). */
  readonly lefts: Int32Array;
  readonly next: Int32Array;
  readonly part: number;
}

export function levelJob(task: LevelTask): undefined {
  const { shares, splits, lefts, next } = task;
  const width = splits * LEVEL_SHARE;
  for (let r = claimNext(next); r * splits < lefts.length; r = claimNext(next))
    lefts.set(partitionShares(task, shares.subarray(r * width, (r + 1) * width), LEVEL_SHARE), r * splits);
  return undefined;
}
