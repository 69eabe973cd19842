/**
 * Lloyd's iteration in one pass over the rows: assign each row to its nearest centroid, and
 * accumulate the weighted sums the next centroids are the means of. A cluster left empty takes
 * the row farthest from its centroid, as scikit-learn relocates them, so k stays k.
 */
import type { Matrix } from '../estimator.js';
import { nearest } from './kmeans-model.js';

export interface Assignment {
  /** Weighted mean squared distance of the rows to their centroid: the k-means loss. */
  readonly loss: number;
  readonly cluster: Int32Array;
  readonly distance: Float64Array;
  /** Per cluster: Σ weight·x (clusters × cols) and Σ weight. */
  readonly sums: Float64Array;
  readonly mass: Float64Array;
}

export function assign(x: Matrix, centroids: Float64Array, k: number, weights?: Float64Array): Assignment {
  const { rows: n, cols: d, data } = x;
  const cluster = new Int32Array(n);
  const distance = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const mass = new Float64Array(k);
  let loss = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    const best = nearest(data, off, centroids, k, d);
    const w = weights ? weights[i] : 1;
    cluster[i] = best.index;
    distance[i] = best.distance;
    loss += w * best.distance;
    total += w;
    mass[best.index] += w;
    const base = best.index * d;
    for (let j = 0; j < d; j++) sums[base + j] += w * data[off + j];
  }
  return { loss: loss / total, cluster, distance, sums, mass };
}

/** The next centroids: each cluster's weighted mean, empty clusters moved to the farthest rows. */
export function update(x: Matrix, a: Assignment, k: number, weights?: Float64Array): Float64Array {
  const d = x.cols;
  const sums = Float64Array.from(a.sums);
  const mass = Float64Array.from(a.mass);
  const empty = [...mass.keys()].filter((c) => !(mass[c] > 0));
  if (empty.length > 0) {
    const farthest = [...a.distance.keys()].sort((p, q) => a.distance[q] - a.distance[p] || p - q);
    empty.forEach((c, r) => {
      const row = farthest[r];
      const w = weights ? weights[row] : 1;
      const from = a.cluster[row];
      for (let j = 0; j < d; j++) {
        const v = x.data[row * d + j];
        sums[from * d + j] -= w * v;
        sums[c * d + j] = w * v;
      }
      mass[from] -= w;
      mass[c] = w;
    });
  }
  const next = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) next[c * d + j] = sums[c * d + j] / mass[c];
  return next;
}
