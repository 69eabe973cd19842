/**
 * XGBoost's three objectives as boosting sees them: the saved objective name, the starting margin
 * (XGBoost 1.7's default `base_score` 0.5, which is what Debian's python3-xgboost 1.7.4 uses:
 * the intercept estimate arrived in 2.0), first and second derivatives of the loss per margin,
 * and the loss reported per iteration.
 */
import type { Task } from '../estimator.js';
import { softmax } from '../softmax.js';

export interface Objective {
  /** XGBoost's objective name. */
  readonly name: 'reg:squarederror' | 'binary:logistic' | 'multi:softprob';
  /** Margins per row: the class count for softmax, else 1. */
  readonly groups: number;
  readonly baseScore: number;
  /** The margin every row starts from (`base_score` through the link function). */
  readonly baseMargin: number;
  /**
   * Per group `g`, the gradient and hessian of rows `[from, to)` into `gh[g]`, interleaved
   * (`[2r]`, `[2r+1]`), from the row-major margins (`margins[r * groups + g]`); returns those
   * rows' weighted loss SUM, which the same pass gets for little more than the gradients' cost.
   */
  gradients(
    margins: Float64Array,
    y: Float64Array,
    w: Float64Array | undefined,
    gh: readonly Float32Array[],
    from: number,
    to: number,
  ): number;
  /** The weighted mean loss: squared error, or cross-entropy in nats. */
  loss(margins: Float64Array, y: Float64Array, w: Float64Array | undefined): number;
}

/** XGBoost floors the hessian of the logistic losses so a saturated row still has weight. */
const MIN_HESS = 1e-16;

export function objectiveFor(task: Task): Objective {
  if (task.kind === 'regression') return squaredError;
  if (task.kind === 'classification' && task.classes === 2) return logistic;
  return softprob(task.kind === 'classification' ? task.classes : 1);
}

const squaredError: Objective = {
  name: 'reg:squarederror',
  groups: 1,
  baseScore: 0.5,
  baseMargin: 0.5,
  gradients(margins, y, w, [gh], from, to) {
    let sum = 0;
    for (let r = from; r < to; r++) {
      const weight = w ? w[r] : 1;
      const d = margins[r] - y[r];
      gh[2 * r] = d * weight;
      gh[2 * r + 1] = weight;
      sum += weight * d * d;
    }
    return sum;
  },
  loss(margins, y, w) {
    let sum = 0;
    let total = 0;
    for (let r = 0; r < y.length; r++) {
      const weight = w ? w[r] : 1;
      const d = margins[r] - y[r];
      sum += weight * d * d;
      total += weight;
    }
    return sum / total;
  },
};

const logistic: Objective = {
  name: 'binary:logistic',
  groups: 1,
  baseScore: 0.5,
  baseMargin: 0,
  gradients(margins, y, w, [gh], from, to) {
    let sum = 0;
    for (let r = from; r < to; r++) {
      const weight = w ? w[r] : 1;
      const m = margins[r];
      // One exp serves both: e = e^−|m|, p = σ(m) from whichever side does not overflow, and the
      // loss log(1 + e^−z) (z = ±m) is log1p(e) plus z's negative part.
      const e = Math.exp(-Math.abs(m));
      const p = m >= 0 ? 1 / (1 + e) : e / (1 + e);
      gh[2 * r] = (p - y[r]) * weight;
      gh[2 * r + 1] = Math.max(p * (1 - p), MIN_HESS) * weight;
      const z = y[r] === 1 ? -m : m;
      sum += weight * (z > 0 ? z + Math.log1p(e) : Math.log1p(e));
    }
    return sum;
  },
  loss(margins, y, w) {
    let sum = 0;
    let total = 0;
    for (let r = 0; r < y.length; r++) {
      const weight = w ? w[r] : 1;
      const m = margins[r];
      // log(1 + e^-m) for class 1, log(1 + e^m) for class 0, without overflow.
      const z = y[r] === 1 ? -m : m;
      sum += weight * (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
      total += weight;
    }
    return sum / total;
  },
};

function softprob(classes: number): Objective {
  const probs = new Float64Array(classes);
  const rowProbs = (margins: Float64Array, r: number): void => {
    softmax(margins, r * classes, classes, probs, 0);
  };
  return {
    name: 'multi:softprob',
    groups: classes,
    baseScore: 0.5,
    baseMargin: 0.5,
    gradients(margins, y, w, gh, from, to) {
      let sum = 0;
      for (let r = from; r < to; r++) {
        const weight = w ? w[r] : 1;
        rowProbs(margins, r);
        for (let g = 0; g < classes; g++) {
          const p = probs[g];
          gh[g][2 * r] = (p - (y[r] === g ? 1 : 0)) * weight;
          gh[g][2 * r + 1] = Math.max(2 * p * (1 - p), MIN_HESS) * weight;
        }
        sum -= weight * Math.log(Math.max(probs[y[r]], 1e-300));
      }
      return sum;
    },
    loss(margins, y, w) {
      let sum = 0;
      let total = 0;
      for (let r = 0; r < y.length; r++) {
        const weight = w ? w[r] : 1;
        rowProbs(margins, r);
        sum -= weight * Math.log(Math.max(probs[y[r]], 1e-300));
        total += weight;
      }
      return sum / total;
    },
  };
}
