import { GodwitError } from '../../core/errors.js';
import {
  formatPredictions,
  mediaType,
  parseJsonInstances,
  parseRecords,
  predictAll,
  responseType,
} from '../../ml/inference-format.js';
import { type LinearModel, loadLinearModel, predict } from '../../ml/linear-model.js';
import type { InferenceRequest, InferenceResponse, ModelInstance, ModelRuntime } from '../model-runtime.js';

/**
 * Godwit's built-in linear learner (`model.json` of format `godwit.linear-learner`), scored on
 * the calling thread: `text/csv` rows or JSON `instances` in, the `Accept` type out, as
 * `src/ml/inference-format.ts` defines them.
 */
export const linearLearnerRuntime: ModelRuntime = {
  name: 'linear-learner',
  start: async ({ modelDir }) => linearLearnerInstance(await loadLinearModel(modelDir)),
};

/** One loaded model as an instance; `godwit serve`'s model server uses it too. */
export function linearLearnerInstance(model: LinearModel): ModelInstance {
  const invokeNow = (request: InferenceRequest): InferenceResponse => {
    const accept = responseType(request.accept);
    const text = request.body.toString('utf8');
    const type = mediaType(request.contentType || 'text/csv');
    let predictions: ReturnType<typeof predictAll>;
    if (type === 'text/csv') predictions = predictAll(model, parseRecords(text, 'request body', model));
    else if (type === 'application/json') predictions = parseJsonInstances(text, model).map((x) => predict(model, x));
    else {
      throw new GodwitError('E_CONTENT_TYPE', `Godwit's linear-learner reads text/csv or application/json, not "${type}".`);
    }
    return { body: Buffer.from(formatPredictions(predictions, accept)), contentType: accept };
  };
  return {
    runtime: 'linear-learner',
    invokeNow,
    invoke: async (request: InferenceRequest): Promise<InferenceResponse> => invokeNow(request),
    close: async () => {},
  };
}
