/**
 * Mini-batch first-order training, for `optimizer: sgd | adam` (SageMaker's own way of training
 * the linear learner): `epochs` passes over the data in batches of `mini_batch_size`, visited in a
 * seeded order so runs repeat exactly. l1 is applied as a proximal (soft-threshold) step.
 */
import { seededRandom, shuffleInPlace } from '../random.js';
import { type Fit, objective, type Problem, smoothGradient } from './objective.js';
import { softThreshold } from './proximal.js';

export interface FirstOrderOptions {
  readonly optimizer: 'sgd' | 'adam';
  readonly epochs: number;
  readonly learningRate: number;
  readonly miniBatchSize: number;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  /** Called after each epoch with the full-data objective, for progress and metric lines. */
  readonly onEpoch?: (epoch: number, w: Float64Array, b: number, objective: number) => void;
}

const SHUFFLE_SEED = 0x60d817;

export function solveFirstOrder(p: Problem, o: FirstOrderOptions): Fit {
  const { n, d } = p;
  const w = new Float64Array(d);
  let b = 0;
  // State per parameter, the bias in slot d: velocity (sgd) or first/second moments (adam).
  const m1 = new Float64Array(d + 1);
  const m2 = new Float64Array(d + 1);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(SHUFFLE_SEED);
  let step = 0;
  const initial = objective(p, w, b);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let from = 0; from < n; from += o.miniBatchSize) {
      const { gw, gb } = smoothGradient(p, w, b, order.subarray(from, Math.min(n, from + o.miniBatchSize)));
      step++;
      for (let j = 0; j <= d; j++) {
        const g = j < d ? gw[j] : gb;
        const delta = o.optimizer === 'adam' ? adamDelta(m1, m2, j, g, step, o) : sgdDelta(m1, j, g, o);
        if (j < d) w[j] = softThreshold(w[j] - delta, o.learningRate * p.l1);
        else if (p.useBias) b -= delta;
      }
    }
    const value = objective(p, w, b);
    if (!Number.isFinite(value)) return diverged(w, b, epoch + 1, `the objective became ${value} in epoch ${epoch + 1}`);
    o.onEpoch?.(epoch + 1, w, b, value);
  }
  const end = objective(p, w, b);
  // Worse than the all-zero model it started from: the steps overshot instead of descending.
  if (end > initial) return diverged(w, b, o.epochs, `the objective rose from ${initial} to ${end}`);
  return { w, b, iterations: o.epochs, notes: [] };
}

function diverged(w: Float64Array, b: number, iterations: number, what: string): Fit {
  return { w, b, iterations, notes: [], failure: `training diverged (${what}); lower learning_rate.` };
}

function sgdDelta(velocity: Float64Array, j: number, g: number, o: FirstOrderOptions): number {
  velocity[j] = o.momentum * velocity[j] + g;
  return o.learningRate * velocity[j];
}

function adamDelta(m1: Float64Array, m2: Float64Array, j: number, g: number, step: number, o: FirstOrderOptions): number {
  m1[j] = o.beta1 * m1[j] + (1 - o.beta1) * g;
  m2[j] = o.beta2 * m2[j] + (1 - o.beta2) * g * g;
  const mHat = m1[j] / (1 - o.beta1 ** step);
  const vHat = m2[j] / (1 - o.beta2 ** step);
  return (o.learningRate * mHat) / (Math.sqrt(vHat) + 1e-8);
}
