import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import type { KmeansOptions, Matrix } from '../../../src/ml/estimator.js';
import { kmeans, trainKmeans } from '../../../src/ml/kmeans/kmeans.js';
import { seededRandom } from '../../../src/ml/random.js';
import { gaussian, skipWithoutSklearn, sklearn } from '../glm/sklearn-reference.js';

const OPTIONS: KmeansOptions = { clusters: 5, maxIterations: 300, init: 'kmeans++', earlyStop: false, minRelProgress: 0 };

/** `perCluster` rows around each of `centres` with the given spread: overlapping when spread is large. */
function blobs(centres: number[][], perCluster: number, spread: number, seed: number): Matrix {
  const random = seededRandom(seed);
  const d = centres[0].length;
  const data = new Float64Array(centres.length * perCluster * d);
  let i = 0;
  for (let r = 0; r < perCluster; r++)
    for (const c of centres) for (let j = 0; j < d; j++) data[i++] = c[j] + spread * gaussian(random);
  return { rows: centres.length * perCluster, cols: d, data };
}

const CENTRES = [
  [0, 0, 0],
  [4, 0, 1],
  [0, 5, -1],
  [3, 3, 3],
  [-3, 2, 0],
];

function nearestLabels(p: Float64Array, k: number): number[] {
  return Array.from({ length: p.length / k }, (_, i) => {
    const row = Array.from(p.subarray(i * k, (i + 1) * k));
    return row.indexOf(Math.min(...row));
  });
}

describe('k-means against scikit-learn', { skip: skipWithoutSklearn }, () => {
  const x = blobs(CENTRES, 200, 1.6, 31);
  const first: Matrix = { rows: 5, cols: 3, data: x.data.slice(0, 15) };
  // Rows 0..4 are one from each blob; rows 7..11 are a worse start (many iterations, reassignments).
  const poor: Matrix = { rows: 5, cols: 3, data: x.data.slice(21, 36) };

  for (const [name, start] of [
    ['one row per blob', first],
    ['an uneven start', poor],
  ] as const) {
    test(`from the same initial centroids (${name}), inertia within 1 % of KMeans(n_init=1)`, async () => {
      const { model, history } = await trainKmeans({ task: { kind: 'clustering' }, x, options: OPTIONS, seed: 1 }, start);
      const ref = sklearn<{ inertia: number; centers: number[]; labels: number[]; iterations: number }>(
        `
from sklearn.cluster import KMeans
m = KMeans(n_clusters=5, init=D['init'], n_init=1, algorithm='lloyd', tol=0, max_iter=300).fit(D['x'])
OUT = {'inertia': float(m.inertia_), 'centers': m.cluster_centers_.ravel().tolist(), 'labels': m.labels_.tolist(), 'iterations': int(m.n_iter_)}
`,
        { x, init: start },
      );
      const inertia = (history.at(-1)?.loss as number) * x.rows;
      assert.ok(Math.abs(inertia - ref.inertia) <= 0.01 * ref.inertia, `inertia ${inertia} vs ${ref.inertia}`);
      assert.deepEqual(nearestLabels(kmeans.predict(model, x), 5), ref.labels);
      for (let i = 1; i < history.length; i++) assert.ok(history[i].loss <= history[i - 1].loss + 1e-12);
    });
  }

  test('row weights are sample_weight', async () => {
    const random = seededRandom(32);
    const weights = Float64Array.from({ length: x.rows }, () => 0.1 + 3 * random());
    const { history } = await trainKmeans({ task: { kind: 'clustering' }, x, weights, options: OPTIONS, seed: 1 }, poor);
    const ref = sklearn<{ inertia: number }>(
      `
from sklearn.cluster import KMeans
m = KMeans(n_clusters=5, init=D['init'], n_init=1, algorithm='lloyd', tol=0, max_iter=300).fit(D['x'], sample_weight=D['w'])
OUT = {'inertia': float(m.inertia_)}
`,
      { x, init: poor, w: weights },
    );
    const inertia = (history.at(-1)?.loss as number) * weights.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(inertia - ref.inertia) <= 0.01 * ref.inertia, `inertia ${inertia} vs ${ref.inertia}`);
  });

  test('k-means++ from a seed reaches scikit-learn k-means++ inertia (within 1 %) on separated blobs', async () => {
    const separated = blobs(CENTRES, 150, 0.5, 33);
    const { history } = await kmeans.train({ task: { kind: 'clustering' }, x: separated, options: OPTIONS, seed: 7 });
    const ref = sklearn<{ inertia: number }>(
      `
from sklearn.cluster import KMeans
m = KMeans(n_clusters=5, init='k-means++', n_init=1, random_state=0).fit(D['x'])
OUT = {'inertia': float(m.inertia_)}
`,
      { x: separated },
    );
    const inertia = (history.at(-1)?.loss as number) * separated.rows;
    assert.ok(Math.abs(inertia - ref.inertia) <= 0.01 * ref.inertia, `inertia ${inertia} vs ${ref.inertia}`);
  });
});

