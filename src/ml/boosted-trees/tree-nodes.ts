/**
 * A tree as it grows, in XGBoost's node numbering (the root is 0; expanding a node appends its
 * left and right children), turned at the end into the codec's flat `XgboostTree` and the
 * statistics XGBoost saves beside it.
 */
import type { XgboostTree, XgboostTreeStats } from '../xgboost/index.js';

export interface GrownTree {
  readonly tree: XgboostTree;
  /** Per inner node, the last bin that goes left (for routing binned rows); -1 for leaves. */
  readonly bin: Int32Array;
  readonly stats: XgboostTreeStats;
}

export class TreeNodes {
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly feature: number[] = [];
  private readonly bin: number[] = [];
  private readonly condition: number[] = [];
  private readonly defaultLeft: number[] = [];
  private readonly gain: number[] = [];
  private readonly hess: number[] = [];
  private readonly weight: number[] = [];

  /** A new leaf with its hessian sum and (learning-rate scaled) weight; returns its id. */
  add(hess: number, weight: number): number {
    this.left.push(-1);
    this.right.push(-1);
    this.feature.push(0);
    this.bin.push(-1);
    this.condition.push(weight);
    this.defaultLeft.push(0);
    this.gain.push(0);
    this.hess.push(hess);
    this.weight.push(weight);
    return this.left.length - 1;
  }

  /** Turns leaf `id` into a split on `feature` (threshold `condition`, bins ≤ `bin` left). */
  split(id: number, s: { feature: number; bin: number; condition: number; defaultLeft: boolean; gain: number }): void {
    this.feature[id] = s.feature;
    this.bin[id] = s.bin;
    this.condition[id] = s.condition;
    this.defaultLeft[id] = s.defaultLeft ? 1 : 0;
    this.gain[id] = s.gain;
  }

  link(id: number, left: number, right: number): void {
    this.left[id] = left;
    this.right[id] = right;
  }

  finish(): GrownTree {
    return {
      tree: {
        left: Int32Array.from(this.left),
        right: Int32Array.from(this.right),
        feature: Int32Array.from(this.feature),
        condition: Float32Array.from(this.condition),
        defaultLeft: Uint8Array.from(this.defaultLeft),
      },
      bin: Int32Array.from(this.bin),
      stats: {
        lossChanges: Float32Array.from(this.gain),
        sumHessian: Float32Array.from(this.hess),
        baseWeights: Float32Array.from(this.weight),
      },
    };
  }
}

/** The leaf a raw row (`x[at … at + cols)`) reaches, comparing float32 as XGBoost does. */
export function rawLeaf(tree: XgboostTree, x: Float64Array, at: number): number {
  const { left, right, feature, condition, defaultLeft } = tree;
  let n = 0;
  while (left[n] !== -1) {
    const v = Math.fround(x[at + feature[n]]);
    n = (Number.isNaN(v) ? defaultLeft[n] === 1 : v < condition[n]) ? left[n] : right[n];
  }
  return n;
}
