/**
 * KernelSHAP against its oracles: the exact Shapley values by enumeration (≤ 6 features), exact
 * when the budget covers every coalition and close when it samples; TreeSHAP on a small boosted
 * tree model with the training rows as background; determinism with a seed; use_logit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import { boostedTrees } from '../../../src/ml/boosted-trees/index.js';
import { predictXgboost } from '../../../src/ml/xgboost/index.js';
import { exactShapley } from '../../../src/monitor/explainability/exact-shapley.js';
import { type BatchPredict, kernelShap, logit, type Rows } from '../../../src/monitor/explainability/kernel-shap.js';
import { treeExplainerOf, treeShap } from '../../../src/monitor/explainability/tree-shap.js';
import { dataSet, OPTIONS } from '../../ml/boosted-trees/fixtures.js';

/** A model with interactions and a non-linearity over 6 features. */
const nonlinear: BatchPredict = (rows) => {
  const out = new Float64Array(rows.rows);
  for (let r = 0; r < rows.rows; r++) {
    const x = rows.data.subarray(r * rows.cols, (r + 1) * rows.cols);
    out[r] = 2 * x[0] - x[1] * x[2] + Math.sin(x[3]) + 0.5 * x[4] * x[4] + x[0] * x[5];
  }
  return out;
};

const background: Rows = {
  rows: 3,
  cols: 6,
  data: Float64Array.from([0, 0, 0, 0, 0, 0, 1, -1, 0.5, 0.2, -0.3, 1, -0.5, 0.4, 1, -1, 0.8, 0]),
};
const instances: Rows = { rows: 2, cols: 6, data: Float64Array.from([1.5, 2, -1, 0.7, 1.2, -0.4, -1, 0.3, 0.9, 2, -2, 0.6]) };

test('with every coalition (2^6 − 2) KernelSHAP is the exact Shapley value', async () => {
  const shap = await kernelShap(nonlinear, background, instances, { numSamples: 62 });
  for (let r = 0; r < 2; r++) {
    const exact = await exactShapley(nonlinear, background, instances.data.subarray(r * 6, r * 6 + 6));
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(shap.values[r * 6 + i] - exact[i]) < 1e-9, `row ${r} feature ${i}`);
  }
});

test('with a sampled budget KernelSHAP is close to the exact value, adds up exactly, and repeats with its seed', async () => {
  const a = await kernelShap(nonlinear, background, instances, { numSamples: 40, seed: 3 });
  const b = await kernelShap(nonlinear, background, instances, { numSamples: 40, seed: 3 });
  assert.deepEqual(a.values, b.values);
  for (let r = 0; r < 2; r++) {
    const x = instances.data.subarray(r * 6, r * 6 + 6);
    const exact = await exactShapley(nonlinear, background, x);
    const fx = (nonlinear({ rows: 1, cols: 6, data: Float64Array.from(x) }) as Float64Array)[0];
    const sum = a.values.subarray(r * 6, r * 6 + 6).reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sum - (fx - a.expected[0])) < 1e-9, 'local accuracy');
    const scale = Math.max(...exact.map(Math.abs));
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(a.values[r * 6 + i] - exact[i]) < 0.15 * scale, `row ${r} feature ${i}`);
  }
});

test('KernelSHAP with the training rows as background agrees with TreeSHAP on a small tree model', async () => {
  const train = dataSet(150, 21);
  const noMissing = Float64Array.from(train.x.data, (v) => (Number.isNaN(v) ? 0 : v));
  const x = { rows: train.x.rows, cols: train.x.cols, data: noMissing };
  for (const depth of [1, 2]) {
    const options = { ...OPTIONS, rounds: 6, maxDepth: depth, maxBins: 16 };
    const { model } = await boostedTrees.train({ task: { kind: 'regression' }, x, y: train.target, options, seed: 1 });
    const explainer = treeExplainerOf(model);
    const codec = explainer.model;
    const predict: BatchPredict = (rows) => predictXgboost(codec, rows).values;
    const probe: Rows = { rows: 4, cols: 6, data: noMissing.slice(0, 24) };
    const kernel = await kernelShap(predict, x, probe, { numSamples: 62 });
    const tree = treeShap(
      explainer,
      [0, 1, 2, 3].map((r) => noMissing.subarray(r * 6, r * 6 + 6)),
    );
    for (let r = 0; r < 4; r++)
      for (let i = 0; i < 6; i++) {
        const diff = Math.abs(kernel.values[r * 6 + i] - tree.values[r * 7 + i]);
        // Stumps have no interactions: the two agree to float32; depth 2 differs by its interactions only.
        assert.ok(diff < (depth === 1 ? 1e-4 : 0.15), `depth ${depth} row ${r} feature ${i}: ${diff}`);
      }
  }
});

test('use_logit explains log-odds: the values add up to logit(f(x)) − logit(E f)', async () => {
  const sigmoid: BatchPredict = (rows) =>
    Float64Array.from({ length: rows.rows }, (_, r) => 1 / (1 + Math.exp(-(rows.data[r * 2] - 2 * rows.data[r * 2 + 1]))));
  const bg: Rows = { rows: 2, cols: 2, data: Float64Array.from([0, 0, 1, 1]) };
  const x: Rows = { rows: 1, cols: 2, data: Float64Array.from([2, -1]) };
  const shap = await kernelShap(sigmoid, bg, x, { useLogit: true });
  const p = (sigmoid(x) as Float64Array)[0];
  assert.ok(Math.abs(shap.values[0] + shap.values[1] - (logit(p) - shap.expected[0])) < 1e-9);
  const mean = ((sigmoid(bg) as Float64Array)[0] + (sigmoid(bg) as Float64Array)[1]) / 2;
  assert.ok(Math.abs(shap.expected[0] - logit(mean)) < 1e-12);
});

test('a feature equal in the instance and every baseline row gets 0; an empty baseline is E_EXPLAIN_BASELINE', async () => {
  const shap = await kernelShap(
    nonlinear,
    { rows: 1, cols: 6, data: new Float64Array(6) },
    {
      rows: 1,
      cols: 6,
      data: Float64Array.from([1, 0, 2, 0, 1, 1]),
    },
  );
  assert.equal(shap.values[1], 0);
  assert.equal(shap.values[3], 0);
  await assert.rejects(
    kernelShap(nonlinear, { rows: 0, cols: 6, data: new Float64Array(0) }, instances),
    (err: GodwitError) => err.code === 'E_EXPLAIN_BASELINE',
  );
  await assert.rejects(
    kernelShap(nonlinear, background, instances, { numSamples: 0 }),
    (err: GodwitError) => err.code === 'E_EXPLAIN_CONFIG' && /num_samples 0/.test(err.message),
  );
});
