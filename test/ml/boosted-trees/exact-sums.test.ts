/**
 * Threads split a node's rows, so the model stays the same only if every sum is the same
 * whatever the order its terms are added in: gradients rounded by `roundForExactSums` make it so.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binMatrix } from '../../../src/ml/boosted-trees/binning.js';
import { roundForExactSums } from '../../../src/ml/boosted-trees/exact-sums.js';
import type { GrowContext } from '../../../src/ml/boosted-trees/grow-tree.js';
import { histograms } from '../../../src/ml/boosted-trees/level-histograms.js';
import { threadPool } from '../../../src/ml/boosted-trees/thread-pool.js';
import { seededRandom } from '../../../src/ml/random.js';
import { OPTIONS } from './fixtures.js';

/** Interleaved gradient (any sign, magnitudes over six decades) and hessian per row. */
function gradients(rows: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const gh = new Float32Array(new SharedArrayBuffer(rows * 8));
  for (let r = 0; r < rows; r++) {
    gh[2 * r] = (random() - 0.5) * 10 ** (random() * 6 - 3);
    gh[2 * r + 1] = random() * 0.25;
  }
  return gh;
}

const sums = (gh: Float32Array) => {
  let forward = 0;
  let backward = 0;
  let odd = 0;
  for (let i = 0; i < gh.length; i += 2) forward += gh[i];
  for (let i = gh.length - 2; i >= 0; i -= 2) backward += gh[i];
  for (let i = 2; i < gh.length; i += 4) odd += gh[i];
  for (let i = 0; i < gh.length; i += 4) odd += gh[i];
  return [forward, backward, odd];
};

test('rounded gradients add up to the same float64 in any order; unrounded ones do not', () => {
  const gh = gradients(50_000, 1);
  const [f0, b0] = sums(gh);
  assert.notEqual(f0, b0, 'the data is such that order matters before rounding');
  const before = Float32Array.from(gh);
  roundForExactSums(gh, 50_000);
  const [f, b, o] = sums(gh);
  assert.equal(b, f);
  assert.equal(o, f);
  let moved = 0;
  let max = 0;
  for (let i = 0; i < gh.length; i += 2) {
    moved = Math.max(moved, Math.abs(gh[i] - before[i]));
    max = Math.max(max, Math.abs(before[i]));
  }
  // At most half a step, and the step is at most 2 · rows · max|g| · 2^-52.
  assert.ok(moved > 0 && moved <= 50_000 * max * 2 ** -52, `moved ${moved}`);
});

test("a level's histograms are bit for bit the same whether 1, 2 or 3 threads share its rows", async () => {
  const rows = 30_000;
  const cols = 5;
  const random = seededRandom(3);
  const data = Float64Array.from({ length: rows * cols }, () => (random() < 0.05 ? Number.NaN : random()));
  const gh = gradients(rows, 2);
  roundForExactSums(gh, rows);
  const results: Float64Array[] = [];
  for (const threads of [1, 2, 3]) {
    const pool = threadPool(threads);
    const binned = await binMatrix({ rows, cols, data }, 64, pool);
    const order = new Uint32Array(new SharedArrayBuffer(rows * 4));
    // Two nodes: the odd rows and the even rows, each an ascending segment.
    for (let i = 0; i < rows; i++) order[i] = i < rows / 2 ? 2 * i + 1 : 2 * (i - rows / 2);
    const ctx: GrowContext = {
      binned,
      bins: Int32Array.from(binned.cuts, (c) => c.length + 1),
      order,
      spare: new Uint32Array(new SharedArrayBuffer(rows * 4)),
      pool,
      arenas: [],
      partials: [],
      slotSize: cols * (binned.missing + 1) * 2,
      params: OPTIONS,
    };
    // Two nodes of a tree cut into three regions: a segment in each.
    const third = Math.floor(rows / 3);
    const half = Math.floor(third / 2);
    const nodes = [
      { segs: Int32Array.of(0, half, third, third + half, 2 * third, 2 * third + half), slot: 1 },
      { segs: Int32Array.of(half, third, third + half, 2 * third, 2 * third + half, rows), slot: 0 },
    ];
    const hist = await histograms(ctx, gh, Int32Array.from([0, 1, 2, 3, 4]), nodes, 2, 0);
    results.push(Float64Array.from(hist.subarray(0, 2 * ctx.slotSize)));
  }
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[2], results[0]);
});
