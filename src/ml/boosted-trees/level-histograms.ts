/**
 * A tree level's histograms. The root's are built from all its rows (`histograms`); below it,
 * each level builds the histogram of the smaller child of every split and gets the larger one by
 * subtracting it from its parent's (the subtraction trick), so a level reads at most half the
 * rows it holds. A level is two hand-offs (`splitLevel`): the threads claim the tree's regions
 * and partition every split node's segment in each (`level-job.ts`), then each takes a share of
 * the features and builds, completes and scans the children's histograms for it
 * (`level-splits.ts`). The root's rows are claimed region by region, each share of that job
 * summing into its own arena, whose sums are then added in. The sums are exact
 * (`exact-sums.ts`), so how the rows were shared, and which child was built, does not change them.
 */
import type { GrowContext } from './grow-tree.js';
import { LEVEL_SHARE } from './level-job.js';
import { addPartials, LEVEL_SPLIT, type SplitsTask } from './level-splits.js';
import { rowCount, type Segments, segmentList, splitSegments } from './row-shares.js';
import { acceptSplit, mergeScans, SCAN, type Split, splitParams } from './split.js';
import { splitFeatures } from './thread-pool.js';

/** A node whose histogram is built: its rows (a segment per region) and its slot in the arena. */
export interface Slotted {
  readonly segs: Segments;
  slot: number;
}

/** A split node of a level: its rows and slot, its sums, the split, and its children's hessian sums. */
export interface LevelSplit extends Slotted {
  readonly g: number;
  readonly feature: number;
  readonly bin: number;
  readonly defaultLeft: boolean;
  readonly leftG: number;
  readonly leftH: number;
  readonly rightH: number;
}

/** A level's outcome: per split its children's rows, the level's arena, and each child's best split. */
export interface SplitLevel {
  /** Split j's children's segments: 2j (left) and 2j + 1 (right). */
  readonly children: Segments[];
  readonly hist: Float64Array;
  /** Child c's best split (undefined where none stands). */
  readonly best: (Split | undefined)[];
}

/** Feature shares per thread in a level's split search: a late worker's second goes to the caller. */
const FEATURE_SHARES_PER_THREAD = 2;

/** Arena `i` of `arenas` with room for `slots` slots (a new one when it has not). */
function arena(ctx: GrowContext, arenas: Float64Array[], i: number, slots: number): Float64Array {
  const length = Math.max(slots, 4) * ctx.slotSize;
  if ((arenas[i]?.length ?? 0) < slots * ctx.slotSize)
    arenas[i] = ctx.memory ? ctx.memory.array(Float64Array, length) : new Float64Array(new SharedArrayBuffer(length * 8));
  return arenas[i];
}

/** What every histogram task has in common. */
function histBase(ctx: GrowContext, gh: Float32Array, features: Int32Array) {
  const { codes, rows, cols, rowWidth, missing } = ctx.binned;
  const kernel = ctx.memory?.memory;
  return { codes, rows, cols, rowWidth, stride: missing + 1, gh, order: ctx.order, features, kernel };
}

/**
 * Histograms of `open` in arena `which` (0 or 1), which gets at least `slots` slots. With
 * `scales` (gradient, hessian), the rows' gradients are first rounded for exact sums
 * (`exact-sums.ts`): the root's pass does it for the rows its tree reads. The threads claim the
 * nodes' segments, each share of the job summing into its own arena, whose sums are then added in.
 */
export async function histograms(
  ctx: GrowContext,
  gh: Float32Array,
  features: Int32Array,
  open: readonly Slotted[],
  slots: number,
  which: number,
  scales?: Float64Array,
): Promise<Float64Array> {
  const hist = arena(ctx, ctx.arenas, which, slots);
  const nodes = segmentList(open);
  const arenas = [hist, ...Array.from({ length: ctx.pool.threads - 1 }, (_, t) => arena(ctx, ctx.partials, t, slots))];
  const built = await ctx.pool.runClaimed('hist', { ...histBase(ctx, gh, features), nodes, arenas, scales });
  addPartials(hist, ctx.partials, built, features, ctx.slotSize, ctx.binned.missing + 1);
  return hist;
}

/**
 * Partitions the level's split nodes and builds their children's histograms, in arena `which`:
 * split j's children get slots 2j (left) and 2j + 1 (right); the one with fewer rows is built,
 * the other is its parent's (in `parents`) less it (`level-splits.ts`).
 */
export async function splitLevel(
  ctx: GrowContext,
  gh: Float32Array,
  features: Int32Array,
  splits: readonly LevelSplit[],
  parents: Float64Array,
  which: number,
): Promise<SplitLevel> {
  const regions = splits[0].segs.length / 2;
  const shares = new Int32Array(regions * splits.length * LEVEL_SHARE);
  for (let r = 0, at = 0; r < regions; r++)
    for (const { segs, feature, bin, defaultLeft } of splits) {
      shares.set([segs[2 * r], segs[2 * r + 1], feature, bin, defaultLeft ? 1 : 0], at);
      at += LEVEL_SHARE;
    }
  const lefts = new Int32Array(new SharedArrayBuffer(4 * regions * splits.length));
  const { columns, rows, missing } = ctx.binned;
  const kernel = ctx.memory?.memory;
  const { order, spare } = ctx;
  await ctx.pool.runClaimed('level', { columns, rows, missing, order, spare, kernel, shares, splits: splits.length, lefts });
  const children: Segments[] = [];
  for (const [i, { segs }] of splits.entries()) {
    const perRegion = Int32Array.from({ length: regions }, (_, r) => lefts[r * splits.length + i]);
    children.push(...splitSegments(segs, perRegion));
  }
  const hist = arena(ctx, ctx.arenas, which, 2 * splits.length);
  const best = await childSplits(ctx, gh, features, splits, children, hist, parents);
  return { children, hist, best };
}

/** The level's histograms and split search over the pool's threads, a share of the features each (`level-splits.ts`). */
async function childSplits(
  ctx: GrowContext,
  gh: Float32Array,
  features: Int32Array,
  splits: readonly LevelSplit[],
  children: readonly Segments[],
  hist: Float64Array,
  parents: Float64Array,
): Promise<(Split | undefined)[]> {
  const table = new Float64Array(splits.length * LEVEL_SPLIT);
  const built: Slotted[] = [];
  for (const [j, s] of splits.entries()) {
    // The child with fewer rows is summed (by rows, not hessian: the partition has counted them).
    const side = rowCount(children[2 * j]) <= rowCount(children[2 * j + 1]) ? 0 : 1;
    built.push({ segs: children[2 * j + side], slot: 2 * j + side });
    table.set([s.slot, side, s.g, s.leftG, s.leftH, s.rightH], j * LEVEL_SPLIT);
  }
  const params = splitParams(ctx.params);
  const { slotSize, bins } = ctx;
  const nodes = segmentList(built);
  const base = { ...histBase(ctx, gh, features), hist, parents, nodes, splits: table, slotSize, bins, params };
  const parts = ctx.pool.threads === 1 ? 1 : ctx.pool.threads * FEATURE_SHARES_PER_THREAD;
  const tasks: SplitsTask[] = splitFeatures(features, parts).map((share) => ({ ...base, features: share }));
  const scans = await ctx.pool.runShares('splits', tasks);
  const merged = new Float64Array(2 * splits.length * SCAN);
  const best: (Split | undefined)[] = [];
  for (let c = 0; c < 2 * splits.length; c++) {
    mergeScans(merged, c * SCAN, scans);
    best.push(acceptSplit(merged, c * SCAN, params));
  }
  return best;
}
