/**
 * The XGBoost codec against the real XGBoost (Debian's python3-xgboost): models trained on the
 * abalone data with each supported objective and booster, saved as JSON and UBJSON, must predict
 * what XGBoost predicts, within the accuracy contract |godwit − xgboost| ≤ 1e-6·max(1, |xgboost|).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import { loadXgboostModel, predictXgboost } from '../../../src/ml/xgboost/index.js';
import { scratchDir } from '../../helpers/scratch.js';

const PYTHON = '/usr/bin/python3';
const here = new URL('.', import.meta.url).pathname;
const abalone = new URL('../../../examples/abalone/data/abalone.csv', import.meta.url).pathname;

interface Expected {
  version: string;
  test: (number | null)[][];
  categoricalTest: number[][] | null;
  expected: Record<string, number[] | number[][]>;
  margins: Record<string, number[]>;
}

const dir = scratchDir('godwit-xgboost-');
let expected: Expected | undefined;
let skipped: string | undefined;

before(async () => {
  try {
    await promisify(execFile)(PYTHON, ['-c', 'import xgboost'], { timeout: 60_000 });
  } catch {
    skipped = `${PYTHON} has no xgboost module (apt-get install python3-xgboost)`;
    if (process.env.CI === 'true') throw new Error(`${skipped}; CI must run the XGBoost codec tests against the real XGBoost.`);
    console.error(`Notice: ${skipped}; the XGBoost codec tests are skipped.`);
    return;
  }
  await promisify(execFile)(PYTHON, [join(here, 'train-xgboost.py'), abalone, dir], { timeout: 300_000 });
  expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
});

function close(got: ArrayLike<number>, want: readonly number[], what: string): void {
  assert.equal(got.length, want.length, `${what}: ${got.length} values, XGBoost gave ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const tolerance = 1e-6 * Math.max(1, Math.abs(want[i]));
    assert.ok(Math.abs(got[i] - want[i]) <= tolerance, `${what}[${i}]: Godwit ${got[i]}, XGBoost ${want[i]}`);
  }
}

function testRows(e: Expected): number[][] {
  return e.test.map((row) => row.map((v) => (v === null ? Number.NaN : v)));
}

const CASES = [
  'reg-squarederror',
  'reg-linear',
  'binary-logistic',
  'binary-logitraw',
  'reg-logistic',
  'multi-softprob',
  'multi-softmax',
  'count-poisson',
  'reg-gamma',
  'reg-tweedie',
  'gblinear',
  'dart',
  'parallel-trees',
  'categorical',
];

for (const name of CASES) {
  test(`${name}: JSON and UBJSON predict what XGBoost predicts, missing values included`, async (t) => {
    if (skipped) return t.skip(skipped);
    const e = expected as Expected;
    if (!(name in e.expected)) return t.skip('pandas is missing, so no categorical model was trained');
    const rows = name === 'categorical' ? (e.categoricalTest as number[][]) : testRows(e);
    for (const ext of ['json', 'ubj']) {
      const model = await loadXgboostModel(join(dir, `${name}.${ext}`));
      const got = predictXgboost(model, rows);
      const want = (e.expected[name] as (number | number[])[]).flat();
      assert.equal(got.width, Array.isArray(e.expected[name][0]) ? (e.expected[name][0] as number[]).length : 1);
      close(got.values, want, `${name}.${ext}`);
    }
  });
}

test('output margins are the raw sums, as XGBoost output_margin=True', async (t) => {
  if (skipped) return t.skip(skipped);
  const e = expected as Expected;
  const model = await loadXgboostModel(join(dir, 'binary-logistic.ubj'));
  close(predictXgboost(model, testRows(e), { outputMargin: true }).values, e.margins['binary-logistic'], 'margins');
});

test("XGBoost 2.x's spelling (vector base_score, num_target) predicts the same as 1.x's", async (t) => {
  if (skipped) return t.skip(skipped);
  const e = expected as Expected;
  for (const name of ['reg-squarederror', 'binary-logistic', 'multi-softprob']) {
    const doc = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
    const param = doc.learner.learner_model_param;
    param.base_score = `[${param.base_score}]`;
    param.num_target = '1';
    doc.version = [2, 1, 3];
    writeFileSync(join(dir, `${name}-2x.json`), JSON.stringify(doc));
    const model = await loadXgboostModel(join(dir, `${name}-2x.json`));
    assert.deepEqual(model.version, [2, 1, 3]);
    close(predictXgboost(model, testRows(e)).values, (e.expected[name] as (number | number[])[]).flat(), `${name} 2.x`);
  }
});

test('a row with the wrong feature count is E_DATA_FORMAT naming the row', async (t) => {
  if (skipped) return t.skip(skipped);
  const model = await loadXgboostModel(join(dir, 'reg-squarederror.json'));
  assert.throws(
    () => predictXgboost(model, [new Array(10).fill(0), [1, 2]]),
    (err: { code: string; message: string }) => {
      assert.equal(err.code, 'E_DATA_FORMAT');
      assert.match(err.message, /Row 2 has 2 features, but the XGBoost model expects 10/);
      return true;
    },
  );
});
