/**
 * The data term of the GLM objective and its gradient, one fused pass over the rows (each row is
 * read once while it is in cache: score, loss, then its share of the gradient):
 *
 *   L(θ) = Σᵢ sᵢ·ℓ(yᵢ, zᵢ) / Σᵢ sᵢ
 *
 * with ℓ = ½(y − z)² (identity), log(1 + eᶻ) − y·z (logit) or log Σₖ e^{zₖ} − z_y (softmax), sᵢ
 * the row weights. θ holds `k` blocks of `d + 1` numbers: a block's weights, then its intercept.
 */
import type { Matrix } from '../estimator.js';
import type { GlmModel } from './glm-model.js';

export interface GlmShape {
  readonly link: GlmModel['link'];
  readonly d: number;
  /** Score rows: 1 for identity and logit, the class count for softmax. */
  readonly k: number;
  readonly fitIntercept: boolean;
}

export interface GlmData {
  readonly x: Matrix;
  readonly y: Float64Array;
  readonly weights?: Float64Array;
  /** Σ sᵢ, computed once. */
  readonly totalWeight: number;
}

export function glmData(x: Matrix, y: Float64Array, weights?: Float64Array): GlmData {
  let totalWeight = x.rows;
  if (weights) {
    totalWeight = 0;
    for (let i = 0; i < x.rows; i++) totalWeight += weights[i];
  }
  return { x, y, weights, totalWeight };
}

/** L(θ), writing ∇L into `grad` when given (intercept entries stay 0 without an intercept). */
export function dataLoss(shape: GlmShape, data: GlmData, theta: Float64Array, grad?: Float64Array): number {
  grad?.fill(0);
  const sum = shape.link === 'softmax' ? softmaxPass(shape, data, theta, grad) : binaryOrIdentityPass(shape, data, theta, grad);
  const scale = 1 / data.totalWeight;
  if (grad) {
    for (let j = 0; j < grad.length; j++) grad[j] *= scale;
    if (!shape.fitIntercept) for (let c = 0; c < shape.k; c++) grad[c * (shape.d + 1) + shape.d] = 0;
  }
  return sum * scale;
}

/** The loss the history reports: mean squared error for regression, cross-entropy otherwise. */
export function reportedLoss(shape: GlmShape, data: GlmData, theta: Float64Array): number {
  const loss = dataLoss(shape, data, theta);
  return shape.link === 'identity' ? 2 * loss : loss;
}

function binaryOrIdentityPass(shape: GlmShape, data: GlmData, theta: Float64Array, grad?: Float64Array): number {
  const { d } = shape;
  const { x, y, weights } = data;
  const xs = x.data;
  const logistic = shape.link === 'logit';
  const b = theta[d];
  let sum = 0;
  let gb = 0;
  for (let i = 0; i < x.rows; i++) {
    const off = i * d;
    let z = b;
    for (let j = 0; j < d; j++) z += xs[off + j] * theta[j];
    const s = weights ? weights[i] : 1;
    const yi = y[i];
    let loss: number;
    let slope: number;
    if (logistic) {
      // One exp for both the loss log(1 + eᶻ) − y·z and σ(z), stable for either sign of z.
      const e = Math.exp(-Math.abs(z));
      loss = (z > 0 ? z : 0) + Math.log1p(e) - yi * z;
      slope = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - yi;
    } else {
      slope = z - yi;
      loss = 0.5 * slope * slope;
    }
    sum += s * loss;
    if (grad) {
      const g = s * slope;
      for (let j = 0; j < d; j++) grad[j] += g * xs[off + j];
      gb += g;
    }
  }
  if (grad) grad[d] = gb;
  return sum;
}

function softmaxPass(shape: GlmShape, data: GlmData, theta: Float64Array, grad?: Float64Array): number {
  const { d, k } = shape;
  const { x, y, weights } = data;
  const xs = x.data;
  const stride = d + 1;
  const z = new Float64Array(k);
  let sum = 0;
  for (let i = 0; i < x.rows; i++) {
    const off = i * d;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const base = c * stride;
      let v = theta[base + d];
      for (let j = 0; j < d; j++) v += xs[off + j] * theta[base + j];
      z[c] = v;
      if (v > max) max = v;
    }
    const label = y[i];
    const zLabel = z[label];
    let partition = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[c] - max);
      z[c] = e;
      partition += e;
    }
    const s = weights ? weights[i] : 1;
    sum += s * (max + Math.log(partition) - zLabel);
    if (!grad) continue;
    for (let c = 0; c < k; c++) {
      const g = s * (z[c] / partition - (c === label ? 1 : 0));
      const base = c * stride;
      for (let j = 0; j < d; j++) grad[base + j] += g * xs[off + j];
      grad[base + d] += g;
    }
  }
  return sum;
}
