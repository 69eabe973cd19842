/**
 * XGBoost models (JSON or UBJSON, see `src/ml/xgboost`) served as SageMaker's XGBoost container
 * serves them: `text/csv` (one or many rows), `text/libsvm`, and also `application/json` and
 * `application/jsonlines` rows in (`src/serving/payload.ts`); predictions out as that container
 * writes them (`payload-format.ts`), `text/csv` unless `Accept` says otherwise, or the keys its
 * `SAGEMAKER_INFERENCE_OUTPUT` selects (`xgboost-selectable.ts`). Empty fields,
 * JSON nulls and absent libsvm columns are missing values and follow each split's default.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { xgboostFormat } from '../../ml/model-formats/xgboost-format.js';
import { loadXgboostModel, predictXgboost } from '../../ml/xgboost/index.js';
import type { InferenceRequest, InferenceResponse, ModelInstance, ModelRuntime } from '../model-runtime.js';
import { parsePayload } from '../payload.js';
import { formatPredictions, responseType } from '../payload-format.js';
import { formatSelected, selectedKeys } from './xgboost-selectable.js';

export const xgboostRuntime: ModelRuntime = {
  name: 'xgboost',
  async start({ modelDir, container }): Promise<ModelInstance> {
    const model = await loadXgboostModel(await modelFile(modelDir));
    // SageMaker's container answers batch transform one prediction per line (SAGEMAKER_BATCH).
    const batch = Boolean(container.environment?.SAGEMAKER_BATCH);
    const selectable = container.environment?.SAGEMAKER_INFERENCE_OUTPUT;
    const keys = selectable === undefined ? undefined : selectedKeys(selectable, model);
    return {
      runtime: 'xgboost',
      invoke: async (request: InferenceRequest): Promise<InferenceResponse> => {
        const accept = responseType(request.accept);
        const rows = parsePayload(request.body, request.contentType, { features: model.numFeature });
        const predictions = predictXgboost(model, rows);
        const body = keys
          ? formatSelected(predictions, keys, model, accept, batch)
          : formatPredictions(predictions, accept, { batch });
        return { body: Buffer.from(body), contentType: accept };
      },
      close: async () => {},
    };
  },
};

/** The model file the descriptor would name, found without parsing the model twice. */
async function modelFile(modelDir: string): Promise<string> {
  const names = (await readdir(modelDir).catch(() => [])).sort();
  const file = await xgboostFormat.claim(modelDir, names);
  if (file === undefined) {
    throw new GodwitError('E_MODEL_FORMAT', `${modelDir} holds no XGBoost model (it holds ${names.join(', ') || 'nothing'}).`, {
      hint: `The xgboost runtime reads ${xgboostFormat.accepts}.`,
    });
  }
  return join(modelDir, file);
}
