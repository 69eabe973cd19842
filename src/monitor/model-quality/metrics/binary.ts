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
  const scalars = withDeviation(input.labels.length, (pick) =>
    binaryScalars(picked(input.labels, pick), picked(input.predicted, pick), picked(input.scores, pick)),
  );
  const curves = rocAndPr(input.labels, input.scores);
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

function binaryScalars(labels: Uint8Array, predicted: Uint8Array, scores: Float64Array) {
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
    auc: rocAndPr(labels, scores).auc,
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
  const order = Array.from(labels.keys()).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (const label of labels) positives += label;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return { fpr: [], tpr: [], precisions: [], recalls: [], auc: Number.NaN };
  const fpr = [0];
  const tpr = [0];
  const precisions: number[] = [];
  const recalls: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    labels[order[i]!] === 1 ? tp++ : fp++;
    // A threshold sits after the last record of each distinct score.
    if (i + 1 < order.length && scores[order[i + 1]!] === scores[order[i]!]) continue;
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
    recalls.push(tp / positives);
    precisions.push(tp / (tp + fp));
  }
  fpr.push(1);
  tpr.push(1);
  let auc = 0;
  for (let i = 1; i < fpr.length; i++) auc += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  return { fpr, tpr, precisions: [precisions[0]!, ...precisions], recalls: [0, ...recalls], auc };
}
