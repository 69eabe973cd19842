/**
 * A tree level's histograms. The root's are built from all its rows (`histograms`); below it,
 * each level builds the histogram of the smaller child of every split and gets the larger one by
 * subtracting it from its parent's (the subtraction trick), so a level reads at most half the
 * rows it holds, and it does so in the hand-off that partitions the level (`splitLevel`,
 * `level-job.ts`). The threads claim pieces of the nodes' rows one at a time (`cutPieces` in
 * `row-shares.ts`), each share of the job summing into its own arena (the first share's is the
 * level's), then the others' sums are added in. The sums are exact (`exact-sums.ts`), so how the
 * rows were shared, and which child was built, does not change them.
 */
import type { GrowContext } from './grow-tree.js';
import { LEVEL_SHARE } from './level-job.js';
import { addPartials, LEVEL_SPLIT, type SplitsTask } from './level-splits.js';
import { cutPieces, type Segment } from './row-shares.js';
import { acceptSplit, mergeScans, SCAN, type Split, splitParams } from './split.js';
import { splitFeatures } from './thread-pool.js';

/** A node whose histogram is built: its rows `order[start, end)` and its slot in the arena. */
export interface Slotted {
  readonly start: number;
  readonly end: number;
  slot: number;
}

/** A split node of a level: its rows and slot, its sums, the split, and its children's hessian sums. */
export interface LevelSplit {
  readonly start: number;
  readonly end: number;
  readonly slot: number;
  readonly g: number;
  readonly feature: number;
  readonly bin: number;
  readonly defaultLeft: boolean;
  readonly leftG: number;
  readonly leftH: number;
  readonly rightH: number;
}

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

/** Per share of a claimed job, the arena it sums into: `hist` for the first, its own for each other. */
function shareArenas(ctx: GrowContext, hist: Float64Array, slots: number): Float64Array[] {
  return [hist, ...Array.from({ length: ctx.pool.threads - 1 }, (_, t) => arena(ctx, ctx.partials, t, slots))];
}

/**
 * Histograms of `open` in arena `which` (0 or 1), which gets at least `slots` slots. With
 * `scales` (gradient, hessian), the rows' gradients are first rounded for exact sums
 * (`exact-sums.ts`): the root's pass does it for the rows its tree reads. The threads claim the
 * nodes' pieces (`cutPieces`), each summing into its share's arena, whose sums are then added in.
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
  const nodes = cutPieces(open, ctx.pool.threads);
  for (let k = 2; k < nodes.length; k += 3) nodes[k] = open[nodes[k]].slot;
  const arenas = shareArenas(ctx, hist, slots);
  const built = await ctx.pool.runClaimed('hist', { ...histBase(ctx, gh, features), nodes, arenas, scales });
  addPartials(hist, ctx.partials, built, features, ctx.slotSize, ctx.binned.missing + 1);
  return hist;
}

/**
 * Partitions the level's split nodes and builds their children's histograms, in arena `which`:
 * split j's children get slots 2j (left) and 2j + 1 (right); the one with the smaller hessian
 * sum (a proxy for the smaller row count, which only the partition tells) is built, the other
 * is its parent's (in `parents`) less it (`level-splits.ts`). Returns each split's left row
 * count and each child's best split (2j, 2j + 1; undefined where none stands).
 */
export async function splitLevel(
  ctx: GrowContext,
  gh: Float32Array,
  features: Int32Array,
  splits: readonly LevelSplit[],
  parents: Float64Array,
  which: number,
): Promise<{ lefts: number[]; hist: Float64Array; best: (Split | undefined)[] }> {
  const slots = 2 * splits.length;
  const hist = arena(ctx, ctx.arenas, which, slots);
  const { binned, spare } = ctx;
  const side = splits.map((s) => (s.leftH <= s.rightH ? 0 : 1));
  const pieces = cutPieces(splits, ctx.pool.threads);
  const count = pieces.length / 3;
  const shares = new Int32Array(count * LEVEL_SHARE);
  for (let p = 0; p < count; p++) {
    const i = pieces[3 * p + 2];
    const { feature, bin, defaultLeft } = splits[i];
    shares.set([pieces[3 * p], pieces[3 * p + 1], feature, bin, defaultLeft ? 1 : 0, side[i], 2 * i + side[i]], p * LEVEL_SHARE);
  }
  const pieceLefts = new Int32Array(new SharedArrayBuffer(4 * count));
  const { columns, missing } = binned;
  const arenas = shareArenas(ctx, hist, slots);
  const task = { ...histBase(ctx, gh, features), columns, missing, spare, shares, arenas, lefts: pieceLefts };
  const built = await ctx.pool.runClaimed('level', task);
  // Per split, its pieces' `start, end, left rows`, in row order.
  const cuts: number[][] = splits.map(() => []);
  for (let p = 0; p < count; p++) cuts[pieces[3 * p + 2]].push(pieces[3 * p], pieces[3 * p + 1], pieceLefts[p]);
  const lefts = cuts.map((c) => c.reduce((sum, left, k) => (k % 3 === 2 ? sum + left : sum), 0));
  const joins = splits.map((split, i) => ({ ...split, cuts: cuts[i] })).filter((join) => join.cuts.length > 3);
  return { lefts, hist, best: await childSplits(ctx, features, splits, side, hist, parents, built, joins) };
}

/**
 * The level's split search over the pool's threads, a share of the features each
 * (`level-splits.ts`); the same hand-off joins the shares of the nodes the level job cut
 * (`joinShares`), each thread some of the nodes, so that the calling thread does not copy their
 * rows alone while the workers wait.
 */
async function childSplits(
  ctx: GrowContext,
  features: Int32Array,
  splits: readonly LevelSplit[],
  side: readonly number[],
  hist: Float64Array,
  parents: Float64Array,
  built: Int32Array[],
  joins: readonly (Segment & { cuts: number[] })[],
): Promise<(Split | undefined)[]> {
  const table = new Float64Array(splits.length * LEVEL_SPLIT);
  for (const [j, s] of splits.entries()) table.set([s.slot, side[j], s.g, s.leftG, s.leftH, s.rightH], j * LEVEL_SPLIT);
  const params = splitParams(ctx.params);
  const partials = ctx.partials.slice(0, built.length - 1);
  const { slotSize, bins, order, spare } = ctx;
  const stride = ctx.binned.missing + 1;
  const shares = splitFeatures(features, ctx.pool.parts);
  const joinLists = shareJoins(joins, shares.length);
  const base = { hist, parents, partials, built, splits: table, slotSize, stride, bins, params, order, spare };
  const tasks: SplitsTask[] = shares.map((share, t) => ({ ...base, features: share, joins: joinLists[t] }));
  const scans = await ctx.pool.runShares('splits', tasks);
  const merged = new Float64Array(2 * splits.length * SCAN);
  const best: (Split | undefined)[] = [];
  for (let c = 0; c < 2 * splits.length; c++) {
    mergeScans(merged, c * SCAN, scans);
    best.push(acceptSplit(merged, c * SCAN, params));
  }
  return best;
}

/** Per share, the joins it does (whole nodes, each to the share with the fewest rows so far), `start, end, cuts…` flattened. */
function shareJoins(joins: readonly (Segment & { cuts: number[] })[], parts: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: parts }, () => []);
  const load = new Float64Array(parts);
  for (const { start, end, cuts } of joins) {
    let least = 0;
    for (let t = 1; t < parts; t++) if (load[t] < load[least]) least = t;
    lists[least].push(start, end, cuts.length, ...cuts);
    load[least] += end - start;
  }
  return lists.map((list) => Int32Array.from(list));
}
