/** Real linear-learner models with known weights, served by the real runtime, for serving tests. */
import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { LINEAR_MODEL_FORMAT, LINEAR_MODEL_VERSION, type LinearModel, saveLinearModel } from '../../src/ml/linear-model.js';
import type { ContainerSpec, ModelInstance } from '../../src/serving/model-runtime.js';
import { RUNTIMES } from '../../src/serving/runtimes/index.js';
import { scratchDir } from '../helpers/scratch.js';

/** A regressor `score = Σ weights·x + bias`, written as `model.json` in a fresh folder. */
export async function writeRegressor(weights: readonly number[], bias: number): Promise<string> {
  const dir = scratchDir('godwit-serving-model-');
  const model: LinearModel = {
    format: LINEAR_MODEL_FORMAT,
    version: LINEAR_MODEL_VERSION,
    predictorType: 'regressor',
    featureDim: weights.length,
    weights,
    bias,
    hyperparameters: {},
    trainedOn: { rows: 0, channels: {} },
    solver: { name: 'given', iterations: 0, notes: [] },
    metrics: {},
  };
  await saveLinearModel(dir, model);
  return dir;
}

/** Starts the linear learner's runtime on a regressor with these weights. */
export async function startRegressor(
  weights: readonly number[],
  bias: number,
  container: ContainerSpec = {},
): Promise<ModelInstance> {
  const modelDir = await writeRegressor(weights, bias);
  const runtime = await RUNTIMES['linear-learner']();
  const work = scratchDir('godwit-serving-work-');
  return runtime.start({ container, modelDir, home: godwitHome(join(work, 'home')), workDir: work });
}
