/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2: path-dependent, "tree_path_dependent")
 * for XGBoost tree models, Godwit's boosted trees included (their model is XGBoost's document).
 * It is what XGBoost's `predict(pred_contribs=True)` computes: per row and output group, one SHAP
 * value per feature and a last column, the bias (the base margin plus each tree's cover-weighted
 * mean leaf). Values are in margin space and add up to the margin (local accuracy):
 *
 * ```ts
 * const explainer = readTreeExplainer(bytes, 'model.json');
 * const { width, values } = treeShap(explainer, [[0.45, 0.35, 0.1]]);
 * // width = numFeature + 1; values[g * width + i] for row 0, group g, feature i
 * ```
 *
 * A missing feature (`NaN`) follows its split's default direction, as XGBoost's does.
 */
import type { XgboostTree } from '../../ml/xgboost/index.js';
import { baseMarginOf, type TreeExplainer } from './tree-model.js';

export type { TreeExplainer } from './tree-model.js';
export { readTreeExplainer, treeExplainerOf } from './tree-model.js';

export interface TreeShapValues {
  readonly rows: number;
  readonly groups: number;
  /** Values per row and group: the features, then the bias. */
  readonly width: number;
  /** Row-major: row r, group g, column i at `(r * groups + g) * width + i`. */
  readonly values: Float64Array;
}

/** The path being followed: one entry per unique feature split on so far (index 0 is the root's). */
class Path {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

export function treeShap(explainer: TreeExplainer, rows: readonly ArrayLike<number>[]): TreeShapValues {
  const { model, covers, means, maxDepth } = explainer;
  const groups = model.numGroup;
  const width = model.numFeature + 1;
  const out = new Float64Array(rows.length * groups * width);
  const booster = model.booster;
  if (booster.kind !== 'gbtree') throw new Error('treeShap needs a gbtree model (treeExplainerOf checks it)');
  // One path per recursion level, so a child extends a copy and its parent's stays intact.
  const paths = Array.from({ length: maxDepth + 2 }, () => new Path(maxDepth + 2));
  const x = new Float32Array(model.numFeature);
  const phi = new Float64Array(width);
  for (let r = 0; r < rows.length; r++) {
    for (let i = 0; i < model.numFeature; i++) x[i] = rows[r][i];
    for (let g = 0; g < groups; g++) {
      phi.fill(0);
      phi[width - 1] = baseMarginOf(model, g);
      for (let t = 0; t < booster.trees.length; t++) {
        if (booster.treeGroup[t] !== g) continue;
        const scale = booster.treeWeight ? booster.treeWeight[t] : 1;
        const tree = { tree: booster.trees[t], cover: covers[t], x, phi, scale, paths };
        phi[width - 1] += means[t][0] * scale;
        if (booster.trees[t].left[0] !== -1) recurse(tree, 0, 0, 0, undefined, 1, 1, -1);
      }
      out.set(phi, (r * groups + g) * width);
    }
  }
  return { rows: rows.length, groups, width, values: out };
}

interface Walk {
  readonly tree: XgboostTree;
  readonly cover: Float64Array;
  readonly x: Float32Array;
  readonly phi: Float64Array;
  readonly scale: number;
  readonly paths: Path[];
}

/**
 * Visits `node` at recursion `level`, its path of `depth` unique features copied from `parent`
 * and extended by the split that led here (`feature`, with the fractions of the background
 * (`zeroFraction`, by cover) and of this row (`oneFraction`, 1 when the row goes this way)).
 */
function recurse(
  w: Walk,
  node: number,
  level: number,
  depth: number,
  parent: Path | undefined,
  zeroFraction: number,
  oneFraction: number,
  feature: number,
): void {
  const path = w.paths[level];
  if (parent) copyPath(parent, path, depth);
  extend(path, depth, zeroFraction, oneFraction, feature);
  const { left, right, condition, defaultLeft } = w.tree;
  if (left[node] === -1) {
    const leaf = condition[node] * w.scale;
    for (let i = 1; i <= depth; i++) {
      const sum = unwoundSum(path, depth, i);
      w.phi[path.feature[i]] += sum * (path.one[i] - path.zero[i]) * leaf;
    }
    return;
  }
  const split = w.tree.feature[node];
  const v = w.x[split];
  const goLeft = Number.isNaN(v) ? defaultLeft[node] === 1 : v < condition[node];
  const hot = goLeft ? left[node] : right[node];
  const cold = goLeft ? right[node] : left[node];
  const cover = w.cover[node];
  let incomingZero = 1;
  let incomingOne = 1;
  let unique = depth;
  // A feature split on again above: undo its earlier entry, carrying its fractions down.
  let k = 0;
  while (k <= depth && path.feature[k] !== split) k++;
  if (k <= depth) {
    incomingZero = path.zero[k];
    incomingOne = path.one[k];
    unwind(path, depth, k);
    unique -= 1;
  }
  recurse(w, hot, level + 1, unique + 1, path, (w.cover[hot] / cover) * incomingZero, incomingOne, split);
  recurse(w, cold, level + 1, unique + 1, path, (w.cover[cold] / cover) * incomingZero, 0, split);
}

function copyPath(from: Path, to: Path, depth: number): void {
  for (let i = 0; i < depth; i++) {
    to.feature[i] = from.feature[i];
    to.zero[i] = from.zero[i];
    to.one[i] = from.one[i];
    to.weight[i] = from.weight[i];
  }
}

function extend(p: Path, depth: number, zero: number, one: number, feature: number): void {
  p.feature[depth] = feature;
  p.zero[depth] = zero;
  p.one[depth] = one;
  p.weight[depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    p.weight[i + 1] += (one * p.weight[i] * (i + 1)) / (depth + 1);
    p.weight[i] = (zero * p.weight[i] * (depth - i)) / (depth + 1);
  }
}

function unwind(p: Path, depth: number, index: number): void {
  const one = p.one[index];
  const zero = p.zero[index];
  let next = p.weight[depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.weight[i];
      p.weight[i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (p.weight[i] * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[i] = (p.weight[i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[i] = p.feature[i + 1];
    p.zero[i] = p.zero[i + 1];
    p.one[i] = p.one[i + 1];
  }
}

/** The total permutation weight the path would have with entry `index` unwound, without unwinding it. */
function unwoundSum(p: Path, depth: number, index: number): number {
  const one = p.one[index];
  const zero = p.zero[index];
  let next = p.weight[depth];
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = p.weight[i] - (tmp * zero * (depth - i)) / (depth + 1);
    } else {
      total += p.weight[i] / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}
