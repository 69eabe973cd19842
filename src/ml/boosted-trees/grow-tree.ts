/**
 * Grows one tree depth-wise (XGBoost's default `grow_policy`) over the binned matrix, a level at
 * a time: each node's best split from the level's histograms, then (`level-histograms.ts`) the
 * split nodes' rows partitioned and the next level's histograms built and searched. The tree's
 * rows are cut into regions of `order` (`row-shares.ts`), and a node's rows are a segment in each,
 * partitioned stably in place.
 */
import type { BinnedMatrix } from './binning.js';
import type { KernelMemory } from './kernel-memory.js';
import { histograms, type LevelSplit, splitLevel } from './level-histograms.js';
import { regions, type Segments } from './row-shares.js';
import { bestSplit, nodeWeight, type Split, type SplitParams, splitParams } from './split.js';
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
   * The training's kernel memory, when the byte codes (both layouts), the gradients, `order` and
   * `spare` live in it: the arenas are then carved from it too, and rows partitioned and summed
   * by the WebAssembly kernels (`wasm-kernels.ts`), which trust those arrays to be in it.
   */
  readonly memory?: KernelMemory;
  /**
   * Two histogram arenas in shared memory, a level's parents in one and its children in the
   * other, reused from level to level and tree to tree (grown when a level needs more slots).
   */
  readonly arenas: Float64Array[];
  /** Per share of a histogram job after the first (the root's), the arena it sums its rows into. */
  readonly partials: Float64Array[];
  /** A histogram slot's length: features × bins (with missing) × 2. */
  readonly slotSize: number;
  readonly params: GrowParams;
}

interface Open {
  readonly id: number;
  readonly segs: Segments;
  readonly g: number;
  readonly h: number;
  slot: number;
  /** The node's best split (undefined: it stays a leaf). */
  readonly split: Split | undefined;
}

/** A grown tree and where its sampled rows ended: `leaves` holds `node, start, end` per leaf segment. */
export interface GrownWithRows extends GrownTree {
  readonly leaves: Int32Array;
  /**
   * The last level's splits, whose rows were left unpartitioned: per segment `order[start, end)`,
   * `start, end, left leaf, right leaf, feature, bin, defaultLeft` (rows with a bin ≤ `bin` go left).
   */
  readonly routed: Int32Array;
}

/** A round's gradients of one output group, and the scales that round them (`exact-sums.ts`). */
export interface TreeGradients {
  /** Interleaved gradient and hessian per row, not yet rounded: the root's pass rounds them. */
  readonly gh: Float32Array;
  readonly scales: Float64Array;
}

export async function growTree(
  ctx: GrowContext,
  { gh, scales }: TreeGradients,
  sampled: number,
  features: Int32Array,
): Promise<GrownWithRows> {
  const { binned, params } = ctx;
  const stride = binned.missing + 1;
  const nodes = new TreeNodes();
  const leafWeight = (g: number, h: number) => Math.fround(params.learnRate * nodeWeight(g, h, params));
  const root = { segs: regions(sampled, ctx.pool.threads), slot: 0 };
  let hist = await histograms(ctx, gh, features, [root], 1, 0, scales);
  // The root's sums are any one feature's bins added up (exact sums: in any order the same).
  let g = 0;
  let h = 0;
  for (let k = features[0] * stride * 2; k < (features[0] + 1) * stride * 2; k += 2) {
    g += hist[k];
    h += hist[k + 1];
  }
  const rootSplit = bestSplit(hist, 0, stride, features, ctx.bins, g, h, splitParams(params));
  let open: Open[] = [{ ...root, id: nodes.add(h, leafWeight(g, h)), g, h, split: rootSplit }];
  const leaves: number[] = [];
  const routed: number[] = [];
  for (let depth = 0; depth < params.maxDepth && open.length > 0; depth++) {
    // The last level's rows are not partitioned: the leaves' values are added to them by the
    // split (`routed`), which reads each row's code once rather than moving it and then reading it.
    const last = depth + 1 === params.maxDepth;
    const level: LevelSplit[] = [];
    const children: number[] = [];
    for (const node of open) {
      const { split } = node;
      if (split === undefined) {
        pushLeaf(leaves, node);
        continue;
      }
      const { feature, bin, defaultLeft, gain, leftG, leftH } = split;
      nodes.split(node.id, { feature, bin, defaultLeft, gain, condition: binned.cuts[feature][bin] });
      const rightH = node.h - leftH;
      const left = nodes.add(leftH, leafWeight(leftG, leftH));
      const right = nodes.add(rightH, leafWeight(node.g - leftG, rightH));
      nodes.link(node.id, left, right);
      if (last) pushSegments(routed, node.segs, left, right, feature, bin, defaultLeft ? 1 : 0);
      else {
        const { segs, slot, g } = node;
        level.push({ segs, slot, g, feature, bin, defaultLeft, leftG, leftH, rightH });
        children.push(left, right);
      }
    }
    const next: Open[] = [];
    if (level.length > 0) {
      // Partitions the level, sums its children and finds their best splits (`level-splits.ts`).
      const done = await splitLevel(ctx, gh, features, level, hist, (depth + 1) % 2);
      hist = done.hist;
      for (const [i, split] of level.entries()) {
        const [g, h] = [split.leftG, split.leftH];
        next.push({ id: children[2 * i], segs: done.children[2 * i], g, h, slot: 2 * i, split: done.best[2 * i] });
        const [id, segs, slot, rightSplit] = [children[2 * i + 1], done.children[2 * i + 1], 2 * i + 1, done.best[2 * i + 1]];
        next.push({ id, segs, g: split.g - g, h: split.rightH, slot, split: rightSplit });
      }
    }
    open = next;
  }
  for (const node of open) pushLeaf(leaves, node);
  return { ...nodes.finish(), leaves: Int32Array.from(leaves), routed: Int32Array.from(routed) };
}

/** Per non-empty segment of `segs`, its `start, end` and `then` onto `list`. */
function pushSegments(list: number[], segs: Segments, ...then: number[]): void {
  for (let k = 0; k < segs.length; k += 2) if (segs[k] < segs[k + 1]) list.push(segs[k], segs[k + 1], ...then);
}

/** A leaf's `node, start, end` per non-empty segment onto `leaves`. */
function pushLeaf(leaves: number[], { id, segs }: Open): void {
  for (let k = 0; k < segs.length; k += 2) if (segs[k] < segs[k + 1]) leaves.push(id, segs[k], segs[k + 1]);
}
