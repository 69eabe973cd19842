/**
 * ML.EVALUATE's metrics, named as BigQuery ML names them. Classifiers: `precision`, `recall`,
 * `accuracy`, `f1_score`, `log_loss`, `roc_auc` (binary: the positive class is the second class
 * in order, predicted when its probability ≥ `threshold`; multiclass: macro averages, the class
 * with the highest probability predicted, one-vs-rest AUC). Regressors: `mean_absolute_error`,
 * `mean_squared_error`, `mean_squared_log_error`, `median_absolute_error`, `r2_score`,
 * `explained_variance`. k-means: `davies_bouldin_index`, `mean_squared_distance`.
 */

import type { Matrix } from '../../ml/estimator.js';
import { rocAuc } from '../../ml/metrics.js';

export type Metrics = Record<string, number | null>;

const EPS = 1e-15;

export function classificationMetrics(y: readonly number[], probs: ArrayLike<number>, classes: number, threshold = 0.5): Metrics {
  const n = y.length;
  const predicted = y.map((_, r) =>
    classes === 2 ? (probs[r * 2 + 1] >= threshold ? 1 : 0) : argmax(probs, r * classes, classes),
  );
  let correct = 0;
  let loss = 0;
  for (let r = 0; r < n; r++) {
    if (predicted[r] === y[r]) correct++;
    loss -= Math.log(Math.min(1 - EPS, Math.max(EPS, probs[r * classes + y[r]])));
  }
  const per = (c: number) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let r = 0; r < n; r++) {
      if (predicted[r] === c && y[r] === c) tp++;
      else if (predicted[r] === c) fp++;
      else if (y[r] === c) fn++;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  };
  const which = classes === 2 ? [1] : [...Array(classes).keys()];
  const stats = which.map(per);
  const mean = (f: (s: (typeof stats)[number]) => number) => stats.reduce((a, s) => a + f(s), 0) / stats.length;
  const aucs = which.map(
    (c) =>
      rocAuc(
        y.map((v) => (v === c ? 1 : 0)),
        y.map((_, r) => probs[r * classes + c]),
      ) ?? null,
  );
  return {
    precision: mean((s) => s.precision),
    recall: mean((s) => s.recall),
    accuracy: n === 0 ? null : correct / n,
    f1_score: mean((s) => s.f1),
    log_loss: n === 0 ? null : loss / n,
    roc_auc: aucs.some((a) => a === null) ? null : (aucs as number[]).reduce((a, b) => a + b, 0) / aucs.length,
  };
}

export function regressionMetrics(y: readonly number[], p: ArrayLike<number>): Metrics {
  const n = y.length;
  if (n === 0) return {};
  const residuals = y.map((v, r) => v - p[r]);
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  const meanR = residuals.reduce((a, b) => a + b, 0) / n;
  const ssTot = y.reduce((a, v) => a + (v - meanY) ** 2, 0);
  const sse = residuals.reduce((a, e) => a + e * e, 0);
  const varR = residuals.reduce((a, e) => a + (e - meanR) ** 2, 0);
  const logs = y.every((v, r) => v > -1 && p[r] > -1);
  const abs = residuals.map(Math.abs).sort((a, b) => a - b);
  return {
    mean_absolute_error: abs.reduce((a, b) => a + b, 0) / n,
    mean_squared_error: sse / n,
    mean_squared_log_error: logs ? y.reduce((a, v, r) => a + (Math.log1p(v) - Math.log1p(p[r])) ** 2, 0) / n : null,
    median_absolute_error: n % 2 ? abs[(n - 1) / 2] : (abs[n / 2 - 1] + abs[n / 2]) / 2,
    r2_score: ssTot === 0 ? null : 1 - sse / ssTot,
    explained_variance: ssTot === 0 ? null : 1 - varR / ssTot,
  };
}

/** `distances` is rows × k (each row's distance to each centroid); the centroids are the clusters' means in `x`. */
export function clusteringMetrics(x: Matrix, distances: ArrayLike<number>, k: number): Metrics {
  if (x.rows === 0) return {};
  const assigned = Array.from({ length: x.rows }, (_, r) => argmin(distances, r * k, k));
  let sq = 0;
  const spread = new Float64Array(k);
  const count = new Float64Array(k);
  const centroid = new Float64Array(k * x.cols);
  for (let r = 0; r < x.rows; r++) {
    const c = assigned[r];
    const d = distances[r * k + c];
    sq += d * d;
    spread[c] += d;
    count[c]++;
    for (let j = 0; j < x.cols; j++) centroid[c * x.cols + j] += x.data[r * x.cols + j];
  }
  const used = [...Array(k).keys()].filter((c) => count[c] > 0);
  for (const c of used) for (let j = 0; j < x.cols; j++) centroid[c * x.cols + j] /= count[c];
  const between = (a: number, b: number) => {
    let s = 0;
    for (let j = 0; j < x.cols; j++) s += (centroid[a * x.cols + j] - centroid[b * x.cols + j]) ** 2;
    return Math.sqrt(s);
  };
  const db = used.map((a) =>
    Math.max(
      0,
      ...used.filter((b) => b !== a).map((b) => (spread[a] / count[a] + spread[b] / count[b]) / (between(a, b) || EPS)),
    ),
  );
  return {
    davies_bouldin_index: used.length < 2 ? null : db.reduce((s, v) => s + v, 0) / used.length,
    mean_squared_distance: sq / x.rows,
  };
}

export function argmax(values: ArrayLike<number>, at: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (values[at + i] > values[at + best]) best = i;
  return best;
}

export function argmin(values: ArrayLike<number>, at: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (values[at + i] < values[at + best]) best = i;
  return best;
}
