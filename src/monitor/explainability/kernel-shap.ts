/**
 * KernelSHAP (Lundberg & Lee 2017) for any model given a batch predict function and a baseline
 * (background) sample, with Clarify's `shap` parameters: `num_samples` coalitions per instance,
 * `use_logit` (SHAP values in log-odds) and `seed` (the same values on every run).
 *
 * ```ts
 * const shap = await kernelShap(predict, background, rows, { numSamples: 100, seed: 7 });
 * shap.values[(r * shap.outputs + k) * shap.features + i]; // row r, model output k, feature i
 * ```
 *
 * An absent feature takes each background row's value and a present one the instance's; a
 * coalition's value is the model's mean over the background rows (the interventional Shapley
 * value). Each instance costs one `predict` call over all its coalitions × background rows, plus
 * one call for the background itself. Features whose value equals every background row's get 0
 * and are left out of the regression, as the SHAP library does. The values add up to
 * f(x) − E[f(background)] (in log-odds with `useLogit`).
 */
import { GodwitError } from '../../core/errors.js';
import { solveSpd, zeros } from '../../ml/linalg.js';
import { seededRandom } from '../../ml/random.js';
import { defaultSamples, sampleCoalitions } from './coalitions.js';

/** Rows in, predictions out: `rows.rows × outputs` values, row-major (a probability, a score, …). */
export type BatchPredict = (rows: Rows) => Promise<Float64Array> | Float64Array;

export interface Rows {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export interface KernelShapOptions {
  /** Coalitions per instance; SHAP's `2M + 2048` (capped at 2^M − 2) when absent. */
  readonly numSamples?: number;
  /** Clarify's `use_logit`: explain logit(prediction), for probabilities. */
  readonly useLogit?: boolean;
  /** Clarify's `seed`; 0 when absent, so runs repeat. */
  readonly seed?: number;
}

export interface KernelShapValues {
  readonly rows: number;
  readonly outputs: number;
  readonly features: number;
  /** Row-major `rows × outputs × features`. */
  readonly values: Float64Array;
  /** Per output: the mean prediction over the background (after the logit with `useLogit`). */
  readonly expected: Float64Array;
}

export async function kernelShap(
  predict: BatchPredict,
  background: Rows,
  instances: Rows,
  options: KernelShapOptions = {},
): Promise<KernelShapValues> {
  const m = instances.cols;
  if (background.rows === 0)
    throw new GodwitError('E_EXPLAIN_BASELINE', 'The SHAP baseline has no rows.', {
      hint: 'Give at least one baseline row (Clarify\'s "baseline": a list of rows or a file of them).',
    });
  if (options.numSamples !== undefined && !(Number.isInteger(options.numSamples) && options.numSamples > 0))
    throw new GodwitError('E_EXPLAIN_CONFIG', `num_samples ${options.numSamples} is not a positive integer.`, {
      hint: 'Give num_samples as a whole number of coalitions, e.g. 100.',
    });
  const link = options.useLogit ? logit : (v: number) => v;
  const backgroundPredictions = await predict(background);
  const outputs = backgroundPredictions.length / background.rows;
  const expected = meanRows(backgroundPredictions, background.rows, outputs).map(link);
  const random = seededRandom(options.seed ?? 0);
  const values = new Float64Array(instances.rows * outputs * m);
  for (let r = 0; r < instances.rows; r++) {
    const x = instances.data.subarray(r * m, (r + 1) * m);
    const phi = await explainOne({ predict, background, x, outputs, expected, link, random, options });
    values.set(phi, r * outputs * m);
  }
  return { rows: instances.rows, outputs, features: m, values, expected };
}

interface One {
  readonly predict: BatchPredict;
  readonly background: Rows;
  readonly x: Float64Array;
  readonly outputs: number;
  readonly expected: Float64Array;
  readonly link: (v: number) => number;
  readonly random: () => number;
  readonly options: KernelShapOptions;
}

async function explainOne(o: One): Promise<Float64Array> {
  const { background, x, outputs } = o;
  const m = x.length;
  const varying = varyingFeatures(x, background);
  const phi = new Float64Array(outputs * m);
  const v = varying.length;
  const budget = o.options.numSamples ?? defaultSamples(v);
  const coalitions = v < 2 ? undefined : sampleCoalitions(v, budget, o.random);
  const count = coalitions?.count ?? 0;
  // The instance itself first, then each coalition over every background row.
  const n = background.rows;
  const data = new Float64Array((1 + count * n) * m);
  data.set(x, 0);
  for (let c = 0; c < count; c++)
    for (let b = 0; b < n; b++) {
      const at = (1 + c * n + b) * m;
      data.set(background.data.subarray(b * m, (b + 1) * m), at);
      for (let j = 0; j < v; j++) if (coalitions?.masks[c * v + j]) data[at + varying[j]] = x[varying[j]];
    }
  const predictions = await o.predict({ rows: 1 + count * n, cols: m, data });
  if (predictions.length !== (1 + count * n) * outputs)
    throw new GodwitError('E_EXPLAIN_MODEL', `The model answered ${predictions.length} values for ${1 + count * n} rows.`, {
      hint: `Every row must get the same ${outputs} output(s) the baseline rows got.`,
    });
  for (let k = 0; k < outputs; k++) {
    const fx = o.link(predictions[k]);
    const gap = fx - o.expected[k];
    if (v === 1) phi[k * m + varying[0]] = gap;
    if (!coalitions) continue;
    const ey = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      let s = 0;
      for (let b = 0; b < n; b++) s += predictions[(1 + c * n + b) * outputs + k];
      ey[c] = o.link(s / n) - o.expected[k];
    }
    const solved = constrainedLeastSquares(coalitions.masks, coalitions.weights, ey, v, gap);
    for (let j = 0; j < v; j++) phi[k * m + varying[j]] = solved[j];
  }
  return phi;
}

