/**
 * Grows one tree depth-wise (XGBoost's default `grow_policy`) over the binned matrix, a level at
 * a time: the level's histograms (`level-histograms.ts`), each node's best split, then its rows
 * partitioned. The rows of each node are a contiguous segment of `order`, partitioned stably.
 */
import type { BinnedMatrix } from './binning.js';
import { childHistograms, histograms } from './level-histograms.js';
import { joinShares } from './partition.js';
import { shareRows } from './row-shares.js';
import { bestSplit, nodeWeight, type Split, type SplitParams } from './split.js';
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
  /** As long as `order` (shared memory): partitioning's spare room. */
  readonly spare: Uint32Array;
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
  /**
   * The last level's splits, whose rows `order[start, end)` were left unpartitioned: `start, end,
   * left leaf, right leaf, feature, bin, defaultLeft` each (rows with a bin ≤ `bin` go left).
   */
  readonly routed: Int32Array;
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
  const routed: number[] = [];
  for (let depth = 0; depth < params.maxDepth && level.length > 0; depth++) {
    const splits: { node: Open; split: Split }[] = [];
    for (const node of level) {
      const split = bestSplit(hist, node.slot * slotSize, stride, features, ctx.bins, node.g, node.h, params);
      if (split === undefined) leaves.push(node.id, node.start, node.end);
      else splits.push({ node, split });
    }
    // The last level's rows are not partitioned: the leaves' values are added to them by the
    // split (`routed`), which reads each row's code once rather than moving it and then reading it.
    const last = depth + 1 === params.maxDepth;
    const lefts = last ? [] : await partitionLevel(ctx, splits);
    const next: Open[] = [];
    for (const [i, { node, split }] of splits.entries()) {
      nodes.split(node.id, { ...split, condition: binned.cuts[split.feature][split.bin] });
      const rg = node.g - split.leftG;
      const rh = node.h - split.leftH;
      const left = nodes.add(split.leftH, leafWeight(split.leftG, split.leftH));
      const right = nodes.add(rh, leafWeight(rg, rh));
      nodes.link(node.id, left, right);
      if (last) {
        routed.push(node.start, node.end, left, right, split.feature, split.bin, split.defaultLeft ? 1 : 0);
        continue;
      }
      const mid = node.start + lefts[i];
      next.push({ id: left, start: node.start, end: mid, g: split.leftG, h: split.leftH, slot: node.slot });
      next.push({ id: right, start: mid, end: node.end, g: rg, h: rh, slot: node.slot });
    }
    if (depth + 1 < params.maxDepth && next.length > 0)
      hist = await childHistograms(ctx, gh, features, next, hist, (depth + 1) % 2);
    level = next;
  }
  for (const node of level) leaves.push(node.id, node.start, node.end);
  return { ...nodes.finish(), leaves: Int32Array.from(leaves), routed: Int32Array.from(routed) };
}

/** Partitions the rows of every split node over the pool (`partition.ts`); their left counts. */
async function partitionLevel(ctx: GrowContext, splits: { node: Open; split: Split }[]): Promise<number[]> {
  if (splits.length === 0) return [];
  const { binned, order, spare, pool } = ctx;
  const lists = shareRows(
    splits.map((s) => s.node),
    pool.threads,
  );
  const tasks = lists.map((list) => {
    const shares = new Int32Array((list.length / 3) * 5);
    for (let k = 0, j = 0; k < list.length; k += 3, j += 5) {
      const { feature, bin, defaultLeft } = splits[list[k + 2]].split;
      shares.set([list[k], list[k + 1], feature, bin, defaultLeft ? 1 : 0], j);
    }
    return { columns: binned.columns, rows: binned.rows, missing: binned.missing, order, spare, shares };
  });
  const results = await pool.runShares('partition', tasks);
  const cuts: number[][] = splits.map(() => []);
  for (const [t, list] of lists.entries())
    for (let k = 0; k < list.length; k += 3) cuts[list[k + 2]].push(list[k], list[k + 1], results[t][k / 3]);
  return splits.map(({ node }, i) => joinShares(order, spare, node, cuts[i]));
}
