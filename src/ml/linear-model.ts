/**
 * Godwit's linear-learner model artifact: `model.json` in the model directory, a versioned JSON
 * document any language can score with `dot(weights, x) + bias` (see docs/model-formats.md).
 *
 * ```json
 * { "format": "godwit.linear-learner", "version": 1, "predictorType": "regressor",
 *   "featureDim": 10, "weights": [0.41, ...], "bias": 9.93, ... }
 * ```
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import type { PredictorType } from './linear-learner/hyperparameters.js';

export const LINEAR_MODEL_FORMAT = 'godwit.linear-learner';
export const LINEAR_MODEL_VERSION = 1;
export const LINEAR_MODEL_FILE = 'model.json';

export interface LinearModel {
  readonly format: typeof LINEAR_MODEL_FORMAT;
  readonly version: typeof LINEAR_MODEL_VERSION;
  readonly predictorType: PredictorType;
  readonly featureDim: number;
  /** Weights on the raw (un-normalised) features: normalisation is folded in at training time. */
  readonly weights: readonly number[];
  readonly bias: number;
  /** Classifier only: `predicted_label` is 1 when the probability is at least this. */
  readonly threshold?: number;
  /** Every hyperparameter as resolved, defaults included. */
  readonly hyperparameters: Readonly<Record<string, string | number | boolean>>;
  readonly trainedOn: { readonly rows: number; readonly channels: Readonly<Record<string, number>> };
  /** How the weights were found: `cholesky`, `irls`, `fista`, `sgd` or `adam`, and its iterations. */
  readonly solver: { readonly name: string; readonly iterations: number; readonly notes: readonly string[] };
  readonly metrics: Readonly<Record<string, number>>;
}

/** One prediction, as SageMaker's linear learner returns it (`score`, and `predicted_label` for a classifier). */
export interface Prediction {
  /** Regressor: the predicted value. Classifier: the probability of label 1. */
  readonly score: number;
  readonly predictedLabel?: 0 | 1;
}

/** The margin `dot(weights, x) + bias` (the logit, for a classifier). */
export function margin(model: LinearModel, features: ArrayLike<number>): number {
  if (features.length !== model.featureDim) {
    throw new GodwitError(
      'E_DATA_FORMAT',
      `The record has ${features.length} features, but the model was trained on ${model.featureDim}.`,
    );
  }
  let sum = model.bias;
  const w = model.weights;
  for (let i = 0; i < w.length; i++) sum += w[i] * features[i];
  return sum;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function predict(model: LinearModel, features: ArrayLike<number>): Prediction {
  const z = margin(model, features);
  if (model.predictorType === 'regressor') return { score: z };
  const score = sigmoid(z);
  return { score, predictedLabel: score >= (model.threshold ?? 0.5) ? 1 : 0 };
}

/** Writes `model.json` atomically (temp file + rename), so a reader never sees half a model. */
export async function saveLinearModel(dir: string, model: LinearModel): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LINEAR_MODEL_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(model, null, 2)}\n`);
  await rename(tmp, path);
  return path;
}

const KNOWN_FORMATS = `${LINEAR_MODEL_FORMAT} version ${LINEAR_MODEL_VERSION} (${LINEAR_MODEL_FILE})`;

/** Reads and validates `model.json` from a model directory; anything else is `E_MODEL_FORMAT`. */
export async function loadLinearModel(dir: string): Promise<LinearModel> {
  const path = join(dir, LINEAR_MODEL_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    const found = await readdir(dir).catch(() => undefined);
    const what = found === undefined ? 'the folder does not exist' : `it holds ${found.length ? found.join(', ') : 'no files'}`;
    throw new GodwitError('E_MODEL_FORMAT', `${dir} is not a model Godwit can run: there is no ${LINEAR_MODEL_FILE} (${what}).`, {
      hint: `Godwit runs these model formats: ${KNOWN_FORMATS}, written by the built-in linear-learner.`,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new GodwitError('E_MODEL_FORMAT', `${path} is not valid JSON: ${(err as Error).message}`);
  }
  return validateLinearModel(doc, path);
}

/** Checks a parsed document against the format; `source` names it in errors. */
export function validateLinearModel(doc: unknown, source: string): LinearModel {
  const fail = (what: string): never => {
    throw new GodwitError('E_MODEL_FORMAT', `${source}: ${what}.`, { hint: `Godwit reads ${KNOWN_FORMATS}.` });
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail('expected a JSON object');
  const m = doc as Record<string, unknown>;
  if (m.format !== LINEAR_MODEL_FORMAT) fail(`format is ${JSON.stringify(m.format)}, not "${LINEAR_MODEL_FORMAT}"`);
  if (m.version !== LINEAR_MODEL_VERSION) {
    const newer = typeof m.version === 'number' && m.version > LINEAR_MODEL_VERSION;
    fail(`version ${JSON.stringify(m.version)} is not supported${newer ? ' (written by a newer Godwit; upgrade)' : ''}`);
  }
  if (m.predictorType !== 'regressor' && m.predictorType !== 'binary_classifier') {
    fail(`predictorType ${JSON.stringify(m.predictorType)} is not "regressor" or "binary_classifier"`);
  }
  const dim = m.featureDim;
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1) fail('featureDim must be a positive integer');
  const weights = m.weights;
  if (!Array.isArray(weights) || weights.length !== dim || !weights.every(Number.isFinite)) {
    fail(`weights must be ${dim} finite numbers`);
  }
  if (!Number.isFinite(m.bias)) fail('bias must be a finite number');
  if (m.predictorType === 'binary_classifier') {
    const t = m.threshold;
    if (typeof t !== 'number' || !(t >= 0 && t <= 1)) fail('a binary_classifier needs a threshold in [0, 1]');
  }
  return doc as LinearModel;
}
