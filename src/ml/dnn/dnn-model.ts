/**
 * A trained network as plain JSON (weights `inputs × units`, row-major, per layer), and its
 * prediction: class probabilities (softmax) or the regression value, in batches.
 */
import { checkMatrix } from '../check-input.js';
import type { Matrix } from '../estimator.js';
import type { Activation } from './activations.js';
import { buffers, forwardPass, type Network } from './network.js';

export interface DnnModel {
  readonly kind: 'dnn';
  readonly features: number;
  readonly activation: Activation;
  readonly output: 'softmax' | 'linear';
  readonly layers: readonly {
    readonly inputs: number;
    readonly units: number;
    readonly weights: number[];
    readonly biases: number[];
  }[];
}

const BATCH = 256;

export function dnnOutputs(model: DnnModel): number {
  return (model.layers.at(-1) as DnnModel['layers'][number]).units;
}

export function toNetwork(model: DnnModel): Network {
  return {
    activation: model.activation,
    output: model.output,
    layers: model.layers.map((l) => ({
      inputs: l.inputs,
      units: l.units,
      w: Float64Array.from(l.weights),
      b: Float64Array.from(l.biases),
    })),
  };
}

export function toModel(net: Network, features: number): DnnModel {
  return {
    kind: 'dnn',
    features,
    activation: net.activation,
    output: net.output,
    layers: net.layers.map((l) => ({ inputs: l.inputs, units: l.units, weights: Array.from(l.w), biases: Array.from(l.b) })),
  };
}

/** Predictions of a network for every row of `x`, row-major `rows × outputs`. */
export function predictNetwork(net: Network, x: Matrix): Float64Array {
  const k = (net.layers.at(-1) as Network['layers'][number]).units;
  const out = new Float64Array(x.rows * k);
  const buf = buffers(net, Math.min(BATCH, Math.max(1, x.rows)));
  for (let start = 0; start < x.rows; start += BATCH) {
    const m = Math.min(BATCH, x.rows - start);
    const result = forwardPass(net, x.data.subarray(start * x.cols, (start + m) * x.cols), m, buf);
    out.set(result.subarray(0, m * k), start * k);
  }
  return out;
}

export function predictDnn(model: DnnModel, x: Matrix): Float64Array {
  checkMatrix(x, 'The prediction data', { cols: model.features });
  return predictNetwork(toNetwork(model), x);
}
