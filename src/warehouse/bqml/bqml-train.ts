/**
 * CREATE MODEL: options checked first, then the training query run, the label and features
 * fitted, the rows split, the algorithm trained, the evaluation rows scored — all in memory —
 * and only then the model saved in one statement. Any failure leaves the store as it was.
 */
import { GodwitError } from '../../core/errors.js';
import type { Matrix } from '../../ml/estimator.js';
import type { CreateModelStatement } from '../../sql/index.js';
import type { Column, Row, StatementCost } from '../warehouse.js';
import { defaultClusters, loadAlgorithm, planOf, taskOf } from './bqml-algorithms.js';
import { trainingRows, transformInputs } from './bqml-data.js';
import { type BqmlEnv, SEED } from './bqml-env.js';
import { type Encoding, encode, fitFeatures, type NumericMode } from './bqml-features.js';
import { fitLabel, labelVector } from './bqml-label.js';
import type { LabelInfo, StoredModel } from './bqml-model.js';
import { familyOf, isClassifier, type ModelOptions, type ModelType, resolveOptions } from './bqml-options.js';
import { scoresOf } from './bqml-scores.js';
import { splitRows } from './bqml-split.js';
import { featureStats } from './bqml-stats.js';
import { display } from './bqml-store.js';
import { classWeights } from './bqml-weights.js';

export async function createModel(env: BqmlEnv, s: CreateModelStatement): Promise<StatementCost> {
  const started = performance.now();
  const { type, options } = resolveOptions(s.options);
  await env.store.requireDataset(s.model);
  const existing = await env.store.get(s.model);
  if (existing && s.ifNotExists) return { durationMs: performance.now() - started, rows: 0 };
  if (existing && !s.replace)
    throw new GodwitError('E_BQML_MODEL_EXISTS', `Already Exists: Model ${display(s.model)}.`, {
      hint: 'Use CREATE OR REPLACE MODEL to replace it, CREATE MODEL IF NOT EXISTS to keep it, or DROP MODEL first.',
    });
  const { data, raw, items } = await trainingRows(env, s.select, s.transform);
  const model = await fit(display(s.model), type, options, data.columns, data.rows);
  const inputs = items ? transformInputs(items, raw, model.label?.name) : model.inputs;
  await env.store.save(s.model, { ...model, inputs, ...(items ? { transform: items } : {}) });
  return { durationMs: performance.now() - started, rows: data.rows.length };
}

export async function fit(
  name: string,
  type: ModelType,
  options: ModelOptions,
  columns: readonly Column[],
  all: readonly Row[],
): Promise<StoredModel> {
  const classifier = isClassifier(type);
  const label = type === 'KMEANS' ? undefined : fitLabel(columns, all, labelName(options), classifier);
  const rows = label ? all.filter((r) => r[label.name] !== null && r[label.name] !== undefined) : all;
  const split = splitRows(rows, options, SEED);
  const skip = new Set([
    label?.name,
    options.data_split_method === 'CUSTOM' || options.data_split_method === 'SEQ' ? String(options.data_split_col) : undefined,
  ]);
  const featureColumns = columns.filter((c) => !skip.has(c.name));
  if (featureColumns.length === 0)
    throw new GodwitError('E_BQML_COLUMN', `Model ${name} has no feature columns: the training query selects only the label.`, {
      hint: 'Select the columns to learn from along with the label.',
    });
  const features = fitFeatures(featureColumns, split.train, numericMode(type, options), encodingOf(type, options));
  const x = encode(features, split.train);
  const evalRows = split.eval.length > 0 ? split.eval : split.train;
  const evalX = split.eval.length > 0 ? encode(features, split.eval) : x;
  const classes = label?.classes?.length ?? 0;
  const outputs =
    type === 'KMEANS' ? Number(options.num_clusters ?? defaultClusters(split.train.length)) : classifier ? classes : 1;
  const plan = planOf(type, options, { rows: split.train.length, inputs: x.cols, outputs });
  const algorithm = await loadAlgorithm(plan.algorithm);
  const rawY = label ? labelVector(label, split.train) : undefined;
  const targetScale = type === 'DNN_REGRESSOR' && rawY ? scaleOf(rawY) : undefined;
  const y = rawY && scaled(rawY, targetScale);
  const evalY = label && split.eval.length > 0 ? scaled(labelVector(label, split.eval), targetScale) : undefined;
  const trained = await algorithm.train({
    task: taskOf(type, classes),
    x,
    ...(y ? { y } : {}),
    ...(label?.classes ? { weights: classWeights(options, label, y!) } : {}),
    ...(split.eval.length > 0 ? { eval: { x: evalX, ...(evalY ? { y: evalY } : {}) } } : {}),
    options: plan.options,
    seed: SEED,
  });
  const predicted = unscaled(algorithm.predict(trained.model, evalX), targetScale);
  return {
    format: 'godwit-bqml/1',
    name,
    modelType: type,
    options: { ...options, ...(type === 'KMEANS' ? { num_clusters: outputs } : {}) },
    ...(label ? { label } : {}),
    inputs: featureColumns,
    features,
    algorithm: plan.algorithm,
    model: trained.model,
    ...(targetScale ? { targetScale } : {}),
    history: trained.history,
    trainRows: split.train.length,
    evalRows: split.eval.length,
    evaluation: scoresOf(type, label, evalRows, evalX, predicted, algorithm.outputs(trained.model)),
    featureStats: featureStats(featureColumns, split.train),
    createdAt: new Date().toISOString(),
  };
}

/**
 * A network's regression output starts near 0: it learns a label in the thousands (grams) only
 * after many epochs, so DNN_REGRESSOR trains on the standardised label and scales back.
 */
function scaleOf(y: Float64Array): { mean: number; std: number } {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const sd = Math.sqrt(y.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, y.length - 1));
  return { mean, std: sd > 0 ? sd : 1 };
}

function scaled(y: Float64Array, s: { mean: number; std: number } | undefined): Float64Array {
  return s ? y.map((v) => (v - s.mean) / s.std) : y;
}

export function unscaled(out: Float64Array, s: { mean: number; std: number } | undefined): Float64Array {
  return s ? out.map((v) => v * s.std + s.mean) : out;
}

function labelName(options: ModelOptions): string {
  const cols = options.input_label_cols;
  return Array.isArray(cols) ? String(cols[0]) : 'label';
}

function numericMode(type: ModelType, options: ModelOptions): NumericMode {
  const family = familyOf(type);
  if (family === 'tree') return 'raw';
  if (family === 'kmeans' && options.standardize_features === false) return 'impute';
  return 'standardize';
}

function encodingOf(type: ModelType, options: ModelOptions): Encoding {
  const method = (options.category_encoding_method ?? 'ONE_HOT_ENCODING') as Encoding;
  const allowed = familyOf(type) === 'tree' ? ['ONE_HOT_ENCODING', 'LABEL_ENCODING'] : ['ONE_HOT_ENCODING', 'DUMMY_ENCODING'];
  if (!allowed.includes(method))
    throw new GodwitError('E_BQML_OPTION', `category_encoding_method '${method}' is not one model_type ${type} takes.`, {
      hint: `Supported for ${type}: ${allowed.join(', ')}.`,
    });
  return method;
}

export type { LabelInfo, Matrix };
