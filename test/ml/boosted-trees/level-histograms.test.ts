/**
 * The histogram passes of a tree level: the WebAssembly kernels sum and partition as the TypeScript loops
 * do, in the same order; and a level (its segments partitioned region by region, then the smaller
 * child's rows summed by feature, the larger child by subtraction) gives the children the
 * histograms a pass over their rows gives, over 1, 2 and 3 threads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BinnedMatrix, binMatrix } from '../../../src/ml/boosted-trees/binning.js';
import { roundForExactSums } from '../../../src/ml/boosted-trees/exact-sums.js';
import type { GrowContext } from '../../../src/ml/boosted-trees/grow-tree.js';
import { buildHistograms } from '../../../src/ml/boosted-trees/histogram.js';
import { type KernelMemory, kernelMemory } from '../../../src/ml/boosted-trees/kernel-memory.js';
import { histograms, splitLevel } from '../../../src/ml/boosted-trees/level-histograms.js';
import { partitionShares } from '../../../src/ml/boosted-trees/partition.js';
import { bestSplit } from '../../../src/ml/boosted-trees/split.js';
import { threadPool } from '../../../src/ml/boosted-trees/thread-pool.js';
import { seededRandom } from '../../../src/ml/random.js';
import { OPTIONS } from './fixtures.js';

const ROWS = 30_000;
const COLS = 7;

async function setUp(
  threads: number,
): Promise<{ binned: BinnedMatrix; memory: KernelMemory; gh: Float32Array; order: Uint32Array }> {
  const random = seededRandom(11);
  const data = Float64Array.from({ length: ROWS * COLS }, () => (random() < 0.05 ? Number.NaN : random()));
  const memory = kernelMemory(ROWS * 32) as KernelMemory;
  const binned = await binMatrix({ rows: ROWS, cols: COLS, data }, 64, threadPool(threads), memory);
  const gh = memory.array(Float32Array, ROWS * 2);
  for (let i = 0; i < gh.length; i++) gh[i] = (random() - 0.5) * 10 ** (random() * 4 - 2);
  const order = memory.array(Uint32Array, ROWS);
  return { binned, memory, gh, order };
}

test('the WebAssembly kernel sums the rows as the TypeScript loop does, unrounded gradients included', async () => {
  const { binned, memory, gh, order } = await setUp(1);
  // Two nodes: every third row, and the rest; 7 features (a row of codes padded to 8 bytes).
  let at = 0;
  for (let r = 0; r < ROWS; r += 3) order[at++] = r;
  const third = at;
  for (let r = 0; r < ROWS; r++) if (r % 3 !== 0) order[at++] = r;
  const stride = binned.missing + 1;
  const size = COLS * stride * 2;
  const sum = (kernel: WebAssembly.Memory | undefined, features: Int32Array) => {
    const hist = memory.array(Float64Array, 2 * size);
    const { codes, rowWidth } = binned;
    const nodes = Int32Array.from([0, third, 1, third, ROWS, 0]);
    buildHistograms({ codes, rows: ROWS, cols: COLS, rowWidth, stride, gh, order, nodes, features, hist, kernel });
    return hist;
  };
  for (const features of [Int32Array.from([0, 1, 2, 3, 4, 5, 6]), Int32Array.from([2, 3, 4])]) {
    const kernel = sum(memory.memory, features);
    assert.deepEqual(kernel, sum(undefined, features));
    assert.ok(kernel.some((v) => v !== 0));
  }
});

test("a level's partition, claimed region by region, gives its children the histograms of their rows, over 1, 2 and 3 threads", async () => {
  for (const threads of [1, 2, 3]) {
    const { binned, memory, gh, order } = await setUp(threads);
    roundForExactSums(gh, ROWS);
    for (let r = 0; r < ROWS; r++) order[r] = r;
    const ctx: GrowContext = {
      binned,
      bins: Int32Array.from(binned.cuts, (c) => c.length + 1),
      order,
      spare: memory.array(Uint32Array, ROWS),
      pool: threadPool(threads),
      memory,
      arenas: [],
      partials: [],
      slotSize: COLS * (binned.missing + 1) * 2,
      params: OPTIONS,
    };
    const features = Int32Array.from({ length: COLS }, (_, f) => f);
    // Three regions of 10,000 rows; two parents, the first holding the first 4,000 rows of each
    // region, the second the rest; split on features 1 and 4, missing left / right.
    const parentSegs = [
      Int32Array.of(0, 4_000, 10_000, 14_000, 20_000, 24_000),
      Int32Array.of(4_000, 10_000, 14_000, 20_000, 24_000, ROWS),
    ];
    const parents = Float64Array.from(
      await histograms(
        ctx,
        gh,
        features,
        parentSegs.map((segs, slot) => ({ segs, slot })),
        2,
        0,
      ),
    );
    const split = (segs: Int32Array, slot: number, feature: number, defaultLeft: boolean) => {
      const sums = { g: 0, leftG: 0, leftH: 0, rightH: 1 };
      return { segs, slot, feature, bin: 20, defaultLeft, ...sums };
    };
    const { children, hist } = await splitLevel(
      ctx,
      gh,
      features,
      [split(parentSegs[0], 0, 1, true), split(parentSegs[1], 1, 4, false)],
      parents,
      1,
    );
    const built = Float64Array.from(hist.subarray(0, 4 * ctx.slotSize));
    const fresh = await histograms(
      ctx,
      gh,
      features,
      children.map((segs, slot) => ({ segs, slot })),
      4,
      0,
    );
    assert.deepEqual(built, Float64Array.from(fresh.subarray(0, 4 * ctx.slotSize)), `${threads} threads`);
    for (const [c, segs] of children.entries()) {
      const [feature, bin, missingLeft] = c < 2 ? [1, 20, true] : [4, 20, false];
      for (let k = 0; k < segs.length; k += 2)
        for (let j = segs[k]; j < segs[k + 1]; j++) {
          if (j > segs[k]) assert.ok(order[j - 1] < order[j], 'partitions keep rows ascending');
          const code = binned.columns[feature * ROWS + order[j]];
          const left = code === binned.missing ? missingLeft : code <= bin;
          assert.equal(left, c % 2 === 0, `child ${c} holds its side's rows`);
        }
    }
    assert.ok(children.every((segs) => segs.length === 6 && segs[1] - segs[0] > 0));
  }
});

test('the WebAssembly partition moves the rows as the TypeScript one does, missing values either way', async () => {
  const { binned, memory } = await setUp(1);
  const { columns, missing } = binned;
  const run = (kernel: WebAssembly.Memory | undefined, defaultLeft: number) => {
    const order = memory.array(Uint32Array, ROWS);
    for (let r = 0; r < ROWS; r++) order[r] = r;
    const spare = memory.array(Uint32Array, ROWS);
    // Two shares: rows [0, 10,000) on feature 2, the rest on feature 5.
    const shares = Int32Array.from([0, 10_000, 2, 30, defaultLeft, 10_000, ROWS, 5, 12, defaultLeft]);
    const lefts = partitionShares({ columns, rows: ROWS, missing, order, spare, kernel }, shares, 5);
    return { lefts: Array.from(lefts), order: Array.from(order) };
  };
  for (const defaultLeft of [0, 1]) {
    const kernel = run(memory.memory, defaultLeft);
    assert.deepEqual(kernel, run(undefined, defaultLeft));
    assert.ok(kernel.lefts[0] > 0 && kernel.lefts[0] < 10_000);
  }
});

test("a level's split search, shared out by feature over 1, 2 and 3 threads, finds each child's best split as one scan of its histogram does", async () => {
  for (const threads of [1, 2, 3]) {
    const { binned, memory, gh, order } = await setUp(threads);
    // Hessians positive, as every objective's are, so that children can weigh enough to split.
    for (let i = 1; i < gh.length; i += 2) gh[i] = Math.abs(gh[i]);
    roundForExactSums(gh, ROWS);
    const ctx: GrowContext = {
      binned,
      bins: Int32Array.from(binned.cuts, (c) => c.length + 1),
      order,
      spare: memory.array(Uint32Array, ROWS),
      pool: threadPool(threads),
      memory,
      arenas: [],
      partials: [],
      slotSize: COLS * (binned.missing + 1) * 2,
      params: OPTIONS,
    };
    const features = Int32Array.from({ length: COLS }, (_, f) => f);
    const stride = binned.missing + 1;
    // A node's sums: any one feature's bins added up (exact sums).
    const sums = (hist: Float64Array, slot: number) => {
      let [g, h] = [0, 0];
      for (let k = slot * ctx.slotSize; k < slot * ctx.slotSize + stride * 2; k += 2) [g, h] = [g + hist[k], h + hist[k + 1]];
      return { g, h };
    };
    // Three parents split on features 1, 4 and 6 (missing left, right, left): first partitioned
    // once to learn the children's sums, then again with them, as growing a tree does.
    const bounds = [0, 9_000, 21_000, ROWS];
    const on = [
      [1, 20, 1],
      [4, 33, 0],
      [6, 7, 1],
    ];
    const level = async (children?: { g: number; h: number }[]) => {
      for (let r = 0; r < ROWS; r++) order[r] = r;
      const nodes = [0, 1, 2].map((i) => ({ segs: Int32Array.of(bounds[i], bounds[i + 1]), slot: i }));
      const parents = Float64Array.from(await histograms(ctx, gh, features, nodes, 3, 0));
      const splits = nodes.map((node, i) => {
        const [left, right] = children ? [children[2 * i], children[2 * i + 1]] : [sums(parents, i), { g: 0, h: 0 }];
        const [feature, bin, defaultLeft] = on[i];
        const g = left.g + right.g;
        return { ...node, g, feature, bin, defaultLeft: defaultLeft === 1, leftG: left.g, leftH: left.h, rightH: right.h };
      });
      return splitLevel(ctx, gh, features, splits, parents, 1);
    };
    const first = await level();
    const children = [0, 1, 2, 3, 4, 5].map((c) => sums(first.hist, c));
    const { hist, best } = await level(children);
    const found = children.map(({ g, h }, c) => bestSplit(hist, c * ctx.slotSize, stride, features, ctx.bins, g, h, OPTIONS));
    assert.deepEqual(best, found, `${threads} threads`);
    assert.ok(found.filter((s) => s !== undefined).length >= 4, 'most children have a split that stands');
  }
});
