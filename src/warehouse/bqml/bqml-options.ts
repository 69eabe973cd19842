/**
 * CREATE MODEL's OPTIONS: which model types take which option, BigQuery ML's default for each
 * (docs/bigquery-ml.md lists them with their source), and the checks. An option a model type
 * does not take, a misspelt one, a value of the wrong type or outside its choices is
 * E_BQML_OPTION naming the option and what is supported; nothing is ignored quietly.
 */
import { GodwitError } from '../../core/errors.js';
import type { MlValue } from '../../sql/bigquery/bigquery-ml-options.js';

export const MODEL_TYPES = [
  'LINEAR_REG',
  'LOGISTIC_REG',
  'BOOSTED_TREE_CLASSIFIER',
  'BOOSTED_TREE_REGRESSOR',
  'DNN_CLASSIFIER',
  'DNN_REGRESSOR',
  'KMEANS',
] as const;
export type ModelType = (typeof MODEL_TYPES)[number];
export type Family = 'linear' | 'tree' | 'dnn' | 'kmeans';

export function familyOf(type: ModelType): Family {
  if (type === 'LINEAR_REG' || type === 'LOGISTIC_REG') return 'linear';
  if (type.startsWith('BOOSTED_TREE')) return 'tree';
  return type === 'KMEANS' ? 'kmeans' : 'dnn';
}

export function isClassifier(type: ModelType): boolean {
  return type === 'LOGISTIC_REG' || type.endsWith('_CLASSIFIER');
}

type Kind = 'number' | 'int' | 'string' | 'bool' | 'strings' | 'ints' | 'pairs';
type PerFamily<T> = Partial<Record<Family, T>>;

interface Spec {
  readonly kind: Kind;
  /** The default per family; a family absent does not take the option. `null` is "unset". */
  readonly defaults: PerFamily<MlValue>;
  readonly choices?: readonly string[];
  /** Classifiers only. */
  readonly classifier?: boolean;
  readonly min?: number;
  readonly max?: number;
}

const ALL = <T>(v: T): Record<Family, T> => ({ linear: v, tree: v, dnn: v, kmeans: v });
const SUPERVISED = <T>(v: T): PerFamily<T> => ({ linear: v, tree: v, dnn: v });

/** Every option Godwit runs. Defaults computed from the data (`num_clusters`, `hidden_units`, `batch_size`) are `null` here. */
export const OPTION_SPECS: Readonly<Record<string, Spec>> = {
  model_type: { kind: 'string', defaults: ALL(null), choices: MODEL_TYPES },
  input_label_cols: { kind: 'strings', defaults: SUPERVISED(null) },
  data_split_method: {
    kind: 'string',
    defaults: ALL('AUTO_SPLIT'),
    choices: ['AUTO_SPLIT', 'RANDOM', 'CUSTOM', 'SEQ', 'NO_SPLIT'],
  },
  data_split_eval_fraction: { kind: 'number', defaults: ALL(0.2), min: 0, max: 1 },
  data_split_col: { kind: 'string', defaults: ALL(null) },
  max_iterations: { kind: 'int', defaults: ALL(20), min: 1 },
  early_stop: { kind: 'bool', defaults: ALL(true) },
  min_rel_progress: { kind: 'number', defaults: ALL(0.01), min: 0 },
  l1_reg: { kind: 'number', defaults: SUPERVISED(0), min: 0 },
  l2_reg: { kind: 'number', defaults: { linear: 0, tree: 1, dnn: 0 }, min: 0 },
  learn_rate: { kind: 'number', defaults: { linear: 0.1, tree: 0.3, dnn: 0.001 }, min: 0 },
  auto_class_weights: { kind: 'bool', defaults: SUPERVISED(false), classifier: true },
  class_weights: { kind: 'pairs', defaults: SUPERVISED(null), classifier: true },
  category_encoding_method: {
    kind: 'string',
    defaults: { linear: 'ONE_HOT_ENCODING', tree: 'ONE_HOT_ENCODING' },
    choices: ['ONE_HOT_ENCODING', 'DUMMY_ENCODING', 'LABEL_ENCODING'],
  },
  learn_rate_strategy: { kind: 'string', defaults: { linear: 'LINE_SEARCH' }, choices: ['LINE_SEARCH', 'CONSTANT'] },
  ls_init_learn_rate: { kind: 'number', defaults: { linear: 0.1 }, min: 0 },
  optimize_strategy: {
    kind: 'string',
    defaults: { linear: 'AUTO_STRATEGY' },
    choices: ['AUTO_STRATEGY', 'BATCH_GRADIENT_DESCENT', 'NORMAL_EQUATION'],
  },
  fit_intercept: { kind: 'bool', defaults: { linear: true } },
  num_parallel_tree: { kind: 'int', defaults: { tree: 1 }, min: 1 },
  max_tree_depth: { kind: 'int', defaults: { tree: 6 }, min: 1 },
  subsample: { kind: 'number', defaults: { tree: 1 }, min: 0, max: 1 },
  min_tree_child_weight: { kind: 'number', defaults: { tree: 1 }, min: 0 },
  min_split_loss: { kind: 'number', defaults: { tree: 0 }, min: 0 },
  colsample_bytree: { kind: 'number', defaults: { tree: 1 }, min: 0, max: 1 },
  booster_type: { kind: 'string', defaults: { tree: 'GBTREE' }, choices: ['GBTREE'] },
  tree_method: { kind: 'string', defaults: { tree: 'AUTO' }, choices: ['AUTO', 'HIST'] },
  hidden_units: { kind: 'ints', defaults: { dnn: null }, min: 1 },
  activation_fn: {
    kind: 'string',
    defaults: { dnn: 'RELU' },
    choices: ['RELU', 'RELU6', 'ELU', 'SELU', 'SIGMOID', 'TANH'],
  },
  batch_size: { kind: 'int', defaults: { dnn: null }, min: 1 },
  dropout: { kind: 'number', defaults: { dnn: 0 }, min: 0, max: 0.99 },
  optimizer: { kind: 'string', defaults: { dnn: 'ADAM' }, choices: ['ADAM'] },
  num_clusters: { kind: 'int', defaults: { kmeans: null }, min: 2 },
  kmeans_init_method: { kind: 'string', defaults: { kmeans: 'RANDOM' }, choices: ['RANDOM', 'KMEANS++'] },
  distance_type: { kind: 'string', defaults: { kmeans: 'EUCLIDEAN' }, choices: ['EUCLIDEAN'] },
  standardize_features: { kind: 'bool', defaults: { kmeans: true } },
};

