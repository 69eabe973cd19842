/**
 * Both directions of the XGBoost JSON contract against Debian's python3-xgboost: a model Godwit
 * trains loads in XGBoost and predicts the same (1e-6), and a model XGBoost trains (hist, with
 * missing values) loads in Godwit as its model and predicts the same; Godwit's quality on the same
 * data and options is XGBoost's.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { type BoostedTreeModel, boostedTrees } from '../../../src/ml/boosted-trees/index.js';
import type { Task } from '../../../src/ml/estimator.js';
import { floatText, parseXgboostModel, saveXgboostJson, stringifyXgboostJson } from '../../../src/ml/xgboost/index.js';
import { scratchDir } from '../../helpers/scratch.js';
import { auc, dataSet, firstMiss, OPTIONS, rowsJson, runPython, xgboostMissing } from './fixtures.js';

const dir = scratchDir('godwit-gbt-');
let skipped: string | undefined;
before(async () => {
  skipped = await xgboostMissing();
});

const train = dataSet(3000, 1);
const held = dataSet(500, 2);
const CASES: { name: string; task: Task; labels: (d: typeof train) => Float64Array; params: Record<string, unknown> }[] = [
  {
    name: 'binary',
    task: { kind: 'classification', classes: 2 },
    labels: (d) => d.binary,
    params: { objective: 'binary:logistic' },
  },
  { name: 'regression', task: { kind: 'regression' }, labels: (d) => d.target, params: { objective: 'reg:squarederror' } },
  {
    name: 'multiclass',
    task: { kind: 'classification', classes: 3 },
    labels: (d) => d.multi,
    params: { objective: 'multi:softprob', num_class: 3 },
  },
];

const PREDICT = `
import json, sys, numpy as np, xgboost as xgb
out = {}
for name, model, rows in json.load(open(sys.argv[1])):
    x = np.array(json.load(open(rows)), dtype=np.float64)
    out[name] = xgb.Booster(model_file=model).predict(xgb.DMatrix(x, missing=np.nan)).reshape(-1).tolist()
print(json.dumps(out))
`;

/** Godwit's predictions as XGBoost gives them: p(class 1) alone for binary. */
function asXgboost(model: BoostedTreeModel, name: string): Float64Array {
  const p = boostedTrees.predict(model, held.x);
  return name === 'binary' ? p.filter((_, i) => i % 2 === 1) : p;
}

test('models Godwit trains load in python3-xgboost and predict the same, missing values included', async (t) => {
  if (skipped) return t.skip(skipped);
  writeFileSync(join(dir, 'held.json'), rowsJson(held.x));
  const options = { ...OPTIONS, subsample: 0.8, colsampleByTree: 0.7, l1: 0.1, minSplitLoss: 0.01, numParallelTree: 2 };
  const models: Record<string, BoostedTreeModel> = {};
  for (const c of CASES) {
    const { model } = await boostedTrees.train({ task: c.task, x: train.x, y: c.labels(train), options, seed: 3 });
    models[c.name] = model;
    writeFileSync(join(dir, `godwit-${c.name}.json`), stringifyXgboostJson(model));
  }
  const list = CASES.map((c) => [c.name, join(dir, `godwit-${c.name}.json`), join(dir, 'held.json')]);
  writeFileSync(join(dir, 'predict.json'), JSON.stringify(list));
  const xgb = JSON.parse(await runPython(dir, 'predict.py', PREDICT, [join(dir, 'predict.json')])) as Record<string, number[]>;
  for (const c of CASES) {
    const miss = firstMiss(asXgboost(models[c.name], c.name), xgb[c.name]);
    assert.equal(miss, undefined, `${c.name}: ${miss}`);
  }
});

const TRAIN = `
import json, sys, numpy as np, xgboost as xgb
d = sys.argv[1]
spec = json.load(open(d + '/train-spec.json'))
x = np.array(json.load(open(d + '/train.json')), dtype=np.float64)
h = np.array(json.load(open(d + '/held.json')), dtype=np.float64)
out = {}
for name, params, labels in spec:
    booster = xgb.train(params, xgb.DMatrix(x, label=np.array(labels), missing=np.nan), num_boost_round=10)
    booster.save_model(d + '/xgboost-' + name + '.json')
    out[name] = booster.predict(xgb.DMatrix(h, missing=np.nan)).reshape(-1).tolist()
print(json.dumps(out))
`;

