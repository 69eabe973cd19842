/**
 * Godwit's built-in linear learner, a stand-in for SageMaker's `linear-learner` algorithm with
 * the same hyperparameter names, channels (`train`, `validation`, `test`: headerless CSV, label
 * first) and metric names, and an exact, deterministic solver by default.
 *
 * ```ts
 * const { metrics } = await trainLinearLearner({
 *   channels: { train: 'prep/train', validation: 'prep/validation' },
 *   hyperparameters: { predictor_type: 'regressor', wd: 0.01 },
 *   modelDir: 'out/model',
 * });
 * const model = await loadLinearModel('out/model');
 * predict(model, Float64Array.of(0.1, -0.3, ...)); // → { score: 9.7 }
 * ```
 */
export {
  KNOWN_HYPERPARAMETERS,
  type LinearLearnerHyperparameters,
  type RawHyperparameter,
  resolveHyperparameters,
} from './linear-learner/hyperparameters.js';
export { LINEAR_LEARNER_METRIC_DEFINITIONS } from './linear-learner/report.js';
export {
  type TrainLinearLearnerOptions,
  type TrainLinearLearnerResult,
  trainLinearLearner,
} from './linear-learner/train.js';
export {
  LINEAR_MODEL_FILE,
  LINEAR_MODEL_FORMAT,
  LINEAR_MODEL_VERSION,
  type LinearModel,
  loadLinearModel,
  type Prediction,
  predict,
  saveLinearModel,
} from './linear-model.js';
