/**
 * L1-regularised fits (lasso, sparse logistic regression) by FISTA: accelerated proximal
 * gradient, whose proximal step for l1·‖w‖₁ is soft-thresholding, with a backtracking estimate
 * of the Lipschitz constant. Full-batch and deterministic.
 */
import { dot, largestEigenvalue, zeros } from '../linalg.js';
import { type Fit, type Problem, smoothGradient, smoothObjective } from './objective.js';

const MAX_ITERATIONS = 20_000;
const TOLERANCE = 1e-10;

export function softThreshold(value: number, amount: number): number {
  return value > amount ? value - amount : value < -amount ? value + amount : 0;
}

export function solveProximal(p: Problem): Fit {
  const { d } = p;
  let w: Float64Array = new Float64Array(d);
  let b = 0;
  let yw: Float64Array = w;
  let yb = b;
  let t = 1;
  let lipschitz = initialLipschitz(p);
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations++) {
    const { gw, gb } = smoothGradient(p, yw, yb);
    const fy = smoothObjective(p, yw, yb);
    let nw: Float64Array;
    let nb: number;
    // Backtracking: grow L until the quadratic model at y upper-bounds the objective.
    for (;;) {
      nw = yw.map((v, j) => softThreshold(v - gw[j] / lipschitz, p.l1 / lipschitz));
      nb = p.useBias ? yb - gb / lipschitz : 0;
      const dw = nw.map((v, j) => v - yw[j]);
      const db = nb - yb;
      const bound = fy + dot(gw, dw) + gb * db + (lipschitz / 2) * (dot(dw, dw) + db * db);
      if (smoothObjective(p, nw, nb) <= bound + 1e-12 * Math.abs(bound)) break;
      lipschitz *= 2;
    }
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const momentum = (t - 1) / tNext;
    let change = Math.abs(nb - b);
    let size = Math.abs(nb);
    for (let j = 0; j < d; j++) {
      change = Math.max(change, Math.abs(nw[j] - w[j]));
      size = Math.max(size, Math.abs(nw[j]));
    }
    yw = nw.map((v, j) => v + momentum * (v - w[j]));
    yb = nb + momentum * (nb - b);
    w = nw;
    b = nb;
    t = tNext;
    if (change <= TOLERANCE * Math.max(1, size)) break;
  }
  const notes = iterations >= MAX_ITERATIONS ? [`FISTA stopped after ${MAX_ITERATIONS} iterations before converging.`] : [];
  return { w, b, iterations, notes };
}

/** λmax of the loss Hessian bound ([X 1]ᵀ[X 1]/n, times ¼ for logistic loss) plus wd. */
function initialLipschitz(p: Problem): number {
  const { n, d, x } = p;
  const m = d + 1;
  const gram = zeros(m);
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = x[i * d + j];
    row[d] = p.useBias ? 1 : 0;
    for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) gram.data[j * m + k] += (row[j] * row[k]) / n;
  }
  const curvature = p.loss === 'squared' ? 1 : 0.25;
  return Math.max(1e-12, largestEigenvalue(gram) * curvature + p.wd);
}