test('models python3-xgboost trains (hist, missing values) load in Godwit and predict the same; quality matches', async (t) => {
  if (skipped) return t.skip(skipped);
  writeFileSync(join(dir, 'train.json'), rowsJson(train.x));
  writeFileSync(join(dir, 'held.json'), rowsJson(held.x));
  const common = { tree_method: 'hist', max_depth: 4, eta: 0.3, max_bin: 64, nthread: 2, seed: 0 };
  const spec = CASES.map((c) => [c.name, { ...common, ...c.params }, Array.from(c.labels(train))]);
  writeFileSync(join(dir, 'train-spec.json'), JSON.stringify(spec));
  const xgb = JSON.parse(await runPython(dir, 'train.py', TRAIN, [dir])) as Record<string, number[]>;
  for (const c of CASES) {
    const model = JSON.parse(readFileSync(join(dir, `xgboost-${c.name}.json`), 'utf8')) as BoostedTreeModel;
    const miss = firstMiss(asXgboost(model, c.name), xgb[c.name]);
    assert.equal(miss, undefined, `${c.name}: ${miss}`);
    assert.equal(boostedTrees.outputs(model), c.name === 'regression' ? 1 : c.name === 'binary' ? 2 : 3);
    // The same options trained by Godwit score as XGBoost's model does on held-out rows.
    const ours = asXgboost(
      (await boostedTrees.train({ task: c.task, x: train.x, y: c.labels(train), options: OPTIONS, seed: 0 })).model,
      c.name,
    );
    const theirs = Float64Array.from(xgb[c.name]);
    if (c.name === 'binary') assert.ok(Math.abs(auc(ours, held.binary) - auc(theirs, held.binary)) < 0.01, 'AUC within 0.01');
    if (c.name === 'regression') assert.ok(mse(ours, held.target) < mse(theirs, held.target) * 1.1, 'MSE within 10%');
    if (c.name === 'multiclass')
      assert.ok(accuracy(ours, held.multi) > accuracy(theirs, held.multi) - 0.02, 'accuracy within 2 points');
  }
});

function mse(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - y[i]) ** 2;
  return s / y.length;
}

function accuracy(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let right = 0;
  for (let r = 0; r < y.length; r++) {
    let best = 0;
    for (let k = 1; k < 3; k++) if (p[r * 3 + k] > p[r * 3 + best]) best = k;
    if (best === y[r]) right++;
  }
  return right / y.length;
}

test("the writer re-saves XGBoost's own models (read by the codec) so XGBoost predicts them as before", async (t) => {
  if (skipped) return t.skip(skipped);
  const list: string[][] = [];
  for (const c of CASES) {
    const source = join(dir, `xgboost-${c.name}.json`);
    const model = parseXgboostModel(readFileSync(source), source);
    writeFileSync(join(dir, `resaved-${c.name}.json`), saveXgboostJson(model));
    list.push(
      [`${c.name}-original`, source, join(dir, 'held.json')],
      [`${c.name}-resaved`, join(dir, `resaved-${c.name}.json`), join(dir, 'held.json')],
    );
  }
  writeFileSync(join(dir, 'resaved.json'), JSON.stringify(list));
  const xgb = JSON.parse(await runPython(dir, 'predict.py', PREDICT, [join(dir, 'resaved.json')])) as Record<string, number[]>;
  for (const c of CASES) assert.deepEqual(xgb[`${c.name}-resaved`], xgb[`${c.name}-original`], c.name);
});

test('floats are written as the shortest text that reads back as the same float32, always with a point', () => {
  assert.equal(floatText(0.1), '0.1');
  assert.equal(floatText(1), '1.0');
  assert.equal(floatText(-2), '-2.0');
  assert.equal(floatText(Math.fround(0.3)), '0.3');
  assert.equal(floatText(1e-7), '1e-7');
  for (const v of [Math.PI, -1 / 3, 123456.789, 3.4e38, 1.2e-38]) assert.equal(Math.fround(Number(floatText(v))), Math.fround(v));
  const text = stringifyXgboostJson({ a: { split_conditions: [1, 0.5], left_children: [1, -1] } });
  assert.equal(text, '{"a":{"split_conditions":[1.0,0.5],"left_children":[1,-1]}}');
});
