/**
 * The one softmax of src/ml (GLM, network, boosted trees): shifted by the maximum so exp never
 * overflows, in double precision. (The XGBoost codec keeps its own, rounded to float32 at each
 * step as XGBoost computes it, so its predictions match XGBoost's to the bit.)
 */

/**
 * Writes the softmax of `from[at … at + k)` into `to[toAt … toAt + k)` (`to` may be `from`) and
 * returns the log-partition log Σ exp, which a cross-entropy needs.
 */
export function softmax(from: ArrayLike<number>, at: number, k: number, to: Float64Array, toAt = at): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) max = Math.max(max, from[at + c]);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(from[at + c] - max);
    to[toAt + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) to[toAt + c] /= sum;
  return max + Math.log(sum);
}
