/**
 * Facts about the built-in training algorithms, in one table that the validator, the runtime's
 * algorithm code (src/ml), the model server and every compiler read, so a name, a channel or a
 * metric regex is written once. Godwit implements each one itself, with SageMaker's names: the
 * same hyperparameters, channels, metrics and log lines as SageMaker's first-party algorithm.
 *
 * ```ts
 * BUILTIN_ALGORITHMS['linear-learner'].channels.required        // ['train']
 * BUILTIN_ALGORITHMS['linear-learner'].metricDefinitions[1]     // { Name: 'train:mse', Regex: '#quality_metric: host=\\S+, train mse <loss>=(\\S+)' }
 * ```
 */

/** A metric the algorithm reports, and the regex over its log that reads it (SageMaker's form). */
export interface AlgorithmMetricDefinition {
  readonly Name: string;
  readonly Regex: string;
}

export interface BuiltinAlgorithmFacts {
  readonly name: string;
  /** SageMaker's name for its first-party algorithm this one stands in for. */
  readonly sageMakerAlgorithm: string;
  /** The command of Godwit's container image that runs it (images are keyed by `name` in a profile). */
  readonly entryPoint: readonly string[];
  /** Input channels, as folders under `/opt/ml/input/data/<channel>/`: `required` must be given. */
  readonly channels: { readonly required: readonly string[]; readonly optional: readonly string[] };
  /** Media type of the files in every channel. */
  readonly trainingContentType: string;
  /** Outputs a training step with this algorithm may declare (`model` is always one). */
  readonly outputs: readonly string[];
  /** Hyperparameter names and their defaults (`undefined`: no default, see `requiredHyperparameters`). */
  readonly hyperparameters: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly requiredHyperparameters: readonly string[];
  /** SageMaker's algorithm has these; Godwit's does not implement them (reported apart from typos). */
  readonly unimplementedHyperparameters: readonly string[];
  /** Every metric it reports (`channel:metric`), with the regex SageMaker attaches to the algorithm. */
  readonly metricDefinitions: readonly AlgorithmMetricDefinition[];
  /** What the model it writes can be asked to score (`Content-Type`), and can answer in (`Accept`). */
  readonly inference: { readonly requestTypes: readonly string[]; readonly responseTypes: readonly string[] };
}

const LL_CHANNELS = ['train', 'validation', 'test'] as const;
const LL_LOSSES = ['objective_loss', 'mse', 'rmse', 'absolute_loss'];
const LL_SCORES = ['binary_classification_accuracy', 'binary_f_beta', 'precision', 'recall'];

/** Loss lines name the objective after the loss (`mse_objective`); F-beta lines carry beta (`binary_f_1.000`). */
function linearLearnerRegex(channel: string, metric: string, unit: 'loss' | 'score'): string {
  const logged = metric === 'objective_loss' ? '\\S+_objective' : metric === 'binary_f_beta' ? 'binary_f_\\S+' : metric;
  return `#quality_metric: host=\\S+, ${channel} ${logged} <${unit}>=(\\S+)`;
}

const LINEAR_LEARNER: BuiltinAlgorithmFacts = {
  name: 'linear-learner',
  sageMakerAlgorithm: 'linear-learner',
  entryPoint: ['godwit', 'algorithm', 'linear-learner'],
  channels: { required: ['train'], optional: ['validation', 'test'] },
  trainingContentType: 'text/csv',
  outputs: ['model'],
  hyperparameters: {
    predictor_type: undefined,
    feature_dim: 'auto',
    optimizer: 'auto',
    loss: 'auto',
    wd: 0,
    l1: 0,
    use_bias: true,
    normalize_data: true,
    normalize_label: 'auto',
    epochs: 15,
    learning_rate: 'auto',
    mini_batch_size: 1000,
    beta_1: 0.9,
    beta_2: 0.999,
    momentum: 0,
    binary_classifier_model_selection_criteria: 'accuracy',
    f_beta: 1,
    target_recall: 0.8,
    target_precision: 0.8,
    positive_example_weight_mult: 1,
  },
  requiredHyperparameters: ['predictor_type'],
  unimplementedHyperparameters: [
    'num_models',
    'num_calibration_samples',
    'init_method',
    'init_scale',
    'init_sigma',
    'init_bias',
    'use_lr_scheduler',
    'lr_scheduler_step',
    'lr_scheduler_factor',
    'lr_scheduler_minimum_lr',
    'early_stopping_patience',
    'early_stopping_tolerance',
    'bias_lr_mult',
    'bias_wd_mult',
    'num_point_for_scaler',
    'unbias_data',
    'unbias_label',
    'margin',
    'quantile',
    'loss_insensitivity',
    'huber_delta',
    'num_classes',
    'accuracy_top_k',
    'balance_multiclass_weights',
  ],
  metricDefinitions: LL_CHANNELS.flatMap((ch) => [
    ...LL_LOSSES.map((m) => ({ Name: `${ch}:${m}`, Regex: linearLearnerRegex(ch, m, 'loss') })),
    ...LL_SCORES.map((m) => ({ Name: `${ch}:${m}`, Regex: linearLearnerRegex(ch, m, 'score') })),
  ]),
  inference: { requestTypes: ['text/csv'], responseTypes: ['text/csv', 'application/json', 'application/jsonlines'] },
};

/** Every built-in algorithm, by the name a training step gives (`algorithm: { name }`). */
export const BUILTIN_ALGORITHMS = { 'linear-learner': LINEAR_LEARNER } as const satisfies Record<string, BuiltinAlgorithmFacts>;

export type BuiltinAlgorithmName = keyof typeof BUILTIN_ALGORITHMS;

export const BUILTIN_ALGORITHM_NAMES = Object.keys(BUILTIN_ALGORITHMS) as BuiltinAlgorithmName[];

/** The facts of a built-in algorithm, or `undefined` for a name that is not one. */
export function builtinAlgorithm(name: string): BuiltinAlgorithmFacts | undefined {
  return Object.hasOwn(BUILTIN_ALGORITHMS, name) ? BUILTIN_ALGORITHMS[name as BuiltinAlgorithmName] : undefined;
}

/** All channels of an algorithm, required first. */
export function algorithmChannels(facts: BuiltinAlgorithmFacts): readonly string[] {
  return [...facts.channels.required, ...facts.channels.optional];
}
