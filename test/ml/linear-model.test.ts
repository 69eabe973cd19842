import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { type LinearModel, loadLinearModel, predict, saveLinearModel } from '../../src/ml/linear-learner.js';
import { tempDir, writeText } from './helpers.js';

const regressor: LinearModel = {
  format: 'godwit.linear-learner',
  version: 1,
  predictorType: 'regressor',
  featureDim: 3,
  weights: [0.5, -1.25, 2],
  bias: 0.1,
  hyperparameters: { predictor_type: 'regressor', wd: 0.01 },
  trainedOn: { rows: 10, channels: { train: 10 } },
  solver: { name: 'cholesky', iterations: 1, notes: [] },
  metrics: { 'train:mse': 1.5 },
};

const classifier: LinearModel = { ...regressor, predictorType: 'binary_classifier', threshold: 0.7 };

async function modelError(dir: string, pattern: RegExp) {
  await assert.rejects(
    loadLinearModel(dir),
    (err: unknown) => err instanceof GodwitError && err.code === 'E_MODEL_FORMAT' && pattern.test(err.message),
  );
}

function withDoc(doc: unknown): string {
  const dir = tempDir();
  writeText(join(dir, 'model.json'), JSON.stringify(doc));
  return dir;
}

describe('linear model format', () => {
  test('save and load round-trip exactly, doubles included', async () => {
    const dir = tempDir();
    const model = { ...regressor, weights: [0.1 + 0.2, 1 / 3, -1e-300] };
    const path = await saveLinearModel(join(dir, 'nested', 'model'), model);
    assert.deepEqual(await loadLinearModel(join(dir, 'nested', 'model')), model);
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).format, 'godwit.linear-learner');
  });

  test('a regressor scores dot(weights, x) + bias', () => {
    const x = [2, 4, -1];
    assert.equal(predict(regressor, x).score, 0.1 + 0.5 * 2 - 1.25 * 4 + 2 * -1);
    assert.equal(predict(regressor, x).predictedLabel, undefined);
  });

  test('a classifier gives a probability and a label by its threshold', () => {
    const low = predict(classifier, [0, 0, 0.5]); // margin 1.1 → p ≈ 0.75
    assert.ok(Math.abs(low.score - 1 / (1 + Math.exp(-1.1))) < 1e-15);
    assert.equal(low.predictedLabel, 1);
    const mid = predict(classifier, [0, 0, 0.2]); // margin 0.5 → p ≈ 0.62 < 0.7
    assert.equal(mid.predictedLabel, 0);
  });

  test('predict refuses a record with the wrong number of features', () => {
    assert.throws(() => predict(regressor, [1, 2]), /has 2 features, but the model was trained on 3/);
  });

  test('a folder without model.json names what it holds and the formats Godwit reads', async () => {
    const dir = tempDir();
    writeText(join(dir, 'model.tar.gz'), 'not really');
    await modelError(dir, /no model\.json \(it holds model\.tar\.gz\)/);
    try {
      await loadLinearModel(dir);
    } catch (err) {
      assert.match((err as GodwitError).hint ?? '', /godwit\.linear-learner version 1/);
    }
    await modelError(join(dir, 'missing'), /the folder does not exist/);
  });

  test('wrong format, newer version, bad JSON and inconsistent fields are E_MODEL_FORMAT', async () => {
    await modelError(withDoc({ ...regressor, format: 'xgboost' }), /format is "xgboost", not "godwit\.linear-learner"/);
    await modelError(withDoc({ ...regressor, version: 2 }), /version 2 is not supported \(written by a newer Godwit; upgrade\)/);
    await modelError(withDoc({ ...regressor, weights: [1, 2] }), /weights must be 3 finite numbers/);
    await modelError(withDoc({ ...regressor, bias: 'x' }), /bias must be a finite number/);
    await modelError(withDoc({ ...classifier, threshold: undefined }), /needs a threshold/);
    await modelError(withDoc([1, 2]), /expected a JSON object/);
    const dir = tempDir();
    writeFileSync(join(dir, 'model.json'), '{ nope');
    await modelError(dir, /is not valid JSON/);
  });
});
