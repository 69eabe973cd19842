/**
 * Binary classification metrics as Model Monitor reports them. Label 1 is the positive class.
 * The definitions follow the Developer Guide's example file to the last digit: the true negative
 * rate is 1 − the false positive rate (0.33333333333333337 there, not 1/3), the false negative rate
 * 1 − the true positive rate; a ratio with nothing to divide by is 0; the "best constant
 * classifier" always answers positive (its precision is the share of positives, its recall 1).
 * The ROC and precision-recall curves are Spark's (Model Monitor runs on Spark): one point per
 * distinct score from the highest down, ROC framed by (0, 0) and (1, 1), the PR curve starting at
 * recall 0 with the first point's precision; `auc` is the trapezoidal area under that ROC curve.
 */
import type { BinaryClassificationMetrics } from '../model-quality-files.js';
import { picked, withDeviation } from './deviation.js';
import { fBeta, ratio } from './ratios.js';

export interface BinaryInput {
  /** The ground truth, 0 or 1. */
  readonly labels: Uint8Array;
  /** The predicted label, 0 or 1. */
  readonly predicted: Uint8Array;
  /** The score ranked for the curves and auc: the probability, or the predicted label without one. */
  readonly scores: Float64Array;
}

export function binaryMetrics(input: BinaryInput): BinaryClassificationMetrics {
  const curves = rocAndPr(input.labels, input.scores);
  const scalars = withDeviation(input.labels.length, (pick) =>
    binaryScalars(
      picked(input.labels, pick),
      picked(input.predicted, pick),
      pick ? rocAndPr(picked(input.labels, pick), picked(input.scores, pick)).auc : curves.auc,
    ),
  );
  const counts = confusion(input.labels, input.predicted);
  return {
    confusion_matrix: { '0': { '0': counts.tn, '1': counts.fp }, '1': { '0': counts.fn, '1': counts.tp } },
    ...scalars,
    receiver_operating_characteristic_curve: { false_positive_rates: curves.fpr, true_positive_rates: curves.tpr },
    precision_recall_curve: { precisions: curves.precisions, recalls: curves.recalls },
  };
}

function confusion(labels: Uint8Array, predicted: Uint8Array) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) predicted[i] === 1 ? tp++ : fn++;
    else predicted[i] === 1 ? fp++ : tn++;
  }
  return { tp, fp, fn, tn };
}

function binaryScalars(labels: Uint8Array, predicted: Uint8Array, auc: number) {
  const { tp, fp, fn, tn } = confusion(labels, predicted);
  const n = labels.length;
  const positives = tp + fn;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, positives);
  const fpr = ratio(fp, fp + tn);
  // Always positive: precision is the positives' share, recall 1 (0 when there is no positive).
  const constantPrecision = ratio(positives, n);
  const constantRecall = positives > 0 ? 1 : 0;
  return {
    recall,
    precision,
    accuracy: ratio(tp + tn, n),
    recall_best_constant_classifier: constantRecall,
    precision_best_constant_classifier: constantPrecision,
    accuracy_best_constant_classifier: constantPrecision,
    true_positive_rate: recall,
    true_negative_rate: 1 - fpr,
    false_positive_rate: fpr,
    false_negative_rate: 1 - recall,
    auc,
    f0_5: fBeta(precision, recall, 0.5),
    f1: fBeta(precision, recall, 1),
    f2: fBeta(precision, recall, 2),
    f0_5_best_constant_classifier: fBeta(constantPrecision, constantRecall, 0.5),
    f1_best_constant_classifier: fBeta(constantPrecision, constantRecall, 1),
    f2_best_constant_classifier: fBeta(constantPrecision, constantRecall, 2),
  };
}

interface Curves {
  readonly fpr: number[];
  readonly tpr: number[];
  readonly precisions: number[];
  readonly recalls: number[];
  readonly auc: number;
}

/** Spark's curves over the distinct scores; without both classes there is no curve and auc is NaN. */
export function rocAndPr(labels: Uint8Array, scores: Float64Array): Curves {
  // Each class's scores sorted (natively, no comparator): walking both from the top visits the
  // distinct scores in descending order with the counts of each class at or above them.
  const positives = scoresOf(labels, scores, 1);
  const negatives = scoresOf(labels, scores, 0);
  const [p, n] = [positives.length, negatives.length];
  if (p === 0 || n === 0) return { fpr: [], tpr: [], precisions: [], recalls: [], auc: Number.NaN };
  const fpr = [0];
  const tpr = [0];
  const precisions: number[] = [];
  const recalls: number[] = [];
  let i = p - 1;
  let j = n - 1;
  while (i >= 0 || j >= 0) {
    const score = Math.max(i >= 0 ? positives[i]! : -Infinity, j >= 0 ? negatives[j]! : -Infinity);
    while (i >= 0 && positives[i] === score) i--;
    while (j >= 0 && negatives[j] === score) j--;
    const [tp, fp] = [p - 1 - i, n - 1 - j];
    fpr.push(fp / n);
    tpr.push(tp / p);
    recalls.push(tp / p);
    precisions.push(tp / (tp + fp));
  }
  fpr.push(1);
  tpr.push(1);
  let auc = 0;
  for (let k = 1; k < fpr.length; k++) auc += ((fpr[k]! - fpr[k - 1]!) * (tpr[k]! + tpr[k - 1]!)) / 2;
  return { fpr, tpr, precisions: [precisions[0]!, ...precisions], recalls: [0, ...recalls], auc };
}

function scoresOf(labels: Uint8Array, scores: Float64Array, label: 0 | 1): Float64Array {
  let count = 0;
  for (const l of labels) if (l === label) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) out[k++] = scores[i]!;
  return out.sort();
}
