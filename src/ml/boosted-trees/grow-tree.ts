/**
 * Grows one tree depth-wise (XGBoost's default `grow_policy`) over the binned matrix. Each level
 * builds the histograms of the smaller child of every split and gets the larger one by
 * subtracting it from its parent's (the subtraction trick), so a level reads at most half the
 * rows it holds. The rows of each node are a contiguous segment of `order`, partitioned stably.
 */
import type { BinnedMatrix } from './binning.js';
import type { FeaturePool } from './feature-pool.js';
import { bestSplit, nodeWeight, type SplitParams } from './split.js';
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
  readonly pool: FeaturePool;
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
  const { binned, params } = ctx;
  const stride = binned.missing + 1;
  const slotSize = binned.cols * stride * 2;
  const nodes = new TreeNodes();
  const leafWeight = (g: number, h: number) => Math.fround(params.learnRate * nodeWeight(g, h, params));
  let g = 0;
  let h = 0;
  for (let i = 0; i < sampled; i++) {
    g += gh[2 * ctx.order[i]];
    h += gh[2 * ctx.order[i] + 1];
  }
  let level: Open[] = [{ id: nodes.add(h, leafWeight(g, h)), start: 0, end: sampled, g, h, slot: 0 }];
  let hist = await histograms(ctx, gh, features, level, 1, slotSize);
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
    if (depth + 1 < params.maxDepth && next.length > 0) hist = await childHistograms(ctx, gh, features, next, hist, slotSize);
    level = next;
  }
  for (const node of level) leaves.push(node.id, node.start, node.end);
  return { ...nodes.finish(), leaves: Int32Array.from(leaves) };
}

/** Histograms of `open` (slots 0…) in a fresh shared buffer of `slots` slots. */
async function histograms(
  ctx: GrowContext,
  gh: Float32Array,
  features: Int32Array,
  open: Open[],
  slots: number,
  slotSize: number,
) {
  const hist = new Float64Array(new SharedArrayBuffer(slots * slotSize * 8));
  const list = new Int32Array(open.length * 3);
  for (const [i, node] of open.entries()) list.set([node.start, node.end, node.slot], i * 3);
  const { codes, rows, cols, missing } = ctx.binned;
  await ctx.pool.run('hist', { codes, rows, cols, stride: missing + 1, gh, order: ctx.order, nodes: list, features, hist });
  return hist;
}

/**
 * The children's histograms: the smaller of each pair built, the larger its parent's less the
 * smaller's. `pairs` come as left, right with their parent's slot; they get slots 0, 1, 2, ….
 */
async function childHistograms(
  ctx: GrowContext,
  gh: Float32Array,
  features: Int32Array,
  pairs: Open[],
  parents: Float64Array,
  slotSize: number,
) {
  const smaller: Open[] = [];
  const parentSlots: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    parentSlots.push(pairs[i].slot);
    pairs[i].slot = i;
    pairs[i + 1].slot = i + 1;
    const [l, r] = [pairs[i], pairs[i + 1]];
    smaller.push(l.end - l.start <= r.end - r.start ? l : r);
  }
  const hist = await histograms(ctx, gh, features, smaller, pairs.length, slotSize);
  const stride = ctx.binned.missing + 1;
  for (let i = 0; i < pairs.length; i += 2) {
    const built = smaller[i / 2].slot;
    const other = built === i ? i + 1 : i;
    const from = parentSlots[i / 2] * slotSize;
    for (let q = 0; q < features.length; q++) {
      const off = features[q] * stride * 2;
      for (let k = off; k < off + stride * 2; k++) hist[other * slotSize + k] = parents[from + k] - hist[built * slotSize + k];
    }
  }
  return hist;
}

/** Stable partition of `order[start, end)` by the split; returns how many go left. */
function partition(ctx: GrowContext, start: number, end: number, feature: number, bin: number, defaultLeft: boolean): number {
  const { order, spare } = ctx;
  const { columns, rows, missing } = ctx.binned;
  const at = feature * rows;
  let l = start;
  let s = 0;
  for (let i = start; i < end; i++) {
    const r = order[i];
    const c = columns[at + r];
    if (c === missing ? defaultLeft : c <= bin) order[l++] = r;
    else spare[s++] = r;
  }
  order.set(spare.subarray(0, s), l);
  return l - start;
}
