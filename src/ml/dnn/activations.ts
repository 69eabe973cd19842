/**
 * The hidden layers' activations (BigQuery ML's `activation_fn`), as value and derivative of the
 * pre-activation, applied in place over a buffer so the per-element switch is hoisted out of
 * the loop.
 */
import type { DnnOptions } from '../estimator.js';

export type Activation = DnnOptions['activation'];

// SELU's constants (Klambauer et al., 2017), as TensorFlow has them.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** out[i] = f(pre[i]) for i < n. */
export function activate(kind: Activation, pre: Float64Array, out: Float64Array, n: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) out[i] = pre[i] > 0 ? pre[i] : 0;
      return;
    case 'relu6':
      for (let i = 0; i < n; i++) out[i] = pre[i] > 0 ? (pre[i] < 6 ? pre[i] : 6) : 0;
      return;
    case 'elu':
      for (let i = 0; i < n; i++) out[i] = pre[i] > 0 ? pre[i] : Math.expm1(pre[i]);
      return;
    case 'selu':
      for (let i = 0; i < n; i++) out[i] = SELU_SCALE * (pre[i] > 0 ? pre[i] : SELU_ALPHA * Math.expm1(pre[i]));
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-pre[i]));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(pre[i]);
      return;
  }
}

/** delta[i] *= f′(pre[i]) for i < n. */
export function multiplyByDerivative(kind: Activation, pre: Float64Array, delta: Float64Array, n: number): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) if (!(pre[i] > 0)) delta[i] = 0;
      return;
    case 'relu6':
      for (let i = 0; i < n; i++) if (!(pre[i] > 0 && pre[i] < 6)) delta[i] = 0;
      return;
    case 'elu':
      for (let i = 0; i < n; i++) if (!(pre[i] > 0)) delta[i] *= Math.exp(pre[i]);
      return;
    case 'selu':
      for (let i = 0; i < n; i++) delta[i] *= SELU_SCALE * (pre[i] > 0 ? 1 : SELU_ALPHA * Math.exp(pre[i]));
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const s = 1 / (1 + Math.exp(-pre[i]));
        delta[i] *= s * (1 - s);
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(pre[i]);
        delta[i] *= 1 - t * t;
      }
      return;
  }
}

export const ACTIVATIONS: readonly Activation[] = ['relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh'];
