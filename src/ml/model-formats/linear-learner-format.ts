import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LINEAR_MODEL_FILE, LINEAR_MODEL_FORMAT, loadLinearModel } from '../linear-model.js';
import type { ModelDescriptor, ModelFormatReader } from '../model-descriptor.js';

/** Godwit's built-in linear learner: `model.json` whose `format` is `godwit.linear-learner`. */
export const linearLearnerFormat: ModelFormatReader = {
  framework: 'linear-learner',
  accepts: `Godwit's linear learner (${LINEAR_MODEL_FILE} of format ${LINEAR_MODEL_FORMAT})`,
  async claim(dir, names) {
    if (!names.includes(LINEAR_MODEL_FILE)) return undefined;
    // model.json is also a common name for an XGBoost model: the format field tells them apart.
    const head = (await readFile(join(dir, LINEAR_MODEL_FILE), 'utf8').catch(() => '')).slice(0, 4096);
    return head.includes(`"${LINEAR_MODEL_FORMAT}"`) ? LINEAR_MODEL_FILE : undefined;
  },
  async describe(dir, file): Promise<ModelDescriptor> {
    const model = await loadLinearModel(dir);
    const classifier = model.predictorType === 'binary_classifier';
    return {
      framework: 'linear-learner',
      format: LINEAR_MODEL_FORMAT,
      version: String(model.version),
      file,
      signature: {
        inputs: [{ name: 'features', type: 'float64', shape: [null, model.featureDim] }],
        outputs: [
          { name: 'score', type: 'float64', shape: [null] },
          ...(classifier ? [{ name: 'predicted_label', type: 'int64', shape: [null] }] : []),
        ],
      },
      properties: { predictorType: model.predictorType },
    };
  },
};
