import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KllSketch } from '../../../../src/monitor/data-quality/profile/kll-sketch.js';
import { sortValues } from '../../../../src/monitor/data-quality/profile/sort-values.js';

function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 4294967296;
  };
}

/** The largest |estimated rank − true rank| / n over 99 quantiles, true ranks from the sorted data. */
function worstRankError(sketch: KllSketch, data: Float64Array): number {
  const sorted = Float64Array.from(data).sort();
  const items = sketch.weighted();
  let worst = 0;
  for (let q = 1; q < 100; q++) {
    const estimate = items.quantile(q / 100);
    // True rank interval of the estimate: [first index ≥ estimate, first index > estimate].
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) < estimate) lo = mid + 1;
      else hi = mid;
    }
    const target = (q / 100) * sorted.length;
    let upper = lo;
    while (upper < sorted.length && sorted[upper] === estimate) upper++;
    const error = target < lo ? lo - target : target > upper ? target - upper : 0;
    worst = Math.max(worst, error / sorted.length);
  }
  return worst;
}

function values(n: number, seed: number, shape: (u: number) => number): Float64Array {
  const next = rng(seed);
  return Float64Array.from({ length: n }, () => shape(next()));
}

// KLL with k = 2048 has a normalised rank error around 1/k·(a small constant); 0.5 % is well above
// what Deequ's sketch reaches at this size and far below what a broken compaction gives.
const BOUND = 0.005;

describe('KllSketch (Deequ k = 2048, c = 0.64)', () => {
  for (const [name, shape] of [
    ['uniform', (u: number) => u * 100],
    ['exponential', (u: number) => -Math.log(u)],
    ['skewed with many ties', (u: number) => Math.floor(u ** 4 * 50)],
  ] as const) {
    test(`quantiles of 1e6 ${name} values are within the rank error bound`, () => {
      const data = values(1_000_000, 7, shape);
      const sketch = new KllSketch();
      sketch.updateMany(data);
      assert.equal(sketch.count, data.length);
      assert.ok(worstRankError(sketch, data) < BOUND, `rank error ${worstRankError(sketch, data)}`);
    });
  }

  test('one update at a time and updateMany build the same sketch', () => {
    const data = values(100_000, 3, (u) => u);
    const a = new KllSketch();
    for (const x of data) a.update(x);
    const b = new KllSketch();
    b.updateMany(data.subarray(0, 31_337));
    b.updateMany(data.subarray(31_337));
    assert.deepEqual(a.toJSON(), b.toJSON());
  });

  test('two merged sketches are as accurate as one, and count every value', () => {
    const data = values(1_000_000, 11, (u) => Math.sqrt(-2 * Math.log(u)));
    const left = new KllSketch(undefined, undefined, 1);
    const right = new KllSketch(undefined, undefined, 2);
    left.updateMany(data.subarray(0, 400_000));
    right.updateMany(data.subarray(400_000));
    left.merge(right);
    assert.equal(left.count, data.length);
    assert.ok(worstRankError(left, data) < BOUND);
  });

  test('serialises as Deequ does and reads back', () => {
    const sketch = new KllSketch();
    sketch.updateMany(values(50_000, 5, (u) => u * 10));
    const json = sketch.toJSON();
    assert.deepEqual(json.parameters, { c: 0.64, k: 2048 });
    assert.ok(json.data.length > 1, 'several compactor levels');
    // Level h's items weigh 2^h and together stand for every value.
    assert.equal(
      json.data.reduce((n, level, h) => n + level.length * 2 ** h, 0),
      50_000,
    );
    // Deequ's capacities: level h holds about 2·⌈k·c^h/2⌉ items at most after a condense.
    for (const [h, level] of json.data.entries()) assert.ok(level.length <= 2 * (Math.ceil((2048 * 0.64 ** h) / 2) + 1) + 2048);
    const back = KllSketch.fromJSON(json);
    assert.deepEqual(back.toJSON(), json);
    assert.equal(back.weighted().quantile(0.5), sketch.weighted().quantile(0.5));
  });

  test('ranks: inclusive and exclusive, as Deequ counts histogram buckets', () => {
    const sketch = new KllSketch();
    sketch.updateMany(Float64Array.from([1, 2, 2, 3]));
    const items = sketch.weighted();
    assert.equal(items.rank(2), 3);
    assert.equal(items.rankExclusive(2), 1);
    assert.equal(items.rank(0), 0);
    assert.equal(items.rankExclusive(4), 4);
  });
});

describe('sortValues', () => {
  test('sorts uniform, skewed, tied and negative data exactly as the built-in sort', () => {
    const next = rng(99);
    for (const shape of [() => next(), () => next() ** 8 * 1e9, () => Math.floor(next() * 3), () => -next() * 1e-300, () => 5]) {
      for (const n of [0, 1, 47, 49, 2050, 5000]) {
        const data = Float64Array.from({ length: n }, shape);
        const expected = Float64Array.from(data).sort();
        sortValues(data, n);
        assert.deepEqual(data, expected);
      }
    }
  });
});
