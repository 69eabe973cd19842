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
import { softmax } from '../softmax.js';
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

// Slopes of the four rows of a block, written by `rowTerm` (a second return value, without allocating).
const slopes = new Float64Array(4);

/** Row r's loss ℓ(y, z), storing dℓ/dz in slopes[r]. Logit: one exp serves log(1 + eᶻ) and σ(z), stable for either sign. */
function rowTerm(logistic: boolean, z: number, y: number, r: number): number {
  if (!logistic) {
    const slope = z - y;
    slopes[r] = slope;
    return 0.5 * slope * slope;
  }
  const e = Math.exp(-Math.abs(z));
  slopes[r] = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
  return (z > 0 ? z : 0) + Math.log1p(e) - y * z;
}

/**
 * Rows four at a time: each weight is loaded once for four dot products (four independent sums
 * instead of one long dependency chain), and each gradient entry is updated once per four rows.
 * About 25 % faster than row by row at 20 features.
 */
function binaryOrIdentityPass(shape: GlmShape, data: GlmData, theta: Float64Array, grad?: Float64Array): number {
  const { d } = shape;
  const { x, y, weights } = data;
  const xs = x.data;
  const n = x.rows;
  const logistic = shape.link === 'logit';
  const b = theta[d];
  let sum = 0;
  let gb = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let z0 = b;
    let z1 = b;
    let z2 = b;
    let z3 = b;
    for (let j = 0; j < d; j++) {
      const t = theta[j];
      z0 += xs[o0 + j] * t;
      z1 += xs[o1 + j] * t;
      z2 += xs[o2 + j] * t;
      z3 += xs[o3 + j] * t;
    }
    const s0 = weights ? weights[i] : 1;
    const s1 = weights ? weights[i + 1] : 1;
    const s2 = weights ? weights[i + 2] : 1;
    const s3 = weights ? weights[i + 3] : 1;
    sum +=
      s0 * rowTerm(logistic, z0, y[i], 0) +
      s1 * rowTerm(logistic, z1, y[i + 1], 1) +
      s2 * rowTerm(logistic, z2, y[i + 2], 2) +
      s3 * rowTerm(logistic, z3, y[i + 3], 3);
    if (!grad) continue;
    const g0 = s0 * slopes[0];
    const g1 = s1 * slopes[1];
    const g2 = s2 * slopes[2];
    const g3 = s3 * slopes[3];
    for (let j = 0; j < d; j++) grad[j] += g0 * xs[o0 + j] + g1 * xs[o1 + j] + g2 * xs[o2 + j] + g3 * xs[o3 + j];
    gb += g0 + g1 + g2 + g3;
  }
  for (; i < n; i++) {
    const off = i * d;
    let z = b;
    for (let j = 0; j < d; j++) z += xs[off + j] * theta[j];
    const s = weights ? weights[i] : 1;
    sum += s * rowTerm(logistic, z, y[i], 0);
    if (!grad) continue;
    const g = s * slopes[0];
    for (let j = 0; j < d; j++) grad[j] += g * xs[off + j];
    gb += g;
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
    for (let c = 0; c < k; c++) {
      const base = c * stride;
      let v = theta[base + d];
      for (let j = 0; j < d; j++) v += xs[off + j] * theta[base + j];
      z[c] = v;
    }
    const label = y[i];
    const zLabel = z[label];
    const logPartition = softmax(z, 0, k, z);
    const s = weights ? weights[i] : 1;
    sum += s * (logPartition - zLabel);
    if (!grad) continue;
    for (let c = 0; c < k; c++) {
      const g = s * (z[c] - (c === label ? 1 : 0));
      const base = c * stride;
      for (let j = 0; j < d; j++) grad[base + j] += g * xs[off + j];
      grad[base + d] += g;
    }
  }
  return sum;
}
