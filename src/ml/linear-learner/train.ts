/**
 * Training entry point: reads the channels, fits on `train`, picks a classifier's threshold,
 * reports metrics on every channel, and writes `model.json`.
 */

import { GodwitError } from '../../core/errors.js';
import { algorithmChannels, BUILTIN_ALGORITHMS } from '../../pipeline/builtin-algorithms.js';
import { readChannel } from '../channel.js';
import { LINEAR_MODEL_FORMAT, LINEAR_MODEL_VERSION, type LinearModel, saveLinearModel } from '../linear-model.js';
import { checkBinaryLabels, type Dataset, foldScaler, toDataset } from './dataset.js';
import { fitModel, solverName } from './fit.js';
import { type LinearLearnerHyperparameters, type RawHyperparameter, resolveHyperparameters } from './hyperparameters.js';
import { reportChannel, scoreDataset } from './report.js';
import { chooseThreshold } from './threshold.js';

export interface TrainLinearLearnerOptions {
  /** Channel name → folder, file or `*` pattern. `train` is required; `validation` and `test` are optional. */
  readonly channels: Readonly<Record<string, string>>;
  readonly hyperparameters: Readonly<Record<string, RawHyperparameter>>;
  readonly modelDir: string;
  readonly log?: (line: string) => void;
  /** Host name in metric lines; SageMaker's first instance is `algo-1`. */
  readonly host?: string;
}

export interface TrainLinearLearnerResult {
  /** `channel:metric` → value, e.g. `{ 'validation:mse': 4.87, 'train:mse': 4.6 }`. */
  readonly metrics: Record<string, number>;
  readonly model: LinearModel;
  readonly modelPath: string;
}

const CHANNELS = algorithmChannels(BUILTIN_ALGORITHMS['linear-learner']);
const FIRST_ORDER_ONLY = ['epochs', 'learning_rate', 'mini_batch_size', 'momentum', 'beta_1', 'beta_2'];

/**
 * ```ts
 * await trainLinearLearner({
 *   channels: { train: 'data/train', validation: 'data/validation' },
 *   hyperparameters: { predictor_type: 'regressor', wd: '0.01' },
 *   modelDir: 'out/model',
 * }); // → { metrics: { 'train:mse': 4.6, 'validation:mse': 4.9, ... }, ... }
 * ```
 */
export async function trainLinearLearner(options: TrainLinearLearnerOptions): Promise<TrainLinearLearnerResult> {
  const log = options.log ?? (() => {});
  const host = options.host ?? 'algo-1';
  const { values: hp, given, skipped } = resolveHyperparameters(options.hyperparameters);
  if (skipped.length > 0) log(`Skipping platform hyperparameters: ${skipped.join(', ')}`);
  const unused = FIRST_ORDER_ONLY.filter((name) => given.has(name));
  if (hp.optimizer === 'auto' && unused.length > 0) {
    log(`Note: optimizer "auto" solves exactly, so ${unused.join(', ')} (for sgd/adam only) are not used.`);
  }
  const datasets = await readChannels(options.channels, hp);
  const train = datasets[0];
  const started = performance.now();
  const { fit, scaler } = fitModel(train, hp, host, log);
  const seconds = (performance.now() - started) / 1000;
  for (const note of fit.notes) log(`Note: ${note}`);
  if (fit.failure || !fit.w.every(Number.isFinite) || !Number.isFinite(fit.b)) {
    const reason = fit.failure ?? 'the weights are not finite numbers';
    throw new GodwitError('E_TRAINING', `linear-learner training failed: ${reason}`, {
      hint: 'Use optimizer "auto", or lower learning_rate, or set normalize_data to true.',
    });
  }
  const folded = foldScaler(fit.w, fit.b, scaler);
  let model: LinearModel = {
    format: LINEAR_MODEL_FORMAT,
    version: LINEAR_MODEL_VERSION,
    predictorType: hp.predictor_type,
    featureDim: train.d,
    weights: folded.weights,
    bias: folded.bias,
    hyperparameters: { ...hp, feature_dim: train.d },
    trainedOn: { rows: train.n, channels: Object.fromEntries(datasets.map((d) => [d.channel, d.n])) },
    solver: { name: solverName(hp), iterations: fit.iterations, notes: fit.notes },
    metrics: {},
  };
  if (hp.predictor_type === 'binary_classifier') model = withThreshold(model, datasets, hp, log);
  const metrics: Record<string, number> = {};
  for (const data of datasets) {
    const report = reportChannel(model, data, host, hp.f_beta);
    Object.assign(metrics, report.metrics);
    for (const line of report.lines) log(line);
  }
  log(`#throughput_metric: host=${host}, train throughput=${(train.n / Math.max(seconds, 1e-6)).toFixed(1)} records/second`);
  model = { ...model, metrics };
  const modelPath = await saveLinearModel(options.modelDir, model);
  log(`Wrote ${modelPath}`);
  return { metrics, model, modelPath };
}

async function readChannels(channels: Readonly<Record<string, string>>, hp: LinearLearnerHyperparameters): Promise<Dataset[]> {
  const unknown = Object.keys(channels).filter((name) => !CHANNELS.includes(name));
  if (unknown.length > 0) {
    throw new GodwitError('E_CHANNEL', `linear-learner has no channel ${unknown.map((c) => `"${c}"`).join(', ')}.`, {
      hint: `Its channels are ${CHANNELS.join(', ')}.`,
    });
  }
  if (!channels.train) {
    throw new GodwitError('E_CHANNEL', 'linear-learner needs a "train" channel.', {
      hint: 'Give the training data as the "train" input (a folder of headerless CSV, label first).',
    });
  }
  const datasets: Dataset[] = [];
  for (const name of CHANNELS) {
    if (channels[name]) datasets.push(toDataset(name, await readChannel(name, channels[name])));
  }
  const d = hp.feature_dim === 'auto' ? datasets[0].d : hp.feature_dim;
  for (const data of datasets) {
    if (data.d !== d) {
      const source = hp.feature_dim === 'auto' ? 'the train channel has' : 'feature_dim is';
      throw new GodwitError(
        'E_DATA_FORMAT',
        `Channel "${data.channel}" (${data.origins[0].file}) has ${data.d} features, but ${source} ${d}.`,
        {
          hint: 'Every channel needs the same columns: the label first, then the features.',
        },
      );
    }
    if (hp.predictor_type === 'binary_classifier') checkBinaryLabels(data);
  }
  return datasets;
}

function withThreshold(
  model: LinearModel,
  datasets: Dataset[],
  hp: LinearLearnerHyperparameters,
  log: (line: string) => void,
): LinearModel {
  const chooseOn = datasets.find((d) => d.channel === 'validation') ?? datasets[0];
  const choice = chooseThreshold(chooseOn.y, scoreDataset(model, chooseOn), {
    criterion: hp.binary_classifier_model_selection_criteria,
    beta: hp.f_beta,
    targetRecall: hp.target_recall,
    targetPrecision: hp.target_precision,
  });
  if (choice.note) log(`Note: ${choice.note}`);
  log(
    `Decision threshold ${choice.threshold} chosen on "${chooseOn.channel}" by ${hp.binary_classifier_model_selection_criteria}`,
  );
  return { ...model, threshold: choice.threshold };
}
