/**
 * The linear learner's hyperparameters, with SageMaker's names and defaults. Values arrive the
 * way `hyperparameters.json` holds them (all strings: `{"wd": "0.01", "normalize_data": "true"}`)
 * or typed from the DSL (`{ wd: 0.01 }`); both parse to the same resolved set.
 */
import { GodwitError } from '../../core/errors.js';
import { BUILTIN_ALGORITHMS } from '../../pipeline/builtin-algorithms.js';

export type RawHyperparameter = string | number | boolean;
export type PredictorType = 'regressor' | 'binary_classifier';
export type ModelSelectionCriterion =
  | 'accuracy'
  | 'f_beta'
  | 'precision_at_target_recall'
  | 'recall_at_target_precision'
  | 'loss_function';

export interface LinearLearnerHyperparameters {
  readonly predictor_type: PredictorType;
  readonly feature_dim: number | 'auto';
  readonly optimizer: 'auto' | 'sgd' | 'adam';
  readonly loss: 'auto' | 'squared_loss' | 'logistic';
  readonly wd: number;
  readonly l1: number;
  readonly use_bias: boolean;
  readonly normalize_data: boolean;
  readonly normalize_label: boolean | 'auto';
  readonly epochs: number;
  readonly learning_rate: number | 'auto';
  readonly mini_batch_size: number;
  readonly beta_1: number;
  readonly beta_2: number;
  readonly momentum: number;
  readonly binary_classifier_model_selection_criteria: ModelSelectionCriterion;
  readonly f_beta: number;
  readonly target_recall: number;
  readonly target_precision: number;
  readonly positive_example_weight_mult: number | 'balanced';
}

type Parser = (raw: RawHyperparameter) => RawHyperparameter | undefined;
interface Spec {
  readonly parse: Parser;
  readonly expected: string;
  readonly default?: RawHyperparameter;
}

const oneOf =
  (...values: string[]): Parser =>
  (raw) =>
    typeof raw === 'string' && values.includes(raw) ? raw : undefined;

function numberIn(min: number, max = Number.POSITIVE_INFINITY, integer = false): Parser {
  return (raw) => {
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(value) || value < min || value > max) return undefined;
    return integer && !Number.isInteger(value) ? undefined : value;
  };
}

const bool: Parser = (raw) => {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
};

const orAuto =
  (parse: Parser): Parser =>
  (raw) =>
    raw === 'auto' ? 'auto' : parse(raw);

const PARSERS: Record<keyof LinearLearnerHyperparameters, Omit<Spec, 'default'>> = {
  predictor_type: { parse: oneOf('regressor', 'binary_classifier'), expected: '"regressor" or "binary_classifier"' },
  feature_dim: {
    parse: orAuto(numberIn(1, Number.MAX_SAFE_INTEGER, true)),
    expected: 'a positive integer or "auto"',
  },
  optimizer: { parse: oneOf('auto', 'sgd', 'adam'), expected: '"auto", "sgd" or "adam"' },
  loss: { parse: oneOf('auto', 'squared_loss', 'logistic'), expected: '"auto", "squared_loss" or "logistic"' },
  wd: { parse: numberIn(0), expected: 'a number ≥ 0' },
  l1: { parse: numberIn(0), expected: 'a number ≥ 0' },
  use_bias: { parse: bool, expected: 'true or false' },
  normalize_data: { parse: bool, expected: 'true or false' },
  normalize_label: { parse: orAuto(bool), expected: 'true, false or "auto"' },
  epochs: { parse: numberIn(1, 1e6, true), expected: 'a positive integer' },
  learning_rate: { parse: orAuto(numberIn(Number.MIN_VALUE)), expected: 'a number > 0 or "auto"' },
  mini_batch_size: { parse: numberIn(1, Number.MAX_SAFE_INTEGER, true), expected: 'a positive integer' },
  beta_1: { parse: numberIn(0, 0.999999), expected: 'a number in [0, 1)' },
  beta_2: { parse: numberIn(0, 0.999999), expected: 'a number in [0, 1)' },
  momentum: { parse: numberIn(0, 0.999999), expected: 'a number in [0, 1)' },
  binary_classifier_model_selection_criteria: {
    parse: oneOf('accuracy', 'f_beta', 'precision_at_target_recall', 'recall_at_target_precision', 'loss_function'),
    expected: '"accuracy", "f_beta", "precision_at_target_recall", "recall_at_target_precision" or "loss_function"',
  },
  f_beta: { parse: numberIn(Number.MIN_VALUE), expected: 'a number > 0' },
  target_recall: { parse: numberIn(0, 1), expected: 'a number in [0, 1]' },
  target_precision: { parse: numberIn(0, 1), expected: 'a number in [0, 1]' },
  positive_example_weight_mult: {
    parse: (raw) => (raw === 'balanced' ? raw : numberIn(Number.MIN_VALUE)(raw)),
    expected: 'a number > 0 or "balanced"',
  },
};

