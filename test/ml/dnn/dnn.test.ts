import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import { dnn } from '../../../src/ml/dnn/dnn.js';
import type { DnnOptions, Matrix } from '../../../src/ml/estimator.js';
import { seededRandom } from '../../../src/ml/random.js';
import { gaussian, skipWithoutSklearn, sklearn } from '../glm/sklearn-reference.js';

const OPTIONS: DnnOptions = {
  hiddenUnits: [16, 16],
  activation: 'relu',
  batchSize: 32,
  dropout: 0,
  learnRate: 0.01,
  maxIterations: 60,
  l1: 0,
  l2: 0,
  earlyStop: false,
  minRelProgress: 0,
};

/** Points in [-2, 2]² labelled inside / outside a circle of radius 1.2, with an empty ring around it: separable, not linearly. */
function circle(rows: number, seed: number): { x: Matrix; y: Float64Array } {
  const random = seededRandom(seed);
  const data = new Float64Array(rows * 2);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; ) {
    const a = 4 * random() - 2;
    const b = 4 * random() - 2;
    const r = Math.hypot(a, b);
    if (r > 1.05 && r < 1.35) continue;
    data[2 * i] = a;
    data[2 * i + 1] = b;
    y[i++] = r < 1.2 ? 1 : 0;
  }
  return { x: { rows, cols: 2, data }, y };
}

function accuracy(p: Float64Array, y: Float64Array, k: number): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    const row = Array.from(p.subarray(i * k, (i + 1) * k));
    if (row.indexOf(Math.max(...row)) === y[i]) right++;
  }
  return right / y.length;
}

const binary = { kind: 'classification', classes: 2 } as const;
const train = circle(800, 41);
const held = circle(400, 42);

