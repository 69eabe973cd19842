/**
 * A fitted k-means model: its centroids, on the features the caller passed. Prediction gives each
 * row's Euclidean distance to every centroid (BigQuery ML's `NEAREST_CENTROIDS_DISTANCE`); the
 * nearest is the row's cluster.
 */
import { checkMatrix } from '../check-input.js';
import type { Matrix } from '../estimator.js';

export interface KmeansModel {
  readonly kind: 'kmeans';
  readonly features: number;
  /** `clusters × features`, row-major. */
  readonly centroids: number[];
}

export function kmeansOutputs(model: KmeansModel): number {
  return model.centroids.length / model.features;
}

export function predictKmeans(model: KmeansModel, x: Matrix): Float64Array {
  checkMatrix(x, 'The prediction data', { cols: model.features });
  const k = kmeansOutputs(model);
  const centroids = Float64Array.from(model.centroids);
  const out = new Float64Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) {
    for (let c = 0; c < k; c++) out[i * k + c] = Math.sqrt(squaredDistance(x.data, i * x.cols, centroids, c * x.cols, x.cols));
  }
  return out;
}

export function squaredDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = a[aOffset + j] - b[bOffset + j];
    sum += diff * diff;
  }
  return sum;
}

/** The nearest centroid to row `offset` and its squared distance (ties go to the lower index). */
export function nearest(
  x: Float64Array,
  offset: number,
  centroids: Float64Array,
  k: number,
  d: number,
): { index: number; distance: number } {
  let index = 0;
  let distance = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const dist = squaredDistance(x, offset, centroids, c * d, d);
    if (dist < distance) {
      distance = dist;
      index = c;
    }
  }
  return { index, distance };
}
