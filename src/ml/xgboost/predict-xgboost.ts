/**
 * Scores rows with an XGBoost model the way XGBoost's CPU predictor does, so predictions match
 * XGBoost's own to float32 precision (the accuracy contract in docs/serving-models.md):
 *
 * ```ts
 * const { width, values } = predictXgboost(model, [[0.45, 0.35, NaN, 0.1]]);
 * // width 1 for one output per row; num_class for multi:softprob (row r is values[r*width …])
 * ```
 *
 * Features are read as float32 (XGBoost's DMatrix stores float32); `NaN` is missing and follows
 * each split's default direction. Margins start at the objective's base margin and add each tree's
 * leaf in tree order, rounding to float32 after every addition, as XGBoost accumulates in `float`.
 */
import { GodwitError } from '../../core/errors.js';
import { baseMargin, OBJECTIVES, transformRow } from './objectives.js';
import type { XgboostModel, XgboostTree } from './xgboost-model.js';

const f = Math.fround;

export interface XgboostPredictions {
  readonly rows: number;
  /** Values per row: `num_class` for `multi:softprob` (and multi-target models), else 1. */
  readonly width: number;
  /** Row-major predictions, each a float32 value held as a double. */
  readonly values: Float64Array;
}

export interface PredictOptions {
  /** The raw margins, before the objective's transform (XGBoost's `output_margin=True`). */
  readonly outputMargin?: boolean;
}

/** Rows as arrays, or as a dense row-major matrix (`src/ml/csv.ts`'s `NumericTable`). */
export type XgboostRows =
  | readonly ArrayLike<number>[]
  | { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> };

export function predictXgboost(model: XgboostModel, rows: XgboostRows, options: PredictOptions = {}): XgboostPredictions {
  const count = Array.isArray(rows) ? rows.length : (rows as { rows: number }).rows;
  const groups = model.numGroup;
  const transform = options.outputMargin ? 'identity' : (OBJECTIVES[model.objective]?.transform ?? 'identity');
  const margins = new Float64Array(count * groups);
  const bases = Array.from({ length: groups }, (_, g) => baseMargin(model.objective, model.baseScore[g] ?? model.baseScore[0]));
  const x = new Float32Array(model.numFeature);
  for (let r = 0; r < count; r++) {
    readRow(rows, r, x, model.numFeature);
    const at = r * groups;
    for (let g = 0; g < groups; g++) margins[at + g] = bases[g];
    addBooster(model, x, margins, at);
    transformRow(transform, margins, at, groups);
  }
  if (transform !== 'argmax') return { rows: count, width: groups, values: margins };
  const labels = new Float64Array(count);
  for (let r = 0; r < count; r++) labels[r] = margins[r * groups];
  return { rows: count, width: 1, values: labels };
}

/** Row `r` into `x` as float32; a row of the wrong length is `E_DATA_FORMAT` naming it. */
function readRow(rows: XgboostRows, r: number, x: Float32Array, n: number): void {
  if (Array.isArray(rows)) {
    const row = rows[r] as ArrayLike<number>;
    if (row.length !== n) throw columnCount(r, row.length, n);
    for (let i = 0; i < n; i++) x[i] = row[i];
    return;
  }
  const table = rows as { cols: number; data: ArrayLike<number> };
  if (table.cols !== n) throw columnCount(r, table.cols, n);
  for (let i = 0, p = r * n; i < n; i++, p++) x[i] = table.data[p];
}

function columnCount(r: number, got: number, n: number): GodwitError {
  return new GodwitError('E_DATA_FORMAT', `Row ${r + 1} has ${got} features, but the XGBoost model expects ${n}.`, {
    hint: 'Give the features in the columns and order the model was trained on, without the label.',
  });
}

function addBooster(model: XgboostModel, x: Float32Array, margins: Float64Array, at: number): void {
  const booster = model.booster;
  if (booster.kind === 'gblinear') return addLinear(booster.weights, model, x, margins, at);
  const { trees, treeGroup, treeWeight } = booster;
  for (let t = 0; t < trees.length; t++) {
    const leaf = leafValue(trees[t], x);
    const i = at + treeGroup[t];
    margins[i] = f(margins[i] + (treeWeight ? f(leaf * treeWeight[t]) : leaf));
  }
}

/** gblinear: `bias[g] + Σ x[f]·w[f][g]` over present features, weights laid out `[feature][group]`, bias last. */
function addLinear(weights: Float32Array, model: XgboostModel, x: Float32Array, margins: Float64Array, at: number): void {
  const groups = model.numGroup;
  for (let g = 0; g < groups; g++) {
    let sum = f(margins[at + g] + weights[model.numFeature * groups + g]);
    for (let i = 0; i < model.numFeature; i++) if (x[i] === x[i]) sum = f(sum + f(x[i] * weights[i * groups + g]));
    margins[at + g] = sum;
  }
}

function leafValue(tree: XgboostTree, x: Float32Array): number {
  const { left, right, feature, condition, defaultLeft, categories } = tree;
  let n = 0;
  while (left[n] !== -1) {
    const v = x[feature[n]];
    if (v !== v) n = defaultLeft[n] ? left[n] : right[n];
    else if (categories?.has(n))
      n = categoryGoesLeft(categories.get(n) as Float64Array, v, defaultLeft[n] === 1) ? left[n] : right[n];
    else n = v < condition[n] ? left[n] : right[n];
  }
  return condition[n];
}

/**
 * XGBoost's `Decision` for a categorical split: the node's categories go right, others left; a
 * value that is not a category (negative, fractional) or beyond the node's category bit field
 * follows the default direction.
 */
function categoryGoesLeft(set: Float64Array, v: number, defaultLeft: boolean): boolean {
  const max = set.length ? set[set.length - 1] : 0;
  const bits = Math.ceil((max + 1) / 32) * 32;
  if (v < 0 || v >= 2 ** 24 || v >= bits) return defaultLeft;
  const cat = Math.trunc(v);
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (set[mid] === cat) return false;
    if (set[mid] < cat) lo = mid + 1;
    else hi = mid - 1;
  }
  return true;
}
