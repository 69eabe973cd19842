/**
 * The backward pass over a mini-batch after `forwardPass`: the output layer's error (softmax with
 * cross-entropy, or linear with squared error, each row weighted by sᵢ/Σ s), then each layer's
 * weight gradient and the error it passes down through dropout's mask and the activation.
 */
import { multiplyByDerivative } from './activations.js';
import { type Dense, inputGradient, weightGradient } from './dense.js';
import type { Buffers, Network } from './network.js';

export interface Gradients {
  readonly w: Float64Array[];
  readonly b: Float64Array[];
  /** Per layer, `rows × units` errors (∂loss/∂pre-activation). */
  readonly delta: Float64Array[];
}

export function gradients(net: Network, rows: number): Gradients {
  return {
    w: net.layers.map((l) => new Float64Array(l.w.length)),
    b: net.layers.map((l) => new Float64Array(l.b.length)),
    delta: net.layers.map((l) => new Float64Array(rows * l.units)),
  };
}

export interface Batch {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly s: Float64Array;
  readonly m: number;
  /** Σ s over the batch. */
  readonly weight: number;
}

/**
 * Fills `g` with the gradient of Σ sᵢℓᵢ / Σ sᵢ over the batch (ℓ = cross-entropy, or ½(z − y)²)
 * and returns Σ sᵢ·loss with loss = cross-entropy or (z − y)², the figures the history reports.
 */
export function backward(net: Network, batch: Batch, buf: Buffers, g: Gradients, dropout: boolean): number {
  const last = net.layers.length - 1;
  const lossSum = outputError(net, batch, buf.out[last], g.delta[last]);
  for (let l = last; l >= 0; l--) {
    const layer = net.layers[l] as Dense;
    const input = l === 0 ? batch.x : buf.out[l - 1];
    weightGradient(layer, input, g.delta[l], batch.m, g.w[l], g.b[l]);
    if (l === 0) break;
    const below = g.delta[l - 1];
    const n = batch.m * layer.inputs;
    inputGradient(layer, g.delta[l], batch.m, below);
    if (dropout) for (let i = 0; i < n; i++) below[i] *= buf.mask[l - 1][i];
    multiplyByDerivative(net.activation, buf.pre[l - 1], below, n);
  }
  return lossSum;
}

function outputError(net: Network, batch: Batch, out: Float64Array, delta: Float64Array): number {
  const k = (net.layers.at(-1) as Dense).units;
  const { y, s, m, weight } = batch;
  let sum = 0;
  for (let r = 0; r < m; r++) {
    const scale = s[r] / weight;
    if (net.output === 'linear') {
      const error = out[r] - y[r];
      delta[r] = scale * error;
      sum += s[r] * error * error;
      continue;
    }
    const o = r * k;
    const label = y[r];
    for (let c = 0; c < k; c++) delta[o + c] = scale * (out[o + c] - (c === label ? 1 : 0));
    sum -= s[r] * Math.log(Math.max(out[o + label], Number.MIN_VALUE));
  }
  return sum;
}
