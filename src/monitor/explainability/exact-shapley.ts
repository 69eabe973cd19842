/**
 * The exact (interventional) Shapley values by enumerating all 2^M coalitions, the value of a
 * coalition being the model's mean over the background rows with the coalition's features set
 * to the instance's: φ_i = Σ_{S ⊆ N∖{i}} |S|! (M − |S| − 1)! / M! · (v(S ∪ {i}) − v(S)).
 * KernelSHAP estimates exactly these; this is its oracle, practical up to a dozen features.
 */
import { GodwitError } from '../../core/errors.js';
import type { BatchPredict, Rows } from './kernel-shap.js';

const MAX_FEATURES = 16;

/** Per output, the Shapley value of each feature of `x`: `outputs × M`, row-major. */
export async function exactShapley(predict: BatchPredict, background: Rows, x: ArrayLike<number>): Promise<Float64Array> {
  const m = x.length;
  if (m > MAX_FEATURES)
    throw new GodwitError('E_EXPLAIN_CONFIG', `Exact Shapley values of ${m} features need 2^${m} coalitions.`, {
      hint: `Enumerate at most ${MAX_FEATURES} features; use KernelSHAP beyond.`,
    });
  const subsets = 2 ** m;
  const n = background.rows;
  const data = new Float64Array(subsets * n * m);
  for (let s = 0; s < subsets; s++)
    for (let b = 0; b < n; b++) {
      const at = (s * n + b) * m;
      for (let i = 0; i < m; i++) data[at + i] = s & (1 << i) ? x[i] : background.data[b * m + i];
    }
  const predictions = await predict({ rows: subsets * n, cols: m, data });
  const outputs = predictions.length / (subsets * n);
  const factorial = [1];
  for (let i = 1; i <= m; i++) factorial.push(factorial[i - 1] * i);
  const phi = new Float64Array(outputs * m);
  for (let k = 0; k < outputs; k++) {
    const value = new Float64Array(subsets);
    for (let s = 0; s < subsets; s++) {
      let sum = 0;
      for (let b = 0; b < n; b++) sum += predictions[(s * n + b) * outputs + k];
      value[s] = sum / n;
    }
    for (let i = 0; i < m; i++)
      for (let s = 0; s < subsets; s++) {
        if (s & (1 << i)) continue;
        const size = popcount(s);
        const weight = (factorial[size] * factorial[m - size - 1]) / factorial[m];
        phi[k * m + i] += weight * (value[s | (1 << i)] - value[s]);
      }
  }
  return phi;
}

function popcount(s: number): number {
  let c = 0;
  for (let v = s; v; v &= v - 1) c++;
  return c;
}
