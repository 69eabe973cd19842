/**
 * Models loaded through the serving code: a linear learner (scored through its runtime's
 * request path, rows as CSV and predictions as JSON Lines) explained by KernelSHAP gives the
 * linear model's known Shapley values w_i (x_i − baseline_i); predictions in the shapes models
 * answer with; and the coded errors for a missing model and a bad `probability`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import { godwitHome } from '../../../src/core/home.js';
import { kernelShap } from '../../../src/monitor/explainability/kernel-shap.js';
import { parseModelOutput } from '../../../src/monitor/explainability/model-output.js';
import { loadExplainableModel } from '../../../src/monitor/explainability/model-predictor.js';
import { scratchDir } from '../../helpers/scratch.js';
import { writeRegressor } from '../../serving/linear-fixture.js';

const dir = scratchDir('godwit-explain-model-');
const home = godwitHome(join(dir, 'home'));

test('a linear learner through its runtime: KernelSHAP gives w_i (x_i − b_i)', async () => {
  const weights = [0.5, -1, 2];
  const model = await loadExplainableModel({ model: await writeRegressor(weights, 1) }, { workDir: join(dir, 'w1'), home });
  try {
    assert.equal(model.runtime, 'linear-learner');
    const background = { rows: 2, cols: 3, data: Float64Array.from([0, 0, 0, 2, 2, 2]) };
    const x = { rows: 1, cols: 3, data: Float64Array.from([3, 1, -1]) };
    const shap = await kernelShap((rows) => model.predict(rows), background, x, { seed: 4 });
    for (const [i, w] of weights.entries()) assert.ok(Math.abs(shap.values[i] - w * (x.data[i] - 1)) < 1e-9, `feature ${i}`);
    assert.ok(Math.abs(shap.expected[0] - (1 + 0.5 - 1 + 2)) < 1e-9);
  } finally {
    await model.close();
  }
});

test('predictions as models answer them: numbers, lists, objects, {"predictions": …}, CSV; probability picks', () => {
  assert.deepEqual(Array.from(parseModelOutput('0.5\n0.25\n', 2).values), [0.5, 0.25]);
  assert.deepEqual(Array.from(parseModelOutput('[0.1, 0.9]\n[0.3, 0.7]', 2, 1).values), [0.9, 0.7]);
  assert.deepEqual(Array.from(parseModelOutput('{"score": 3}\n{"score": 4}', 2).values), [3, 4]);
  assert.deepEqual(Array.from(parseModelOutput('{"predicted_label":1,"probability":0.6}', 1, 'probability').values), [0.6]);
  assert.deepEqual(Array.from(parseModelOutput('{"predictions": [{"score": 1}, {"score": 2}]}', 2).values), [1, 2]);
  assert.deepEqual(Array.from(parseModelOutput('1,0.8\n0,0.2', 2, 1).values), [0.8, 0.2]);
  assert.throws(
    () => parseModelOutput('{"label": "yes"}', 1),
    (err: GodwitError) => err.code === 'E_EXPLAIN_MODEL' && /probability/.test(err.hint ?? ''),
  );
  assert.throws(
    () => parseModelOutput('1\n2', 3),
    (err: GodwitError) => /2 predictions for 3 rows/.test(err.message),
  );
});

test('a model that cannot be loaded is E_EXPLAIN_MODEL naming it', async () => {
  await assert.rejects(
    loadExplainableModel({ model: join(dir, 'nothing-here') }, { workDir: join(dir, 'w2'), home }),
    (err: GodwitError) => err.code === 'E_EXPLAIN_MODEL' && err.message.includes('nothing-here'),
  );
});
