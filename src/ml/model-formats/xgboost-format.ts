import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelDescriptor, ModelFormatReader } from '../model-descriptor.js';
import { loadXgboostModel, xgboostEncoding } from '../xgboost/load-xgboost.js';

// Names XGBoost models go by: SageMaker's XGBoost container (`xgboost-model`), Vertex AI's
// prebuilt container (`model.bst`, `model.json`, `model.ubj`), and what users save by hand.
const BY_NAME = ['xgboost-model.json', 'xgboost-model.ubj', 'xgboost-model', 'model.bst', 'model.ubj', 'model.json'];

/** XGBoost's JSON and UBJSON model formats (see `src/ml/xgboost`). */
export const xgboostFormat: ModelFormatReader = {
  framework: 'xgboost',
  accepts: `XGBoost JSON or UBJSON (${BY_NAME.join(', ')}, or any *.json / *.ubj saved by XGBoost)`,
  async claim(dir, names) {
    for (const name of BY_NAME) {
      if (!names.includes(name)) continue;
      // These names are XGBoost's own, so an old binary model is claimed too and refused with a
      // hint to re-save it, rather than reported as an unknown folder; model.json may be another's.
      if (name !== 'model.json' || (await looksLikeXgboost(join(dir, name)))) return name;
    }
    for (const name of names.filter((n) => /\.(json|ubj)$/i.test(n))) {
      if (await looksLikeXgboost(join(dir, name))) return name;
    }
    return undefined;
  },
  async describe(dir, file): Promise<ModelDescriptor> {
    const path = join(dir, file);
    const model = await loadXgboostModel(path);
    const head = await headOf(path);
    const vector = model.numGroup > 1 && model.objective !== 'multi:softmax';
    return {
      framework: 'xgboost',
      format: xgboostEncoding(head) === 'ubjson' ? 'xgboost-ubjson' : 'xgboost-json',
      version: model.version.length ? model.version.join('.') : undefined,
      file,
      signature: {
        inputs: [
          {
            name: 'features',
            type: 'float32',
            shape: [null, model.numFeature],
            ...(model.featureNames.length ? { names: model.featureNames } : {}),
          },
        ],
        outputs: [{ name: 'predictions', type: 'float32', shape: vector ? [null, model.numGroup] : [null] }],
      },
      properties: { objective: model.objective, booster: model.booster.kind, numClass: model.numClass },
    };
  },
};

async function headOf(path: string): Promise<Buffer> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return Buffer.alloc(0);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(256), 0, 256, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** XGBoost writes `learner` as the first key, in JSON and in UBJSON alike. */
async function looksLikeXgboost(path: string): Promise<boolean> {
  const head = await headOf(path);
  return xgboostEncoding(head) !== undefined && head.toString('latin1').includes('learner');
}
