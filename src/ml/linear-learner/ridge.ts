/**
 * Exact ridge regression: the minimum of the squared-loss objective from its normal equations,
 * (Xcᵀ Xc / n + wd·I) w = Xcᵀ yc / n, solved by Cholesky. With a bias the data is centred first,
 * which leaves the bias unregularised (b = ȳ − x̄·w) and keeps the system well conditioned.
 * Row weights sᵢ make every mean and sum a weighted one (n becomes Σ sᵢ).
 */
import { solveSpd, zeros } from '../linalg.js';
import { type Fit, type Problem, totalRowWeight } from './objective.js';

export function solveRidge(p: Problem): Fit {
  const { n: rows, d, x, y, rowWeights } = p;
  const n = totalRowWeight(p);
  const xMean = new Float64Array(d);
  let yMean = 0;
  if (p.useBias) {
    for (let i = 0; i < rows; i++) {
      const s = rowWeights ? rowWeights[i] : 1;
      for (let j = 0; j < d; j++) xMean[j] += s * x[i * d + j];
      yMean += s * y[i];
    }
    for (let j = 0; j < d; j++) xMean[j] /= n;
    yMean /= n;
  }
  const gram = zeros(d);
  const rhs = new Float64Array(d);
  const row = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    const s = rowWeights ? rowWeights[i] : 1;
    for (let j = 0; j < d; j++) row[j] = x[i * d + j] - xMean[j];
    const yc = y[i] - yMean;
    for (let j = 0; j < d; j++) {
      const rj = row[j];
      rhs[j] += rj * yc * s;
      const rs = rj * s;
      const base = j * d;
      for (let k = 0; k <= j; k++) gram.data[base + k] += rs * row[k];
    }
  }
  for (let j = 0; j < d; j++) {
    rhs[j] /= n;
    for (let k = 0; k <= j; k++) {
      const v = gram.data[j * d + k] / n + (j === k ? p.wd : 0);
      gram.data[j * d + k] = v;
      gram.data[k * d + j] = v;
    }
  }
  const { x: w, jitter } = solveSpd(gram, rhs);
  let b = yMean;
  for (let j = 0; j < d; j++) b -= xMean[j] * w[j];
  const notes = jitter > 0 ? [rankDeficientNote(jitter)] : [];
  return { w, b, iterations: 1, notes };
}

export function rankDeficientNote(jitter: number): string {
  return (
    `the features are collinear (for example a one-hot group together with the bias), so the exact solution is not unique; ` +
    `a ridge of ${jitter.toExponential(2)} was added to pick one. Set wd > 0 to choose the regularisation yourself.`
  );
}
