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
    return w ? logisticWeighted(margins, y, w, gh, from, to) : logisticUnweighted(margins, y, gh, from, to);
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

/**
 * The logistic pass without a branch on the data: a row's sign and label are coin tosses the
 * processor would mispredict, which cost more than the arithmetic. One exp serves both: e = e^−|m|,
 * p = σ(m) is 1/(1 + e) or e/(1 + e) (numerator picked from `pick`, the same values a branch would
 * take), and the loss log(1 + e^−z), z = ±m, is z's positive part plus log1p(e). The log1p terms
 * are multiplied (each factor 1 + e is in (1, 2]) and one `Math.log` per LOG_RUN rows adds them:
 * the log is the dearest step, and a product of 256 factors stays below 2^256.
 */
const pick = new Float64Array(2);
const LOG_RUN = 256;

function logisticUnweighted(margins: Float64Array, y: Float64Array, gh: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let run = from; run < to; run += LOG_RUN) {
    let product = 1;
    pick[0] = 1;
    for (let r = run, end = Math.min(run + LOG_RUN, to); r < end; r++) {
      const m = margins[r];
      const e = Math.exp(-Math.abs(m));
      pick[1] = e;
      const p = pick[Number(m < 0)] / (1 + e);
      gh[2 * r] = p - y[r];
      gh[2 * r + 1] = Math.max(p * (1 - p), MIN_HESS);
      sum += Math.max(m * (1 - 2 * y[r]), 0);
      product *= 1 + e;
    }
    sum += Math.log(product);
  }
  return sum;
}

function logisticWeighted(
  margins: Float64Array,
  y: Float64Array,
  w: Float64Array,
  gh: Float32Array,
  from: number,
  to: number,
): number {
  let sum = 0;
  for (let r = from; r < to; r++) {
    const weight = w[r];
    const m = margins[r];
    const e = Math.exp(-Math.abs(m));
    const p = m >= 0 ? 1 / (1 + e) : e / (1 + e);
    gh[2 * r] = (p - y[r]) * weight;
    gh[2 * r + 1] = Math.max(p * (1 - p), MIN_HESS) * weight;
    const z = y[r] === 1 ? -m : m;
    sum += weight * (z > 0 ? z + Math.log1p(e) : Math.log1p(e));
  }
  return sum;
}

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
