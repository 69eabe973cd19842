/**
 * Regression and binary-classification metrics, named as SageMaker's linear learner names them
 * (`mse`, `rmse`, `absolute_loss`, `binary_classification_accuracy`, `binary_f_beta`, ...).
 */

export interface RegressionMetrics {
  readonly mse: number;
  readonly rmse: number;
  readonly absolute_loss: number;
}

export function regressionMetrics(labels: ArrayLike<number>, scores: ArrayLike<number>): RegressionMetrics {
  let se = 0;
  let ae = 0;
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const r = labels[i] - scores[i];
    se += r * r;
    ae += Math.abs(r);
  }
  const mse = se / n;
  return { mse, rmse: Math.sqrt(mse), absolute_loss: ae / n };
}

// Probabilities are clipped so that a confident wrong answer costs a large finite loss, not Infinity.
const EPS = 1e-15;

/** Mean logistic loss (cross-entropy) of probabilities against 0/1 labels. */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, probabilities[i]));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export function confusion(labels: ArrayLike<number>, probabilities: ArrayLike<number>, threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const positive = probabilities[i] >= threshold;
    if (labels[i] === 1) positive ? tp++ : fn++;
    else positive ? fp++ : tn++;
  }
  return { tp, fp, tn, fn };
}

export interface ClassificationMetrics {
  readonly binary_classification_accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly binary_f_beta: number;
}

/** Precision and recall are 0 (not NaN) when their denominator is empty, as scikit-learn reports. */
export function classificationMetrics(c: Confusion, beta: number): ClassificationMetrics {
  const total = c.tp + c.fp + c.tn + c.fn;
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const b2 = beta * beta;
  const denominator = b2 * precision + recall;
  return {
    binary_classification_accuracy: total === 0 ? 0 : (c.tp + c.tn) / total,
    precision,
    recall,
    binary_f_beta: denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator,
  };
}

/**
 * Area under the ROC curve of `scores` against 0/1 `labels`, by ranks (tied scores share their
 * average rank); undefined when one class is absent, where it has no meaning.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number | undefined {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && scores[order[j]] === scores[order[i]]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++)
      if (labels[order[k]] === 1) {
        rankSum += rank;
        positives++;
      }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return undefined;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
