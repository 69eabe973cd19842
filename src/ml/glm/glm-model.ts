/**
 * A fitted generalised linear model and its prediction. The model is plain JSON: weights and
 * intercepts on the features the caller passed (already standardised or encoded by it), so
 * `ML.WEIGHTS` can list them and an export can write them as they are.
 */
import { checkMatrix } from '../check-input.js';
import type { Matrix } from '../estimator.js';
import { sigmoid } from '../linear-model.js';
import { softmax } from '../softmax.js';

export interface GlmModel {
  readonly kind: 'glm';
  /** identity: linear regression; logit: binary logistic (class 1's score); softmax: one score per class. */
  readonly link: 'identity' | 'logit' | 'softmax';
  readonly features: number;
  /** Rows of `features` weights, row-major: one row for identity and logit, one per class for softmax. */
  readonly weights: number[];
  /** One per row of `weights`; 0 when fitted without an intercept. */
  readonly intercepts: number[];
}

/** How many numbers `predictGlm` gives per row. */
export function glmOutputs(model: GlmModel): number {
  if (model.link === 'identity') return 1;
  return model.link === 'logit' ? 2 : model.intercepts.length;
}

/** Scores (θ·x + b) for each row of `weights`, row-major rows × scores. */
export function glmScores(model: GlmModel, x: Matrix): Float64Array {
  const { features: d, weights, intercepts } = model;
  const k = intercepts.length;
  const out = new Float64Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) {
    const off = i * d;
    for (let c = 0; c < k; c++) {
      let z = intercepts[c];
      const base = c * d;
      for (let j = 0; j < d; j++) z += x.data[off + j] * weights[base + j];
      out[i * k + c] = z;
    }
  }
  return out;
}

/** Regression: the prediction; classification: class probabilities summing to 1. */
export function predictGlm(model: GlmModel, x: Matrix): Float64Array {
  checkMatrix(x, 'The prediction data', { cols: model.features });
  const scores = glmScores(model, x);
  if (model.link === 'identity') return scores;
  if (model.link === 'logit') {
    const out = new Float64Array(x.rows * 2);
    for (let i = 0; i < x.rows; i++) {
      const p = sigmoid(scores[i]);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  const k = model.intercepts.length;
  for (let i = 0; i < x.rows; i++) softmax(scores, i * k, k, scores);
  return scores;
}
