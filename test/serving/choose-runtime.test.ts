import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { chooseRuntime } from '../../src/serving/runtimes/choose-runtime.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir, xgboostDocument, xgboostModelDir } from './model-fixtures.js';

const ECR = '246618743249.dkr.ecr.us-west-2.amazonaws.com';
const root = scratchDir('godwit-choose-');
const linear = linearModelDir(root, [1, 2], 0);
const xgb = xgboostModelDir(root, xgboostDocument({ objective: 'reg:squarederror', baseScore: 0.5, numFeature: 2, trees: [] }));
const empty = join(root, 'empty');
mkdirSync(empty);

test('a command or a local image is the container runtime, whatever the files', async () => {
  assert.equal(await chooseRuntime({ command: ['python', 'serve.py'] }, xgb), 'container');
  for (const image of ['/srv/model-server', './serve', '../serve', 'file:///srv/serve']) {
    assert.equal(await chooseRuntime({ image }, empty), 'container');
  }
});

test('the model files pick the runtime, with or without a known image', async () => {
  assert.equal(await chooseRuntime({}, linear), 'linear-learner');
  assert.equal(await chooseRuntime({ image: `${ECR}/linear-learner:1` }, linear), 'linear-learner');
});

test('a known image whose files are another framework is E_MODEL_FORMAT naming both', async () => {
  await assert.rejects(chooseRuntime({ image: `${ECR}/sagemaker-xgboost:1.7-1` }, linear), (err: GodwitError) => {
    assert.equal(err.code, 'E_MODEL_FORMAT');
    assert.match(err.message, /SageMaker's XGBoost.*linear-learner model/);
    return true;
  });
});

test('an unknown image with no files Godwit reads is E_RUNTIME_UNKNOWN naming the image and the runtimes', async () => {
  const dir = join(root, 'joblib');
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.joblib'), 'x');
  for (const image of [`${ECR}/my-own-image:3`, 'us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-0:latest']) {
    await assert.rejects(chooseRuntime({ image }, dir), (err: GodwitError) => {
      assert.equal(err.code, 'E_RUNTIME_UNKNOWN');
      assert.ok(err.message.includes(image), err.message);
      assert.match(err.message, /model\.joblib/);
      assert.match(err.hint ?? '', /linear-learner/);
      assert.match(err.hint ?? '', /command/);
      return true;
    });
  }
});

test('a known image with no model files is E_MODEL_FORMAT about the files', async () => {
  await assert.rejects(chooseRuntime({ image: `${ECR}/sagemaker-xgboost:1.7-1` }, empty), { code: 'E_MODEL_FORMAT' });
});
