/**
 * The feed-forward network shared by training and prediction: dense hidden layers with one
 * activation, then a softmax (classification) or linear (regression) output layer. A forward
 * pass over a mini-batch keeps each layer's pre-activations and outputs for the backward pass;
 * dropout (inverted: kept units are scaled by 1/(1 − rate)) applies to hidden outputs in training.
 */

import { softmax } from '../softmax.js';
import { type Activation, activate } from './activations.js';
import { type Dense, forward } from './dense.js';

export interface Network {
  readonly activation: Activation;
  readonly output: 'softmax' | 'linear';
  /** Hidden layers, then the output layer. */
  readonly layers: readonly Dense[];
}

/** Per layer, `rows × units` buffers for a batch of up to `rows` rows. */
export interface Buffers {
  readonly rows: number;
  readonly pre: Float64Array[];
  readonly out: Float64Array[];
  /** Per hidden layer, 0 or 1/(1 − rate) per unit when dropout is on. */
  readonly mask: Float64Array[];
}

export function buffers(net: Network, rows: number): Buffers {
  const sizes = net.layers.map((l) => rows * l.units);
  return {
    rows,
    pre: sizes.map((s) => new Float64Array(s)),
    out: sizes.map((s) => new Float64Array(s)),
    mask: sizes.slice(0, -1).map((s) => new Float64Array(s)),
  };
}

export interface Dropout {
  readonly rate: number;
  readonly random: () => number;
}

/** Runs `m` rows of `input` through the network; returns the output layer's buffer (probabilities or values). */
export function forwardPass(net: Network, input: Float64Array, m: number, buf: Buffers, dropout?: Dropout): Float64Array {
  let current = input;
  const last = net.layers.length - 1;
  for (let l = 0; l <= last; l++) {
    const layer = net.layers[l];
    const n = m * layer.units;
    forward(layer, current, m, buf.pre[l]);
    if (l === last) {
      if (net.output === 'softmax') for (let r = 0; r < m; r++) softmax(buf.pre[l], r * layer.units, layer.units, buf.out[l]);
      else buf.out[l].set(buf.pre[l].subarray(0, n));
      return buf.out[l];
    }
    activate(net.activation, buf.pre[l], buf.out[l], n);
    if (dropout && dropout.rate > 0) applyDropout(buf.out[l], buf.mask[l], n, dropout);
    current = buf.out[l];
  }
  return current;
}

function applyDropout(out: Float64Array, mask: Float64Array, n: number, { rate, random }: Dropout): void {
  const keep = 1 / (1 - rate);
  for (let i = 0; i < n; i++) {
    mask[i] = random() < rate ? 0 : keep;
    out[i] *= mask[i];
  }
}