describe('k-means: seeds, iterations and bad input', () => {
  const x = blobs(CENTRES, 60, 1.2, 34);

  test('the same seed gives the same model; random and k-means++ starts both draw from it', async () => {
    for (const init of ['kmeans++', 'random'] as const) {
      const a = await kmeans.train({ task: { kind: 'clustering' }, x, options: { ...OPTIONS, init }, seed: 3 });
      const b = await kmeans.train({ task: { kind: 'clustering' }, x, options: { ...OPTIONS, init }, seed: 3 });
      assert.deepEqual(a, { ...b, history: a.history.map((r, i) => ({ ...b.history[i], durationMs: r.durationMs })) });
      assert.equal(kmeans.outputs(a.model), 5);
    }
  });

  test('predictions are the distances to each centroid', async () => {
    const { model } = await kmeans.train({ task: { kind: 'clustering' }, x, options: OPTIONS, seed: 3 });
    const row = { rows: 1, cols: 3, data: Float64Array.of(1, 2, 3) };
    const p = kmeans.predict(model, row);
    for (let c = 0; c < 5; c++) {
      const centroid = model.centroids.slice(c * 3, c * 3 + 3);
      assert.ok(Math.abs(p[c] - Math.hypot(1 - centroid[0], 2 - centroid[1], 3 - centroid[2])) < 1e-12);
    }
  });

  test('early stopping and evaluation loss', async () => {
    const held = blobs(CENTRES, 20, 1.2, 35);
    const full = await trainKmeans(
      { task: { kind: 'clustering' }, x, eval: { x: held }, options: OPTIONS, seed: 3 },
      { rows: 5, cols: 3, data: x.data.slice(0, 15).map((v) => v * 0.2) },
    );
    assert.ok(full.history.every((r) => typeof r.evalLoss === 'number'));
    const early = await trainKmeans(
      { task: { kind: 'clustering' }, x, options: { ...OPTIONS, earlyStop: true, minRelProgress: 0.05 }, seed: 3 },
      { rows: 5, cols: 3, data: x.data.slice(0, 15).map((v) => v * 0.2) },
    );
    assert.ok(early.history.length < full.history.length, `${early.history.length} vs ${full.history.length}`);
  });

  test('an empty cluster takes the farthest row, so every centroid ends up used', async () => {
    const far = { rows: 5, cols: 3, data: Float64Array.of(0, 0, 0, 100, 100, 100, 200, 200, 200, -100, 0, 0, 0, -100, 0) };
    const { model } = await trainKmeans({ task: { kind: 'clustering' }, x, options: OPTIONS, seed: 3 }, far);
    const labels = new Set(nearestLabels(kmeans.predict(model, x), 5));
    assert.equal(labels.size, 5);
  });

  test('bad input is E_ML_INPUT', async () => {
    const bad = (pattern: RegExp) => (err: GodwitError) => err.code === 'E_ML_INPUT' && pattern.test(err.message);
    const train = (over: Record<string, unknown>) =>
      kmeans.train({ task: { kind: 'clustering' }, x, options: OPTIONS, seed: 1, ...over });
    await assert.rejects(
      train({ x: { ...x, data: x.data.map((v, i) => (i === 4 ? Number.NaN : v)) } }),
      bad(/row 1, column 1 is NaN/),
    );
    await assert.rejects(train({ x: { rows: 0, cols: 3, data: new Float64Array(0) } }), bad(/no rows/));
    await assert.rejects(train({ options: { ...OPTIONS, clusters: 1000 } }), bad(/clusters is 1000/));
    await assert.rejects(train({ task: { kind: 'regression' } }), bad(/regression/));
    await assert.rejects(
      trainKmeans(
        { task: { kind: 'clustering' }, x, options: OPTIONS, seed: 1 },
        { rows: 2, cols: 3, data: new Float64Array(6) },
      ),
      bad(/2 initial centroids for 5/),
    );
  });
});
