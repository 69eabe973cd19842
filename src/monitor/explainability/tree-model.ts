/**
 * An XGBoost tree model as TreeSHAP needs it: the codec's trees for the splits, plus each node's
 * cover (`sum_hessian`, the training rows' hessian sum that XGBoost saves beside every tree) and
 * each node's cover-weighted mean leaf value, which the prediction codec does not keep.
 */
import { GodwitError } from '../../core/errors.js';
import {
  decodeUbjson,
  parseXgboostModel,
  stringifyXgboostJson,
  type XgboostModel,
  xgboostEncoding,
} from '../../ml/xgboost/index.js';
import { baseMargin } from '../../ml/xgboost/objectives.js';

export interface TreeExplainer {
  readonly model: XgboostModel;
  /** Per tree, per node: its cover. */
  readonly covers: readonly Float64Array[];
  /** Per tree, per node: the mean of the leaves below it, weighted by cover (XGBoost's node mean values). */
  readonly means: readonly Float64Array[];
  readonly maxDepth: number;
}

/** A saved XGBoost model (JSON or UBJSON bytes); `name` names it in errors. */
export function readTreeExplainer(bytes: Uint8Array, name: string): TreeExplainer {
  const model = parseXgboostModel(bytes, name);
  const doc =
    xgboostEncoding(bytes) === 'json' ? parseJson(Buffer.from(bytes).toString('utf8')) : (decodeUbjson(bytes) as unknown);
  return explainerFrom(model, doc, name);
}

/** An XGBoost JSON document held in memory, such as Godwit's `BoostedTreeModel`. */
export function treeExplainerOf(doc: { readonly [key: string]: unknown }, name = 'the boosted tree model'): TreeExplainer {
  const model = parseXgboostModel(Buffer.from(stringifyXgboostJson(doc)), name);
  return explainerFrom(model, doc, name);
}

export function baseMarginOf(model: XgboostModel, group: number): number {
  return baseMargin(model.objective, model.baseScore[group] ?? model.baseScore[0]);
}

function explainerFrom(model: XgboostModel, doc: unknown, name: string): TreeExplainer {
  const booster = model.booster;
  if (booster.kind !== 'gbtree' || booster.trees.some((t) => t.categories !== undefined))
    throw new GodwitError(
      'E_EXPLAIN_MODEL',
      `${name} is a ${booster.kind}${booster.kind === 'gbtree' ? ' model with categorical splits' : ' model'}, which TreeSHAP does not explain.`,
      { hint: 'Explain it with KernelSHAP (godwit monitor explain --method kernel), which needs only its predictions.' },
    );
  const raw = treesOf(doc);
  const covers = booster.trees.map((tree, t) => {
    const cover = Float64Array.from((raw[t]?.sum_hessian ?? []) as ArrayLike<number>, Number);
    if (cover.length !== tree.left.length || !(cover[0] > 0))
      throw new GodwitError(
        'E_EXPLAIN_MODEL',
        `${name}: tree ${t} has no node covers (sum_hessian), which TreeSHAP weighs paths by.`,
        {
          hint: "Save the model with XGBoost's save_model (JSON or UBJSON), which keeps sum_hessian, or explain it with KernelSHAP (--method kernel).",
        },
      );
    return cover;
  });
  const means = booster.trees.map((tree, t) => nodeMeans(tree.left, tree.right, tree.condition, covers[t]));
  const maxDepth = Math.max(0, ...booster.trees.map((tree) => depthOf(tree.left, tree.right, 0)));
  return { model, covers, means, maxDepth };
}

type RawTree = { readonly sum_hessian?: unknown };

function treesOf(doc: unknown): readonly RawTree[] {
  const learner = (doc as { learner?: { gradient_booster?: Record<string, unknown> } })?.learner;
  const booster = learner?.gradient_booster as { name?: string; gbtree?: unknown; model?: { trees?: RawTree[] } } | undefined;
  const gbtree = (booster?.name === 'dart' ? booster.gbtree : booster) as { model?: { trees?: RawTree[] } } | undefined;
  return gbtree?.model?.trees ?? [];
}

function nodeMeans(left: Int32Array, right: Int32Array, value: Float32Array, cover: Float64Array): Float64Array {
  const means = new Float64Array(left.length);
  const fill = (n: number): number => {
    if (left[n] === -1) means[n] = value[n];
    else means[n] = (fill(left[n]) * cover[left[n]] + fill(right[n]) * cover[right[n]]) / cover[n];
    return means[n];
  };
  fill(0);
  return means;
}

function depthOf(left: Int32Array, right: Int32Array, n: number): number {
  return left[n] === -1 ? 0 : 1 + Math.max(depthOf(left, right, left[n]), depthOf(left, right, right[n]));
}

/** XGBoost writes NaN and Infinity bare, which JSON.parse refuses; they are quoted outside strings first. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?(?:NaN|Infinity)\b/g, (m) => (m.startsWith('"') ? m : `"${m}"`)));
  }
}
