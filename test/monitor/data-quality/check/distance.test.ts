import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categoricalDistance, numericalDistance, rankMap } from '../../../../src/monitor/data-quality/check/distance.js';
import { KllSketch } from '../../../../src/monitor/data-quality/profile/index.js';
import type { KllSketch as SerialisedSketch } from '../../../../src/monitor/monitor-files.js';

const sketch = (...levels: number[][]): SerialisedSketch => ({ parameters: { c: 0.64, k: 2048 }, data: levels });

/** A seeded generator, so the samples are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The two-sample KS statistic computed independently of the code under test: each sample's
 * empirical CDF by counting (binary search over the sorted sample) at every observed value.
 */
function exactKs(a: number[], b: number[]): number {
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  const countAtMost = (s: number[], v: number) => {
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let d = 0;
  for (const v of [...a, ...b]) d = Math.max(d, Math.abs(countAtMost(sa, v) / a.length - countAtMost(sb, v) / b.length));
  return d;
}

describe('rankMap', () => {
  it('weighs the items of level i as 2^i values and folds equal items into one key', () => {
    const r = rankMap(sketch([3, 1, 3], [2], [5]));
    assert.deepEqual([...r.values], [1, 2, 3, 5]);
    assert.deepEqual([...r.ranks], [1, 3, 5, 9]);
    assert.equal(r.total, 9);
  });
});

describe('numericalDistance', () => {
  it('is the L-infinity distance between the CDFs, worked by hand', () => {
    // CDFs of {1,2,3,4} and {3,4,5,6} differ most at 2 (0.5 vs 0) and at 4 (1 vs 0.5).
    assert.equal(numericalDistance(sketch([1, 2, 3, 4]), sketch([3, 4, 5, 6]), 'Simple'), 0.5);
    assert.equal(numericalDistance(sketch([1, 2, 3, 4]), sketch([4, 3, 2, 1]), 'Simple'), 0);
    assert.equal(numericalDistance(sketch([1, 2]), sketch([5, 6]), 'Simple'), 1);
  });

  it('equals the exact two-sample KS statistic of the values a level-0 sketch holds', () => {
    const next = rng(7);
    for (let trial = 0; trial < 20; trial++) {
      const a = Array.from({ length: 50 + trial * 13 }, () => Math.round(next() * 40) / 4);
      const b = Array.from({ length: 70 + trial * 7 }, () => Math.round((next() * 40 + trial) * 4) / 16);
      const d = numericalDistance(sketch(a), sketch(b), 'Simple');
      assert.ok(d !== undefined && Math.abs(d - exactKs(a, b)) < 1e-12, `trial ${trial}: ${d} vs ${exactKs(a, b)}`);
    }
  });

  it('reads a level-1 item as two copies of the value', () => {
    const a = [1, 2, 2, 3, 7, 7];
    const b = [2, 4, 4, 4, 4, 5, 9, 9];
    const folded = numericalDistance(sketch([1, 3], [2, 7]), sketch([2, 5], [4, 4, 9]), 'Simple');
    assert.equal(folded, exactKs(a, b));
  });

  it('Robust subtracts 1.8·sqrt((n+m)/(n·m)) and floors at 0', () => {
    assert.equal(numericalDistance(sketch([1, 2, 3, 4]), sketch([3, 4, 5, 6]), 'Robust'), 0);
    const next = rng(11);
    const a = Array.from({ length: 1000 }, () => next());
    const b = Array.from({ length: 800 }, () => next() * 0.5);
    const simple = exactKs(a, b);
    const robust = numericalDistance(sketch(a), sketch(b), 'Robust');
    assert.ok(Math.abs((robust ?? Number.NaN) - (simple - 1.8 * Math.sqrt(1800 / 800000))) < 1e-12);
  });

  it('has no distance when a sketch is empty', () => {
    assert.equal(numericalDistance(sketch([]), sketch([1]), 'Simple'), undefined);
  });
});

describe('categoricalDistance', () => {
  it('is the L-infinity distance between category frequencies, worked by hand', () => {
    const a = [
      { value: 'x', count: 3 },
      { value: 'y', count: 1 },
    ];
    const b = [
      { value: 'x', count: 1 },
      { value: 'y', count: 1 },
      { value: 'z', count: 2 },
    ];
    // x: 0.75 vs 0.25, y: 0.25 vs 0.25, z: 0 vs 0.5.
    assert.equal(categoricalDistance(a, b, 'Simple'), 0.5);
    assert.equal(categoricalDistance(a, b, 'Robust'), Math.max(0, 0.5 - 1.8 * Math.sqrt(8 / 16)));
    assert.equal(categoricalDistance(a, a, 'Simple'), 0);
  });
});

describe('numericalDistance on compacted sketches', () => {
  it('stays within the sketch’s rank error of the exact KS statistic (the profiler’s KLL, 20,000 values a side)', () => {
    const next = rng(23);
    for (const shift of [0, 0.05, 0.3]) {
      const a = Array.from({ length: 20_000 }, () => next() + next());
      const b = Array.from({ length: 20_000 }, () => next() + next() + shift);
      const ka = new KllSketch(undefined, undefined, 1);
      const kb = new KllSketch(undefined, undefined, 2);
      for (const v of a) ka.update(v);
      for (const v of b) kb.update(v);
      const sa = ka.toJSON();
      assert.ok(sa.data.length > 1, 'the sketch compacted');
      const d = numericalDistance(sa, kb.toJSON(), 'Simple') ?? Number.NaN;
      assert.ok(Math.abs(d - exactKs(a, b)) < 0.02, `shift ${shift}: ${d} vs exact ${exactKs(a, b)}`);
    }
  });
});
