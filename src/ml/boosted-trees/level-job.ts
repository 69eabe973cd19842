/**
 * A tree level's one hand-off: the threads claim the level's pieces (its split nodes' rows, a
 * large node cut in several) one at a time; each partitions the piece it claims and, in the same
 * pass over the pool, sums the piece's rows that went to its node's smaller child into that
 * child's slot of its share's arena. The pieces are joined afterwards (`joinShares`), but a
 * piece's rows are the same rows before and after the join and the sums are exact
 * (`exact-sums.ts`), so building from the unjoined pieces gives the histogram the joined segment
 * would, whichever thread took which piece: one wake of the workers per level, and a worker
 * that wakes late, or loses its core for a while, leaves the pieces it has not claimed to the
 * others rather than have them wait for its share.
 */
import { type HistTask, sumPiece } from './histogram.js';
import { type PartitionTask, partitionShares } from './partition.js';
import { claimNext } from './pool-hand-off.js';

/** Numbers per piece in `LevelTask.shares`. */
export const LEVEL_SHARE = 7;

export interface LevelTask extends Omit<HistTask, 'nodes' | 'hist'>, Omit<PartitionTask, 'shares'> {
  /**
   * Per piece: `start, end, feature, bin, defaultLeft` (as `PartitionTask`), then which child is
   * built (0 left, 1 right) and the built child's histogram slot.
   */
  readonly shares: Int32Array;
  /** Per share of the job, the arena it sums into (share 0's is the level's). */
  readonly arenas: readonly Float64Array[];
  /** Per piece, how many of its rows went left (written by the share that claims it). */
  readonly lefts: Int32Array;
  readonly next: Int32Array;
  readonly part: number;
}

/** Partitions and sums the pieces this share claims; the slots of its arena it summed into. */
export function levelJob(task: LevelTask): Int32Array {
  const { shares, lefts, next } = task;
  const hist = task.arenas[task.part];
  const touched: number[] = [];
  for (let p = claimNext(next); p < lefts.length; p = claimNext(next)) {
    const piece = shares.subarray(p * LEVEL_SHARE, (p + 1) * LEVEL_SHARE);
    const left = partitionShares(task, piece, LEVEL_SHARE)[0];
    lefts[p] = left;
    const [start, end, side, slot] = [piece[0], piece[1], piece[5], piece[6]];
    const mid = start + left;
    sumPiece(task, hist, touched, side === 0 ? start : mid, side === 0 ? mid : end, slot);
  }
  return Int32Array.from(touched);
}