/** Options as given, checked, with every default of the model type filled in. */
export type ModelOptions = Readonly<Record<string, MlValue>>;

export function resolveOptions(given: ReadonlyMap<string, MlValue>): { type: ModelType; options: ModelOptions } {
  const type = modelTypeOf(given.get('model_type'));
  const family = familyOf(type);
  const out: Record<string, MlValue> = {};
  for (const [name, spec] of Object.entries(OPTION_SPECS))
    if (spec.defaults[family] !== undefined && (!spec.classifier || isClassifier(type))) out[name] = spec.defaults[family];
  for (const [name, value] of given) {
    const spec = OPTION_SPECS[name];
    if (!spec || !(name in out)) throw unknownOption(name, type, Object.keys(out));
    out[name] = value === null ? null : checkValue(name, spec, value);
  }
  out.model_type = type;
  return { type, options: out };
}

function modelTypeOf(value: MlValue | undefined): ModelType {
  const type = typeof value === 'string' ? value.toUpperCase() : undefined;
  if (type && (MODEL_TYPES as readonly string[]).includes(type)) return type as ModelType;
  throw new GodwitError(
    'E_BQML_OPTION',
    value === undefined ? 'CREATE MODEL needs OPTIONS (model_type = …).' : `model_type '${value}' is not one Godwit trains.`,
    { hint: `Supported model types: ${MODEL_TYPES.join(', ')}.` },
  );
}

function unknownOption(name: string, type: ModelType, supported: readonly string[]): GodwitError {
  const why = OPTION_SPECS[name] ? `is not an option of model_type ${type}` : 'is not an option Godwit knows';
  return new GodwitError('E_BQML_OPTION', `CREATE MODEL option ${name} ${why}.`, {
    hint: `Options of ${type}: ${supported.join(', ')} (docs/bigquery-ml.md).`,
  });
}

function checkValue(name: string, spec: Spec, value: MlValue): MlValue {
  const bad = (what: string) =>
    new GodwitError('E_BQML_OPTION', `CREATE MODEL option ${name} = ${JSON.stringify(value)}: ${what}.`, {
      hint: spec.choices
        ? `Supported values: ${spec.choices.join(', ')}.`
        : 'docs/bigquery-ml.md lists every option and its type.',
    });
  const number = (v: MlValue) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('expected a number');
    if (spec.kind === 'int' || spec.kind === 'ints') if (!Number.isInteger(v)) throw bad('expected an integer');
    if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max))
      throw bad(`expected a value in [${spec.min ?? '-∞'}, ${spec.max ?? '∞'}]`);
    return v;
  };
  switch (spec.kind) {
    case 'number':
    case 'int':
      return number(value);
    case 'bool':
      if (typeof value !== 'boolean') throw bad('expected TRUE or FALSE');
      return value;
    case 'string': {
      if (typeof value !== 'string') throw bad('expected a string');
      if (spec.choices && !spec.choices.includes(value.toUpperCase())) throw bad('not a supported value');
      return spec.choices ? value.toUpperCase() : value;
    }
    case 'strings':
      if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'string')
        throw bad("expected one column: ['label']");
      return value;
    case 'ints':
      if (!Array.isArray(value) || value.length === 0) throw bad('expected a list of integers: [64, 32]');
      return value.map(number);
    case 'pairs':
      if (!Array.isArray(value) || !value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[1] === 'number'))
        throw bad("expected [('label', weight), …]");
      return value;
  }
}