const FACTS = BUILTIN_ALGORITHMS['linear-learner'];

// Names, defaults and which are required come from the algorithm table (which the validator and
// compilers read too); how to parse each is Godwit's own, and every name the table lists needs a
// parser in PARSERS (a name the table does not list is unknown).
const SPECS: Record<string, Spec> = Object.fromEntries(
  Object.entries(FACTS.hyperparameters).map(([name, value]) => [
    name,
    { ...(PARSERS as Record<string, Omit<Spec, 'default'>>)[name], default: value },
  ]),
);

/** The hyperparameter names Godwit's linear learner understands. */
export const KNOWN_HYPERPARAMETERS: readonly string[] = Object.keys(FACTS.hyperparameters);

/** The names this module can parse: the same as the table's (a test holds them equal). */
export const PARSED_HYPERPARAMETERS: readonly string[] = Object.keys(PARSERS);

// SageMaker's algorithm has these too; naming them apart from typos tells the user what to drop.
const NOT_IMPLEMENTED = new Set(FACTS.unimplementedHyperparameters);

// Only meaningful for a classifier; given to a regressor they are a mistake worth reporting.
const CLASSIFIER_ONLY = [
  'binary_classifier_model_selection_criteria',
  'f_beta',
  'target_recall',
  'target_precision',
  'positive_example_weight_mult',
] as const;

export interface ResolvedHyperparameters {
  readonly values: LinearLearnerHyperparameters;
  /** Names the caller set explicitly (the rest are defaults). */
  readonly given: ReadonlySet<string>;
  /** Platform-reserved names (leading `_`, e.g. `_tuning_objective_metric`) that were skipped. */
  readonly skipped: readonly string[];
}

/**
 * Parses and checks hyperparameters; every problem found is reported in one `E_HYPERPARAMETER`
 * error. A string holding a JSON string (`"\"regressor\""`, as some SDKs encode) is unwrapped.
 */
export function resolveHyperparameters(input: Readonly<Record<string, RawHyperparameter>>): ResolvedHyperparameters {
  const problems: string[] = [];
  const values: Record<string, RawHyperparameter> = {};
  const given = new Set<string>();
  const skipped: string[] = [];
  for (const [name, raw] of Object.entries(input)) {
    if (name.startsWith('_')) {
      skipped.push(name);
      continue;
    }
    const spec = (SPECS as Record<string, Spec | undefined>)[name];
    if (!spec) {
      problems.push(
        NOT_IMPLEMENTED.has(name)
          ? `"${name}" is a SageMaker linear-learner hyperparameter that Godwit does not implement; remove it`
          : `unknown hyperparameter "${name}"`,
      );
      continue;
    }
    const parsed = spec.parse(unwrap(raw));
    if (parsed === undefined) problems.push(`${name} must be ${spec.expected}, got ${JSON.stringify(raw)}`);
    else {
      values[name] = parsed;
      given.add(name);
    }
  }
  for (const name of FACTS.requiredHyperparameters) {
    if (!given.has(name) && !problems.some((p) => p.startsWith(name)))
      problems.push(`${name} is required (${SPECS[name].expected})`);
  }
  for (const [name, spec] of Object.entries(SPECS))
    if (!(name in values) && spec.default !== undefined) values[name] = spec.default;
  const resolved = values as unknown as LinearLearnerHyperparameters;
  if (problems.length === 0) problems.push(...crossChecks(resolved, given));
  if (problems.length > 0) {
    throw new GodwitError('E_HYPERPARAMETER', `linear-learner hyperparameters: ${problems.join('; ')}.`, {
      hint: `Known hyperparameters: ${KNOWN_HYPERPARAMETERS.join(', ')}.`,
    });
  }
  return { values: resolved, given, skipped };
}

function unwrap(raw: RawHyperparameter): RawHyperparameter {
  if (typeof raw !== 'string') return raw;
  const text = raw.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      const inner = JSON.parse(text);
      if (typeof inner === 'string') return inner.trim();
    } catch {
      // Not JSON after all: keep the text, the parser reports it.
    }
  }
  return text;
}

function crossChecks(hp: LinearLearnerHyperparameters, given: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const classifier = hp.predictor_type === 'binary_classifier';
  if (hp.loss !== 'auto' && hp.loss !== (classifier ? 'logistic' : 'squared_loss')) {
    problems.push(`loss "${hp.loss}" does not fit predictor_type "${hp.predictor_type}"`);
  }
  if (classifier && hp.normalize_label === true) problems.push('normalize_label cannot be true for a binary_classifier');
  if (!classifier) {
    const misplaced = CLASSIFIER_ONLY.filter((name) => given.has(name));
    if (misplaced.length > 0) problems.push(`${misplaced.join(', ')} apply only to predictor_type "binary_classifier"`);
  }
  return problems;
}
