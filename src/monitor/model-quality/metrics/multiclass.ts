/**
 * Multiclass metrics as Model Monitor reports them: accuracy, and precision, recall and F0.5/F1/F2
 * per class weighted by each class's share of the ground truth (Spark's `MulticlassMetrics`, the
 * same as scikit-learn's `average='weighted'` with zero_division 0), the confusion matrix
 * `[actual][predicted]` over every label seen on either side, and the same metrics for the "best
 * constant classifier". The Developer Guide's example gives that classifier's numbers but not its
 * rule: they are those of always answering the class the ground truth holds fewest of (0.1937 =
 * 406 / 2096 there), which is also what the binary example's always-positive classifier does, so
 * Godwit answers that class (the first in label order on a tie).
 */
import type { MulticlassClassificationMetrics } from '../model-quality-files.js';
import { picked, withDeviation } from './deviation.js';
import { fBeta, ratio } from './ratios.js';

export interface MulticlassInput {
  /** The ground truth, as class indices into `classes`. */
  readonly labels: Uint32Array;
  readonly predicted: Uint32Array;
  /** The class labels as text, in the order the confusion matrix lists them. */
  readonly classes: readonly string[];
}

export function multiclassMetrics(input: MulticlassInput): MulticlassClassificationMetrics {
  const k = input.classes.length;
  const scalars = withDeviation(input.labels.length, (pick) => {
    const labels = picked(input.labels, pick);
    const model = weighted(labels, picked(input.predicted, pick), k);
    const constant = weighted(labels, new Uint32Array(labels.length).fill(rarestClass(labels, k)), k);
    return {
      accuracy: model.accuracy,
      weighted_recall: model.recall,
      weighted_precision: model.precision,
      weighted_f0_5: model.f0_5,
      weighted_f1: model.f1,
      weighted_f2: model.f2,
      accuracy_best_constant_classifier: constant.accuracy,
      weighted_recall_best_constant_classifier: constant.recall,
      weighted_precision_best_constant_classifier: constant.precision,
      weighted_f0_5_best_constant_classifier: constant.f0_5,
      weighted_f1_best_constant_classifier: constant.f1,
      weighted_f2_best_constant_classifier: constant.f2,
    };
  });
  const matrix = counts(input.labels, input.predicted, k);
  const confusion: Record<string, Record<string, number>> = {};
  input.classes.forEach((actual, a) => {
    confusion[actual] = Object.fromEntries(input.classes.map((predicted, p) => [predicted, matrix[a * k + p]!]));
  });
  return { confusion_matrix: confusion, ...scalars };
}

function counts(labels: Uint32Array, predicted: Uint32Array, k: number): Float64Array {
  const matrix = new Float64Array(k * k);
  for (let i = 0; i < labels.length; i++) matrix[labels[i]! * k + predicted[i]!]!++;
  return matrix;
}

/** The class with the fewest ground-truth records among those present (first on a tie). */
function rarestClass(labels: Uint32Array, k: number): number {
  const support = new Float64Array(k);
  for (const label of labels) support[label]!++;
  let best = -1;
  for (let c = 0; c < k; c++) if (support[c]! > 0 && (best < 0 || support[c]! < support[best]!)) best = c;
  return Math.max(best, 0);
}

function weighted(labels: Uint32Array, predicted: Uint32Array, k: number) {
  const matrix = counts(labels, predicted, k);
  const n = labels.length;
  let correct = 0;
  const sums = { precision: 0, recall: 0, f0_5: 0, f1: 0, f2: 0 };
  for (let c = 0; c < k; c++) {
    let support = 0;
    let predictedAs = 0;
    for (let j = 0; j < k; j++) {
      support += matrix[c * k + j]!;
      predictedAs += matrix[j * k + c]!;
    }
    const tp = matrix[c * k + c]!;
    correct += tp;
    if (support === 0) continue;
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    const weight = support / n;
    sums.precision += weight * precision;
    sums.recall += weight * recall;
    sums.f0_5 += weight * fBeta(precision, recall, 0.5);
    sums.f1 += weight * fBeta(precision, recall, 1);
    sums.f2 += weight * fBeta(precision, recall, 2);
  }
  return { accuracy: ratio(correct, n), ...sums };
}
