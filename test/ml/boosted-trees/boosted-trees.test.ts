/**
 * The boosted trees' own semantics (src/ml/estimator.ts): deterministic whatever the thread count,
 * missing values routed by a learned default direction, XGBoost's regularising options, early
 * stopping and per-iteration reports, and bad input refused with E_ML_INPUT.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boostedTrees, featureImportance } from '../../../src/ml/boosted-trees/index.js';
import type { IterationReport } from '../../../src/ml/estimator.js';
import { stringifyXgboostJson } from '../../../src/ml/xgboost/index.js';
import { dataSet, OPTIONS } from './fixtures.js';

const data = dataSet(4000, 5);
const binary = { kind: 'classification', classes: 2 } as const;

interface TreeDoc {
  left_children: number[];
  default_left: number[];
  split_indices: number[];
}
function treesOf(model: Record<string, unknown>): TreeDoc[] {
  return (model as { learner: { gradient_booster: { model: { trees: TreeDoc[] } } } }).learner.gradient_booster.model.trees;
}

test('the model and the loss of every round are the same with 1, 2 and 3 threads', async () => {
  const options = { ...OPTIONS, subsample: 0.7, colsampleByTree: 0.8, maxDepth: 6 };
  // Enough rows that the threads share the upper nodes' rows (see level-histograms.ts) and the
  // leaves' positions (leaf-values.ts, the left-out rows routed): the same margins give the same losses.
  const many = dataSet(20_000, 6);
  const texts: string[] = [];
  const losses: number[][] = [];
  for (const threads of [1, 2, 3]) {
    const { model, history } = await boostedTrees.train({
      task: { kind: 'classification', classes: 3 },
      x: many.x,
      y: many.multi,
      options: { ...options, threads },
      seed: 9,
    });
    texts.push(stringifyXgboostJson(model));
    losses.push(history.map((h) => h.loss));
  }
  assert.equal(texts[1], texts[0]);
  assert.equal(texts[2], texts[0]);
  assert.equal(losses[0].length, options.rounds);
  assert.deepEqual(losses[1], losses[0]);
  assert.deepEqual(losses[2], losses[0]);
});

test('a different seed samples different rows, so gives a different model', async () => {
  const options = { ...OPTIONS, subsample: 0.5 };
  const a = await boostedTrees.train({ task: binary, x: data.x, y: data.binary, options, seed: 1 });
  const b = await boostedTrees.train({ task: binary, x: data.x, y: data.binary, options, seed: 2 });
  assert.notEqual(stringifyXgboostJson(a.model), stringifyXgboostJson(b.model));
});

test('missing values go the way that fits: rows missing feature 2 (which pushes the target up) score higher', async () => {
  const { model } = await boostedTrees.train({
    task: { kind: 'regression' },
    x: data.x,
    y: data.target,
    options: OPTIONS,
    seed: 0,
  });
  const splitsOn2 = treesOf(model).flatMap((t) => t.split_indices.filter((f, n) => f === 2 && t.left_children[n] !== -1));
  assert.ok(splitsOn2.length > 0, 'feature 2 is split on');
  const row = [0.1, 0.1, Number.NaN, 0.5, 0.1, 1];
  const present = [0.1, 0.1, 0, 0.5, 0.1, 1];
  const [withMissing, withZero] = boostedTrees.predict(model, {
    rows: 2,
    cols: 6,
    data: Float64Array.from([...row, ...present]),
  });
  assert.ok(withMissing > withZero + 0.8, `missing ${withMissing} vs present ${withZero}`);
});

test('gamma (min_split_loss) and min_child_weight stop splits as XGBoost does', async () => {
  const stumps = await boostedTrees.train({
    task: binary,
    x: data.x,
    y: data.binary,
    options: { ...OPTIONS, minSplitLoss: 1e9 },
    seed: 0,
  });
  assert.ok(
    treesOf(stumps.model).every((t) => t.left_children.length === 1),
    'every tree is one leaf',
  );
  const heavy = await boostedTrees.train({
    task: binary,
    x: data.x,
    y: data.binary,
    options: { ...OPTIONS, minChildWeight: 1e9 },
    seed: 0,
  });
  assert.ok(treesOf(heavy.model).every((t) => t.left_children.length === 1));
  const free = await boostedTrees.train({ task: binary, x: data.x, y: data.binary, options: OPTIONS, seed: 0 });
  assert.ok(treesOf(free.model).every((t) => t.left_children.length > 1));
  // The root's weight is −eta·T(G)/(H+λ): with all labels' mean p̄ and base 0.5, G = n(0.5 − p̄), H = n/4.
  const n = data.x.rows;
  const g = data.binary.reduce((sum, y) => sum + (0.5 - y), 0);
  const rootWeight = async (l1: number, l2: number) => {
    const { model } = await boostedTrees.train({
      task: binary,
      x: data.x,
      y: data.binary,
      options: { ...OPTIONS, l1, l2 },
      seed: 0,
    });
    return (treesOf(model)[0] as unknown as { base_weights: number[] }).base_weights[0];
  };
  const close = (got: number, want: number) => assert.ok(Math.abs(got - want) < 1e-6, `${got} vs ${want}`);
  close(await rootWeight(0, 1000), (-0.3 * g) / (n / 4 + 1000));
  close(await rootWeight(50, 1), (-0.3 * (g - Math.sign(g) * 50)) / (n / 4 + 1));
  close(await rootWeight(1e6, 1), 0);
});

test('num_parallel_tree grows that many trees per round and class; the history reports each round', async () => {
  const reports: IterationReport[] = [];
  const { model, history } = await boostedTrees.train({
    task: { kind: 'classification', classes: 3 },
    x: data.x,
    y: data.multi,
    options: { ...OPTIONS, rounds: 4, numParallelTree: 2 },
    seed: 0,
    onIteration: (r) => reports.push(r),
  });
  assert.equal(treesOf(model).length, 4 * 3 * 2);
  assert.deepEqual(history, reports);
  assert.deepEqual(
    history.map((h) => h.iteration),
    [1, 2, 3, 4],
  );
  for (let i = 1; i < history.length; i++) assert.ok(history[i].loss < history[i - 1].loss, 'training loss falls');
  assert.ok(history[0].loss < Math.log(3), 'below the uniform guess');
});

test('early stopping ends training once the evaluation loss stops improving', async () => {
  const held = dataSet(1000, 6);
  const { history } = await boostedTrees.train({
    task: binary,
    x: data.x,
    y: data.binary,
    eval: { x: held.x, y: held.binary },
    options: { ...OPTIONS, rounds: 200, earlyStop: true, minRelProgress: 0.01 },
    seed: 0,
  });
  assert.ok(history.length < 200 && history.length > 3, `stopped after ${history.length}`);
  const last = history.at(-1) as IterationReport;
  const before = history.at(-2) as IterationReport;
  assert.ok((before.evalLoss as number) - (last.evalLoss as number) < 0.01 * (before.evalLoss as number));
  const full = await boostedTrees.train({
    task: binary,
    x: data.x,
    y: data.binary,
    options: { ...OPTIONS, rounds: 30 },
    seed: 0,
  });
  assert.equal(full.history.length, 30);
});

test('an aborted signal ends training with its reason', async () => {
  const controller = new AbortController();
  controller.abort(new Error('stop here'));
  await assert.rejects(
    boostedTrees.train({ task: binary, x: data.x, y: data.binary, options: OPTIONS, seed: 0, signal: controller.signal }),
    /stop here/,
  );
});

test('feature importance ranks the informative features first', async () => {
  const { model } = await boostedTrees.train({
    task: { kind: 'regression' },
    x: data.x,
    y: data.target,
    options: OPTIONS,
    seed: 0,
  });
  const importance = featureImportance(model);
  assert.equal(importance.length, 6);
  const byGain = [...importance].sort((a, b) => b.gain * b.weight - a.gain * a.weight).map((i) => i.feature);
  assert.equal(byGain[0], 0);
  assert.ok(importance[4].weight < importance[0].weight);
});

test('bad input is E_ML_INPUT naming the problem', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ options: { ...OPTIONS, learnRate: 0 } }, /learnRate is 0/],
    [{ options: { ...OPTIONS, subsample: 1.5 } }, /subsample is 1.5/],
    [{ options: { ...OPTIONS, maxBins: 1 } }, /maxBins is 1/],
    [{ y: data.binary.map((v, i) => (i === 7 ? 2 : v)) }, /label 7 is 2, not a class index/],
    [{ y: data.binary.subarray(1) }, /3999 labels for 4000 rows/],
    [{ x: { rows: 0, cols: 6, data: new Float64Array(0) }, y: new Float64Array(0) }, /no rows/],
    [{ task: { kind: 'clustering' } }, /does not learn clustering/],
    [{ weights: new Float64Array(4000).fill(-1) }, /Row weight 0 is -1/],
    [{ weights: new Float64Array(4000) }, /Every row weight is 0/],
    [{ eval: { x: { rows: 1, cols: 2, data: new Float64Array(2) }, y: new Float64Array(1) } }, /evaluation data has 2 columns/],
  ];
  for (const [change, message] of cases) {
    await assert.rejects(
      boostedTrees.train({ task: binary, x: data.x, y: data.binary, options: OPTIONS, seed: 0, ...change } as never),
      (err: { code: string; message: string }) => err.code === 'E_ML_INPUT' && message.test(err.message),
      String(message),
    );
  }
});
