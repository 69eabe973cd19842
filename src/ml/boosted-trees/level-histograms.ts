/**
 * A tree level's histograms. Each level builds the histograms of the smaller child of every split
 * and gets the larger one by subtracting it from its parent's (the subtraction trick), so a level
 * reads at most half the rows it holds. One pass over the pool per level: the threads take shares
 * of the nodes' rows (`row-shares.ts`), the calling thread summing into the level's arena, each
 * worker into its own, then the workers' sums are added in. The sums are exact (`exact-sums.ts`),
 * so how the rows were shared does not change them.
 */
import type { GrowContext } from './grow-tree.js';
import type { HistTask } from './histogram.js';
import { shareRows } from './row-shares.js';

/** A node whose histogram is built: its rows `order[start, end)` and its slot in the arena. */
export interface Slotted {
  readonly start: number;
  readonly end: number;
  slot: number;
}

function arena(arenas: Float64Array[], i: number, slots: number, slotSize: number): Float64Array {
  if ((arenas[i]?.length ?? 0) < slots * slotSize)
    arenas[i] = new Float64Array(new SharedArrayBuffer(Math.max(slots, 4) * slotSize * 8));
  return arenas[i];
}

/** Histograms of `open` in arena `which` (0 or 1), which gets at least `slots` slots. */
export async function histograms(
  ctx: GrowContext,
  gh: Float32Array,
  features: Int32Array,
  open: readonly Slotted[],
  slots: number,
  which: number,
): Promise<Float64Array> {
  const { binned, pool, slotSize } = ctx;
  const hist = arena(ctx.arenas, which, slots, slotSize);
  const lists = shareRows(open, pool.threads);
  const { codes, rows, cols, rowWidth, missing } = binned;
  const common = { codes, rows, cols, rowWidth, stride: missing + 1, gh, order: ctx.order, features };
  const tasks: HistTask[] = lists.map((shares, t) => {
    const nodes = Int32Array.from(shares);
    for (let k = 2; k < nodes.length; k += 3) nodes[k] = open[nodes[k]].slot;
    return { ...common, nodes, hist: t === 0 ? hist : arena(ctx.partials, t - 1, slots, slotSize) };
  });
  await pool.runShares('hist', tasks);
  // The workers' sums into the level's arena, whose slots this thread had no share of are zeroed.
  const mine = new Set(Array.from(tasks[0].nodes.filter((_, k) => k % 3 === 2)));
  for (const node of open) if (!mine.has(node.slot)) hist.fill(0, node.slot * slotSize, (node.slot + 1) * slotSize);
  const width = (missing + 1) * 2;
  for (let t = 1; t < tasks.length; t++) {
    const { nodes, hist: partial } = tasks[t];
    for (let k = 0; k < nodes.length; k += 3)
      for (let q = 0; q < features.length; q++) {
        const from = nodes[k + 2] * slotSize + features[q] * width;
        for (let i = from; i < from + width; i++) hist[i] += partial[i];
      }
  }
  return hist;
}

/**
 * The children's histograms: the smaller of each pair built, the larger its parent's less the
 * smaller's. `pairs` come as left, right with their parent's slot; they get slots 0, 1, 2, ….
 */
export async function childHistograms(
  ctx: GrowContext,
  gh: Float32Array,
  features: Int32Array,
  pairs: Slotted[],
  parents: Float64Array,
  which: number,
): Promise<Float64Array> {
  const smaller: Slotted[] = [];
  const parentSlots: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    parentSlots.push(pairs[i].slot);
    pairs[i].slot = i;
    pairs[i + 1].slot = i + 1;
    const [l, r] = [pairs[i], pairs[i + 1]];
    smaller.push(l.end - l.start <= r.end - r.start ? l : r);
  }
  const hist = await histograms(ctx, gh, features, smaller, pairs.length, which);
  const { slotSize } = ctx;
  const width = (ctx.binned.missing + 1) * 2;
  for (let i = 0; i < pairs.length; i += 2) {
    const built = smaller[i / 2].slot * slotSize;
    const other = (smaller[i / 2].slot === i ? i + 1 : i) * slotSize;
    const from = parentSlots[i / 2] * slotSize;
    for (let q = 0; q < features.length; q++) {
      const off = features[q] * width;
      for (let k = off; k < off + width; k++) hist[other + k] = parents[from + k] - hist[built + k];
    }
  }
  return hist;
}
