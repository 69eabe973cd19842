/**
 * Grows one tree depth-wise (XGBoost's default `grow_policy`) over the binned matrix, a level at
 * a time: the level's histograms (`level-histograms.ts`), each node's best split, then its rows
 * partitioned. The rows of each node are a contiguous segment of `order`, partitioned stably.
 */
import type { BinnedMatrix } from './binning.js';
import { childHistograms, histograms } from './level-histograms.js';
import { bestSplit, nodeWeight, type SplitParams } from './split.js';
import type { ThreadPool } from './thread-pool.js';
import { type GrownTree, TreeNodes } from './tree-nodes.js';

export interface GrowParams extends SplitParams {
  readonly maxDepth: number;
  readonly learnRate: number;
}

export interface GrowContext {
  readonly binned: BinnedMatrix;
  /** Per feature, its number of bins. */
  readonly bins: Int32Array;
  /** Row indexes (shared memory); the first `sampled` are this tree's rows, ascending. */
  readonly order: Uint32Array;
  /** As long as `order`: partitioning's spare room. */
  readonly spare: Uint32Array;
  /** Per bin code (missing last), 1 when the split being applied sends it left. */
  readonly goesLeft: Uint8Array;
  readonly pool: ThreadPool;
  /**
   * Two histogram arenas in shared memory, a level's parents in one and its children in the
   * other, reused from level to level and tree to tree (grown when a level needs more slots).
   */
  readonly arenas: Float64Array[];
  /** Per worker, the arena it sums its share of the rows into. */
  readonly partials: Float64Array[];
  /** A histogram slot's length: features × bins (with missing) × 2. */
  readonly slotSize: number;
  readonly params: GrowParams;
}

interface Open {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly g: number;
  readonly h: number;
  slot: number;
}

/** A grown tree and where its sampled rows ended: `leaves` holds `node, start, end` per leaf. */
export interface GrownWithRows extends GrownTree {
  readonly leaves: Int32Array;
}

export async function growTree(
  ctx: GrowContext,
  gh: Float32Array,
  sampled: number,
  features: Int32Array,
): Promise<GrownWithRows> {
  const { binned, params, slotSize } = ctx;
  const stride = binned.missing + 1;
  const nodes = new TreeNodes();
  const leafWeight = (g: number, h: number) => Math.fround(params.learnRate * nodeWeight(g, h, params));
  const root = { id: 0, start: 0, end: sampled, g: 0, h: 0, slot: 0 };
  let hist = await histograms(ctx, gh, features, [root], 1, 0);
  // The root's sums are any one feature's bins added up (exact sums: in any order the same).
  let g = 0;
  let h = 0;
  for (let k = features[0] * stride * 2; k < (features[0] + 1) * stride * 2; k += 2) {
    g += hist[k];
    h += hist[k + 1];
  }
  let level: Open[] = [{ ...root, id: nodes.add(h, leafWeight(g, h)), g, h }];
  const leaves: number[] = [];
  for (let depth = 0; depth < params.maxDepth && level.length > 0; depth++) {
    const next: Open[] = [];
    for (const node of level) {
      const split = bestSplit(hist, node.slot * slotSize, stride, features, ctx.bins, node.g, node.h, params);
      if (split === undefined) {
        leaves.push(node.id, node.start, node.end);
        continue;
      }
      const condition = binned.cuts[split.feature][split.bin];
      nodes.split(node.id, { ...split, condition });
      const rg = node.g - split.leftG;
      const rh = node.h - split.leftH;
      const left = nodes.add(split.leftH, leafWeight(split.leftG, split.leftH));
      const right = nodes.add(rh, leafWeight(rg, rh));
      nodes.link(node.id, left, right);
      const mid = node.start + partition(ctx, node.start, node.end, split.feature, split.bin, split.defaultLeft);
      next.push({ id: left, start: node.start, end: mid, g: split.leftG, h: split.leftH, slot: node.slot });
      next.push({ id: right, start: mid, end: node.end, g: rg, h: rh, slot: node.slot });
    }
    if (depth + 1 < params.maxDepth && next.length > 0)
      hist = await childHistograms(ctx, gh, features, next, hist, (depth + 1) % 2);
    level = next;
  }
  for (const node of level) leaves.push(node.id, node.start, node.end);
  return { ...nodes.finish(), leaves: Int32Array.from(leaves) };
}

/**
 * Stable partition of `order[start, end)` by the split; returns how many go left. Without a branch
 * per row (which way a row goes is a coin toss the processor would mispredict half the time):
 * each row is written to both sides and only the side it belongs to moves on.
 */
function partition(ctx: GrowContext, start: number, end: number, feature: number, bin: number, defaultLeft: boolean): number {
  const { order, spare, goesLeft } = ctx;
  const { columns, rows, missing } = ctx.binned;
  for (let c = 0; c <= missing; c++) goesLeft[c] = c === missing ? (defaultLeft ? 1 : 0) : c <= bin ? 1 : 0;
  const at = feature * rows;
  let l = start;
  let s = 0;
  for (let i = start; i < end; i++) {
    const r = order[i];
    const left = goesLeft[columns[at + r]];
    order[l] = r;
    spare[s] = r;
    l += left;
    s += 1 - left;
  }
  order.set(spare.subarray(0, s), l);
  return l - start;
}
