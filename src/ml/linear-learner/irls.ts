/**
 * Logistic regression by Newton's method (IRLS) with a backtracking line search: deterministic,
 * and it converges in a handful of iterations where SGD needs epochs. Parameters are θ = [w; b].
 */
import { solveSpd, zeros } from '../linalg.js';
import { type Fit, type Problem, rowSlope, smoothObjective, totalRowWeight } from './objective.js';
import { rankDeficientNote } from './ridge.js';

const MAX_ITERATIONS = 100;
// Newton decrement ½·gᵀH⁻¹g below this: the objective cannot improve by more than ~1e-12.
const TOLERANCE = 1e-12;

export function solveLogisticNewton(p: Problem): Fit {
  const { n, d, x, y } = p;
  const m = p.useBias ? d + 1 : d;
  const theta = new Float64Array(m);
  const total = totalRowWeight(p);
  const split = (t: Float64Array) => ({ w: t.subarray(0, d), b: p.useBias ? t[d] : 0 });
  let current = smoothObjective(p, split(theta).w, split(theta).b);
  let maxJitter = 0;
  let iterations = 0;
  const row = new Float64Array(m);
  for (; iterations < MAX_ITERATIONS; iterations++) {
    const { w, b } = split(theta);
    const grad = new Float64Array(m);
    const hess = zeros(m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = x[i * d + j];
      if (p.useBias) row[d] = 1;
      let z = b;
      for (let j = 0; j < d; j++) z += row[j] * w[j];
      const s = (p.rowWeights?.[i] ?? 1) / total;
      const slope = rowSlope('logistic', y[i], z);
      const prob = slope + y[i]; // the slope is σ(z) − y
      const curvature = s * prob * (1 - prob);
      for (let j = 0; j < m; j++) {
        grad[j] += s * slope * row[j];
        const cj = curvature * row[j];
        for (let k = 0; k <= j; k++) hess.data[j * m + k] += cj * row[k];
      }
    }
    for (let j = 0; j < m; j++) {
      if (j < d) {
        grad[j] += p.wd * theta[j];
        hess.data[j * m + j] += p.wd;
      }
      for (let k = 0; k < j; k++) hess.data[k * m + j] = hess.data[j * m + k];
    }
    const { x: step, jitter } = solveSpd(hess, grad);
    maxJitter = Math.max(maxJitter, jitter);
    let decrement = 0;
    for (let j = 0; j < m; j++) decrement += grad[j] * step[j];
    if (decrement / 2 < TOLERANCE) break;
    const next = lineSearch(p, theta, step, current, decrement, split);
    if (!next) break;
    theta.set(next.theta);
    current = next.value;
  }
  const notes: string[] = [];
  if (maxJitter > 0) notes.push(rankDeficientNote(maxJitter));
  if (p.wd === 0 && current < 1e-6) {
    notes.push(
      'the training data looks linearly separable: with wd = 0 the weights grow without bound. Set wd > 0 for a bounded model.',
    );
  }
  const { w, b } = split(theta);
  return { w: Float64Array.from(w), b, iterations, notes };
}

function lineSearch(
  p: Problem,
  theta: Float64Array,
  step: Float64Array,
  current: number,
  decrement: number,
  split: (t: Float64Array) => { w: Float64Array; b: number },
): { theta: Float64Array; value: number } | undefined {
  const trial = new Float64Array(theta.length);
  for (let t = 1; t > 1e-10; t /= 2) {
    for (let j = 0; j < theta.length; j++) trial[j] = theta[j] - t * step[j];
    const { w, b } = split(trial);
    const value = smoothObjective(p, w, b);
    // Armijo condition: accept a step that achieves a fair share of the predicted decrease.
    if (value <= current - 1e-4 * t * decrement) return { theta: trial, value };
  }
  return undefined;
}
