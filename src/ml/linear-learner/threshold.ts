/**
 * The classifier's decision threshold, chosen the way SageMaker's
 * `binary_classifier_model_selection_criteria` asks: on the validation channel (the train channel
 * when there is none), the cut of the probabilities that maximises the criterion.
 */
import type { ModelSelectionCriterion } from './hyperparameters.js';

export interface ThresholdCriterion {
  readonly criterion: ModelSelectionCriterion;
  readonly beta: number;
  readonly targetRecall: number;
  readonly targetPrecision: number;
}

export interface ThresholdChoice {
  readonly threshold: number;
  readonly note?: string;
}

/**
 * Candidate cuts sit halfway between consecutive distinct probabilities (and beyond both ends),
 * so the chosen threshold separates the data the same way on every platform. Ties go to the
 * cut nearest 0.5.
 */
export function chooseThreshold(labels: Float64Array, probabilities: Float64Array, c: ThresholdCriterion): ThresholdChoice {
  if (c.criterion === 'loss_function') return { threshold: 0.5 };
  const order = Array.from(probabilities.keys()).sort((a, b) => probabilities[b] - probabilities[a]);
  const positives = labels.reduce((sum, v) => sum + v, 0);
  const n = labels.length;
  let best: { score: number; threshold: number } | undefined;
  let tp = 0;
  let fp = 0;
  // k = number of rows predicted positive; evaluate only where the next probability differs.
  for (let k = 0; k <= n; k++) {
    if (k > 0) labels[order[k - 1]] === 1 ? tp++ : fp++;
    if (k > 0 && k < n && probabilities[order[k]] === probabilities[order[k - 1]]) continue;
    // Halfway between the lowest probability called positive and the highest called negative.
    const above = k === 0 ? 1 : probabilities[order[k - 1]];
    const below = k === n ? 0 : probabilities[order[k]];
    const threshold = (above + below) / 2;
    const score = criterionScore(c, tp, fp, positives - tp, n - positives - fp);
    if (score === undefined) continue;
    const better =
      !best || score > best.score || (score === best.score && Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5));
    if (better) best = { score, threshold };
  }
  if (!best) {
    return {
      threshold: 0.5,
      note: `no threshold reaches precision ${c.targetPrecision}; the threshold stays at 0.5.`,
    };
  }
  return { threshold: best.threshold };
}

function criterionScore(c: ThresholdCriterion, tp: number, fp: number, fn: number, tn: number): number | undefined {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  switch (c.criterion) {
    case 'accuracy':
      return (tp + tn) / (tp + fp + fn + tn);
    case 'f_beta': {
      const b2 = c.beta * c.beta;
      const denominator = b2 * precision + recall;
      return denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
    }
    case 'precision_at_target_recall':
      return recall >= c.targetRecall ? precision : undefined;
    case 'recall_at_target_precision':
      return precision >= c.targetPrecision && tp > 0 ? recall : undefined;
    default:
      return undefined;
  }
}