describe('feed-forward network', () => {
  test('learns a separable, non-linear boundary: held-out accuracy ≥ 97 %', async () => {
    const { model, history } = await dnn.train({ task: binary, ...train, eval: held, options: OPTIONS, seed: 5 });
    const acc = accuracy(dnn.predict(model, held.x), held.y, 2);
    assert.ok(acc >= 0.97, `accuracy ${acc}`);
    assert.equal(history.length, OPTIONS.maxIterations);
    assert.ok((history.at(-1)?.loss as number) < 0.25 * history[0].loss);
    assert.ok(history.every((r) => typeof r.evalLoss === 'number' && r.learnRate === 0.01));
    const p = dnn.predict(model, held.x);
    for (let i = 0; i < 10; i++) assert.ok(Math.abs(p[2 * i] + p[2 * i + 1] - 1) < 1e-12);
  });

  test('is deterministic with a seed, including shuffling and dropout', async () => {
    const options = { ...OPTIONS, dropout: 0.2, maxIterations: 5 };
    const a = await dnn.train({ task: binary, ...train, options, seed: 9 });
    const b = await dnn.train({ task: binary, ...train, options, seed: 9 });
    const c = await dnn.train({ task: binary, ...train, options, seed: 10 });
    assert.deepEqual(a.model, b.model);
    assert.deepEqual(
      a.history.map((r) => r.loss),
      b.history.map((r) => r.loss),
    );
    assert.notDeepEqual(a.model, c.model);
    assert.deepEqual(JSON.parse(JSON.stringify(a.model)), a.model);
  });

  for (const activation of ['relu6', 'elu', 'selu', 'sigmoid', 'tanh'] as const) {
    test(`trains with ${activation}`, async () => {
      const { model } = await dnn.train({
        task: binary,
        ...train,
        options: { ...OPTIONS, activation, maxIterations: 80 },
        seed: 5,
      });
      const acc = accuracy(dnn.predict(model, held.x), held.y, 2);
      assert.ok(acc >= 0.93, `${activation} accuracy ${acc}`);
    });
  }

  test('regression with a linear output fits a smooth function', async () => {
    const random = seededRandom(43);
    const make = (rows: number) => {
      const data = Float64Array.from({ length: rows * 2 }, () => 4 * random() - 2);
      const y = Float64Array.from({ length: rows }, (_, i) => Math.sin(2 * data[2 * i]) + 0.5 * data[2 * i + 1]);
      return { x: { rows, cols: 2, data }, y };
    };
    const [fit, check] = [make(1000), make(300)];
    const { model } = await dnn.train({
      task: { kind: 'regression' },
      ...fit,
      options: { ...OPTIONS, hiddenUnits: [32], activation: 'tanh', maxIterations: 150 },
      seed: 2,
    });
    assert.equal(dnn.outputs(model), 1);
    const p = dnn.predict(model, check.x);
    const mse = check.y.reduce((s, v, i) => s + (p[i] - v) ** 2, 0) / check.y.length;
    assert.ok(mse < 0.02, `mse ${mse}`);
  });

  test('three classes, row weights and L2: heavier L2 gives smaller weights', async () => {
    const random = seededRandom(44);
    const centres = [
      [0, 3],
      [3, -2],
      [-3, -2],
    ];
    const rows = 300;
    const data = new Float64Array(rows * 2);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      y[i] = i % 3;
      data[2 * i] = centres[i % 3][0] + gaussian(random);
      data[2 * i + 1] = centres[i % 3][1] + gaussian(random);
    }
    const x = { rows, cols: 2, data };
    const weights = Float64Array.from(y, (v) => (v === 0 ? 2 : 1));
    const task = { kind: 'classification', classes: 3 } as const;
    const light = await dnn.train({ task, x, y, weights, options: { ...OPTIONS, maxIterations: 30 }, seed: 1 });
    const heavy = await dnn.train({
      task,
      x,
      y,
      weights,
      options: { ...OPTIONS, maxIterations: 30, l2: 0.5, l1: 0.01 },
      seed: 1,
    });
    assert.ok(accuracy(dnn.predict(light.model, x), y, 3) >= 0.95);
    const norm = (m: typeof light.model) => m.layers.reduce((s, l) => s + l.weights.reduce((a, w) => a + w * w, 0), 0);
    assert.ok(norm(heavy.model) < 0.5 * norm(light.model), `${norm(heavy.model)} vs ${norm(light.model)}`);
  });

  test('early stopping ends training when the evaluation loss stops improving', async () => {
    const { history } = await dnn.train({
      task: binary,
      ...train,
      eval: held,
      options: { ...OPTIONS, maxIterations: 200, earlyStop: true, minRelProgress: 0.05 },
      seed: 5,
    });
    assert.ok(history.length < 200, `${history.length} epochs`);
    const [before, after] = history.slice(-2).map((r) => r.evalLoss as number);
    assert.ok((before - after) / before < 0.05);
  });

  test('bad input and options are E_ML_INPUT', async () => {
    const bad = (pattern: RegExp) => (err: GodwitError) => err.code === 'E_ML_INPUT' && pattern.test(err.message);
    const run = (over: Record<string, unknown>) => dnn.train({ task: binary, ...train, options: OPTIONS, seed: 1, ...over });
    await assert.rejects(
      run({ x: { ...train.x, data: train.x.data.map((v, i) => (i === 3 ? Number.NaN : v)) } }),
      bad(/row 1, column 1 is NaN/),
    );
    await assert.rejects(run({ y: train.y.map((v, i) => (i === 7 ? 5 : v)) }), bad(/label 7 is 5/));
    await assert.rejects(run({ x: { rows: 0, cols: 2, data: new Float64Array(0) }, y: new Float64Array(0) }), bad(/no rows/));
    await assert.rejects(run({ options: { ...OPTIONS, dropout: 1 } }), bad(/dropout is 1/));
    await assert.rejects(run({ options: { ...OPTIONS, hiddenUnits: [4, 0] } }), bad(/hiddenUnits/));
    await assert.rejects(run({ options: { ...OPTIONS, activation: 'swish' } }), bad(/activation is swish/));
    await assert.rejects(run({ task: { kind: 'clustering' } }), bad(/clustering/));
    await assert.rejects(
      dnn.train({
        task: { kind: 'regression' },
        x: train.x,
        y: train.y.map((v) => v * 1e300),
        options: { ...OPTIONS, learnRate: 1e3 },
        seed: 1,
      }),
      bad(/diverged/),
    );
  });
});

describe('feed-forward network beside scikit-learn', { skip: skipWithoutSklearn }, () => {
  test("held-out accuracy no worse than MLPClassifier's (adam, same layers, rate, batch, epochs) minus 2 points", async () => {
    const { model } = await dnn.train({ task: binary, ...train, options: OPTIONS, seed: 5 });
    const ours = accuracy(dnn.predict(model, held.x), held.y, 2);
    const ref = sklearn<{ accuracy: number }>(
      `
from sklearn.neural_network import MLPClassifier
import warnings
warnings.filterwarnings('ignore')
m = MLPClassifier(hidden_layer_sizes=(16, 16), activation='relu', solver='adam', alpha=0, batch_size=32,
                  learning_rate_init=0.01, max_iter=60, n_iter_no_change=1000, random_state=0).fit(D['x'], D['y'])
OUT = {'accuracy': float(m.score(D['hx'], D['hy']))}
`,
      { x: train.x, y: train.y, hx: held.x, hy: held.y },
    );
    assert.ok(ours >= ref.accuracy - 0.02, `ours ${ours}, scikit-learn ${ref.accuracy}`);
  });
});
