/**
 * Binning: a value's bin is the number of thresholds ≤ it (so "bin ≤ b" is XGBoost's `v < cut[b]`),
 * whatever the values' sign, scale or duplicates, and missing values get their own code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binMatrix, cutPoints } from '../../../src/ml/boosted-trees/binning.js';
import { threadPool } from '../../../src/ml/boosted-trees/thread-pool.js';
import { seededRandom } from '../../../src/ml/random.js';

test('every code is the count of thresholds ≤ the float32 value; NaN is the missing code', async () => {
  const random = seededRandom(4);
  const rows = 5000;
  const columns: ((r: number) => number)[] = [
    () => (random() - 0.5) * 1e6,
    () => 1000 + random() * 1e-3,
    () => (random() < 0.3 ? -0 : random() < 0.5 ? 0 : random() - 0.5),
    () => (random() < 0.2 ? Number.NaN : Math.floor(random() * 5)),
    (r) => (r % 7 === 0 ? Number.NEGATIVE_INFINITY : -random() * 1e-30),
  ];
  const cols = columns.length;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let f = 0; f < cols; f++) data[r * cols + f] = columns[f](r);
  const binned = await binMatrix({ rows, cols, data }, 32, threadPool(2));
  for (let f = 0; f < cols; f++) {
    const cuts = binned.cuts[f];
    for (let i = 1; i < cuts.length; i++) assert.ok(cuts[i] > cuts[i - 1], `feature ${f}: thresholds ascend`);
    assert.ok(cuts.length <= 31);
    for (let r = 0; r < rows; r++) {
      const v = Math.fround(data[r * cols + f]);
      const want = Number.isNaN(v) ? binned.missing : cuts.filter((c) => c <= v).length;
      assert.equal(binned.codes[r * binned.rowWidth + f], want, `feature ${f}, row ${r}: ${v}`);
      assert.equal(binned.columns[f * rows + r], want);
    }
  }
  assert.deepEqual(Array.from(binned.cuts[3]), [1, 2, 3, 4], 'few distinct values: one bin each');
});

test('with many distinct values the thresholds are near-even quantiles', () => {
  const column = Float32Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
  const cuts = cutPoints(column, 10);
  assert.deepEqual(Array.from(cuts), [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
});

test('binning is the same whether 1, 2 or 3 threads claim the features, however many each claims', async () => {
  const random = seededRandom(8);
  const [rows, cols] = [20_000, 9];
  const data = Float64Array.from({ length: rows * cols }, (_, i) => (i % 11 === 0 ? Number.NaN : random() * (1 + (i % cols))));
  const runs = [];
  for (const threads of [1, 2, 3]) {
    const { cuts, codes, columns, missing } = await binMatrix({ rows, cols, data }, 64, threadPool(threads));
    runs.push({ cuts: cuts.map((c) => Array.from(c)), codes: Array.from(codes), columns: Array.from(columns), missing });
  }
  assert.equal(runs[0].cuts.length, cols);
  assert.ok(runs[0].cuts.every((c) => c.length > 0));
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
});
