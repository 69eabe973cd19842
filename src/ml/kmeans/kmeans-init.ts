/**
 * Initial centroids. k-means++ (Arthur & Vassilvitskii, 2007) in scikit-learn's greedy form: each
 * new centroid is the best of 2 + ⌊ln k⌋ candidates drawn with probability ∝ weight·D² (D the
 * distance to the nearest centroid so far), the one that lowers the total weighted D² most.
 * Random: k distinct rows drawn uniformly. Both draw from the seeded PRNG only.
 */
import type { Matrix } from '../estimator.js';
import { seededRandom } from '../random.js';
import { squaredDistance } from './kmeans-model.js';

export function randomCentroids(x: Matrix, k: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const rows = Array.from({ length: x.rows }, (_, i) => i);
  // A partial Fisher–Yates: the first k positions end up a uniform sample without replacement.
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (x.rows - i));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return gather(x, rows.slice(0, k));
}

export function kmeansPlusPlus(x: Matrix, k: number, seed: number, weights?: Float64Array): Float64Array {
  const random = seededRandom(seed);
  const { rows: n, cols: d, data } = x;
  const w = (i: number) => (weights ? weights[i] : 1);
  const chosen = [draw(random, n, w)];
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = squaredDistance(data, i * d, data, chosen[0] * d, d);
  const trials = 2 + Math.floor(Math.log(k));
  const candidate = new Float64Array(n);
  const best = new Float64Array(n);
  while (chosen.length < k) {
    let potential = 0;
    for (let i = 0; i < n; i++) potential += w(i) * closest[i];
    let bestRow = -1;
    let bestPotential = Number.POSITIVE_INFINITY;
    for (let t = 0; t < trials; t++) {
      const row = potential > 0 ? draw(random, n, (i) => w(i) * closest[i], potential) : draw(random, n, w);
      let total = 0;
      for (let i = 0; i < n; i++) {
        candidate[i] = Math.min(closest[i], squaredDistance(data, i * d, data, row * d, d));
        total += w(i) * candidate[i];
      }
      if (total < bestPotential) {
        bestPotential = total;
        bestRow = row;
        best.set(candidate);
      }
    }
    chosen.push(bestRow);
    closest.set(best);
  }
  return gather(x, chosen);
}

/** A row drawn with probability ∝ mass(i); `total` is Σ mass when already known. */
function draw(random: () => number, n: number, mass: (i: number) => number, total?: number): number {
  let sum = total ?? 0;
  if (total === undefined) for (let i = 0; i < n; i++) sum += mass(i);
  let u = random() * sum;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const m = mass(i);
    if (m <= 0) continue;
    last = i;
    u -= m;
    if (u < 0) return i;
  }
  return last;
}

function gather(x: Matrix, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * x.cols);
  for (const [c, row] of rows.entries()) out.set(x.data.subarray(row * x.cols, (row + 1) * x.cols), c * x.cols);
  return out;
}
