/**
 * TreeSHAP against Debian's python3-xgboost `Booster.predict(pred_contribs=True)` on the same
 * model and rows (missing values included): models Godwit's boosted trees train, and models XGBoost
 * trains (hist, JSON and UBJSON). Local accuracy: contributions plus bias equal the margin.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import { boostedTrees } from '../../../src/ml/boosted-trees/index.js';
import type { Matrix, Task } from '../../../src/ml/estimator.js';
import { parseXgboostModel, predictXgboost, stringifyXgboostJson } from '../../../src/ml/xgboost/index.js';
import { readTreeExplainer, treeExplainerOf, treeShap } from '../../../src/monitor/explainability/tree-shap.js';
import { scratchDir } from '../../helpers/scratch.js';
import { dataSet, OPTIONS, rowsJson, runPython, xgboostMissing } from '../../ml/boosted-trees/fixtures.js';

const dir = scratchDir('godwit-treeshap-');
let skipped: string | undefined;
before(async () => {
  skipped = await xgboostMissing();
});

const train = dataSet(1500, 11);
const held = dataSet(120, 12);
const CASES: { name: string; task: Task; labels: Float64Array; params: Record<string, unknown> }[] = [
  {
    name: 'binary',
    task: { kind: 'classification', classes: 2 },
    labels: train.binary,
    params: { objective: 'binary:logistic' },
  },
  { name: 'regression', task: { kind: 'regression' }, labels: train.target, params: { objective: 'reg:squarederror' } },
  {
    name: 'multiclass',
    task: { kind: 'classification', classes: 3 },
    labels: train.multi,
    params: { objective: 'multi:softprob', num_class: 3 },
  },
];

const CONTRIBS = `
import json, sys, numpy as np, xgboost as xgb
out = {}
for name, model, rows in json.load(open(sys.argv[1])):
    x = np.array(json.load(open(rows)), dtype=np.float64)
    out[name] = xgb.Booster(model_file=model).predict(xgb.DMatrix(x, missing=np.nan), pred_contribs=True).reshape(-1).tolist()
print(json.dumps(out))
`;

const TRAIN = `
import json, sys, numpy as np, xgboost as xgb
d = sys.argv[1]
x = np.array(json.load(open(d + '/train.json')), dtype=np.float64)
for name, params, labels in json.load(open(d + '/spec.json')):
    b = xgb.train(params, xgb.DMatrix(x, label=np.array(labels), missing=np.nan), num_boost_round=8)
    b.save_model(d + '/xgb-' + name + '.json')
    b.save_model(d + '/xgb-' + name + '.ubj')
`;

function rows(x: Matrix): Float64Array[] {
  return Array.from({ length: x.rows }, (_, r) => x.data.slice(r * x.cols, (r + 1) * x.cols) as Float64Array);
}

/** XGBoost's contributions are float32 sums; ours are doubles: 1e-4 relative to the row's scale. */
function assertClose(got: ArrayLike<number>, want: readonly number[], what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++)
    assert.ok(Math.abs(got[i] - want[i]) <= 1e-4 * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
}

function assertLocalAccuracy(file: Uint8Array, name: string): void {
  const explainer = readTreeExplainer(file, name);
  const shap = treeShap(explainer, rows(held.x));
  const margins = predictXgboost(parseXgboostModel(file, name), held.x, { outputMargin: true }).values;
  for (let r = 0; r < held.x.rows; r++)
    for (let g = 0; g < shap.groups; g++) {
      const at = (r * shap.groups + g) * shap.width;
      const sum = shap.values.subarray(at, at + shap.width).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - margins[r * shap.groups + g]) < 1e-4, `${name} row ${r} group ${g}: ${sum} vs margin`);
    }
}

test('TreeSHAP of models Godwit trains equals python3-xgboost pred_contribs, and adds up to the margin', async (t) => {
  if (skipped) return t.skip(skipped);
  writeFileSync(join(dir, 'held.json'), rowsJson(held.x));
  const list: string[][] = [];
  const ours: Record<string, Float64Array> = {};
  for (const c of CASES) {
    const options = { ...OPTIONS, rounds: 8, subsample: 0.8 };
    const { model } = await boostedTrees.train({ task: c.task, x: train.x, y: c.labels, options, seed: 5 });
    const file = join(dir, `godwit-${c.name}.json`);
    writeFileSync(file, stringifyXgboostJson(model));
    list.push([c.name, file, join(dir, 'held.json')]);
    ours[c.name] = treeShap(treeExplainerOf(model), rows(held.x)).values;
    assertLocalAccuracy(readFileSync(file), file);
  }
  writeFileSync(join(dir, 'contribs.json'), JSON.stringify(list));
  const want = JSON.parse(await runPython(dir, 'contribs.py', CONTRIBS, [join(dir, 'contribs.json')])) as Record<
    string,
    number[]
  >;
  for (const c of CASES) assertClose(ours[c.name], want[c.name], c.name);
});

test('TreeSHAP of models python3-xgboost trains (JSON and UBJSON) equals its pred_contribs', async (t) => {
  if (skipped) return t.skip(skipped);
  writeFileSync(join(dir, 'train.json'), rowsJson(train.x));
  writeFileSync(join(dir, 'held.json'), rowsJson(held.x));
  const common = { tree_method: 'hist', max_depth: 5, eta: 0.3, nthread: 1, seed: 0 };
  writeFileSync(
    join(dir, 'spec.json'),
    JSON.stringify(CASES.map((c) => [c.name, { ...common, ...c.params }, Array.from(c.labels)])),
  );
  await runPython(dir, 'train.py', TRAIN, [dir]);
  const list = CASES.map((c) => [c.name, join(dir, `xgb-${c.name}.json`), join(dir, 'held.json')]);
  writeFileSync(join(dir, 'xgb-contribs.json'), JSON.stringify(list));
  const want = JSON.parse(await runPython(dir, 'contribs.py', CONTRIBS, [join(dir, 'xgb-contribs.json')])) as Record<
    string,
    number[]
  >;
  for (const c of CASES)
    for (const ext of ['json', 'ubj']) {
      const file = join(dir, `xgb-${c.name}.${ext}`);
      assertClose(treeShap(readTreeExplainer(readFileSync(file), file), rows(held.x)).values, want[c.name], `${c.name}.${ext}`);
      assertLocalAccuracy(readFileSync(file), file);
    }
});

test('a model without node covers is refused with E_EXPLAIN_MODEL naming the tree', () => {
  const doc = JSON.parse(
    '{"learner":{"learner_model_param":{"num_feature":"1","num_class":"0","base_score":"5E-1"},"objective":{"name":"reg:squarederror"},' +
      '"gradient_booster":{"name":"gbtree","model":{"tree_info":[0],"trees":[{"left_children":[1,-1,-1],"right_children":[2,-1,-1],' +
      '"split_indices":[0,0,0],"split_conditions":[0.5,1.0,2.0],"default_left":[1,0,0],"sum_hessian":[0,0,0],"tree_param":{}}]}}}}',
  );
  assert.throws(
    () => treeExplainerOf(doc, 'm.json'),
    (err: GodwitError) => err.code === 'E_EXPLAIN_MODEL' && /tree 0/.test(err.message),
  );
});