/**
 * Minimises Σ w_c (ey_c − Σ_j z_cj φ_j)² subject to Σ φ = gap, by substituting the last φ
 * (φ_last = gap − Σ others), as the SHAP library solves it.
 */
function constrainedLeastSquares(
  masks: Uint8Array,
  weights: Float64Array,
  ey: Float64Array,
  v: number,
  gap: number,
): Float64Array {
  const k = v - 1;
  const a = zeros(k);
  const b = new Float64Array(k);
  const row = new Float64Array(k);
  for (let c = 0; c < weights.length; c++) {
    const last = masks[c * v + k];
    for (let j = 0; j < k; j++) row[j] = masks[c * v + j] - last;
    const y = ey[c] - last * gap;
    const w = weights[c];
    for (let i = 0; i < k; i++) {
      if (row[i] === 0) continue;
      b[i] += w * row[i] * y;
      for (let j = 0; j < k; j++) a.data[i * k + j] += w * row[i] * row[j];
    }
  }
  const { x } = solveSpd(a, b);
  const out = new Float64Array(v);
  out.set(x);
  out[k] = gap - x.reduce((s, t) => s + t, 0);
  return out;
}

/** The features where the instance differs from some background row. */
function varyingFeatures(x: Float64Array, background: Rows): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let b = 0; b < background.rows; b++) {
      const u = background.data[b * background.cols + i];
      if (u !== x[i] && !(Number.isNaN(u) && Number.isNaN(x[i]))) {
        out.push(i);
        break;
      }
    }
  }
  return out;
}

function meanRows(values: Float64Array, rows: number, width: number): Float64Array {
  const out = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let k = 0; k < width; k++) out[k] += values[r * width + k];
  for (let k = 0; k < width; k++) out[k] /= rows;
  return out;
}

/** log(p / (1 − p)), with p kept inside (1e-7, 1 − 1e-7) so a certain prediction stays finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
}
