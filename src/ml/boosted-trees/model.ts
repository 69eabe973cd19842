/**
 * The boosted tree model is XGBoost's own JSON document (`save_model` format): it is plain JSON
 * for the caller to store, `JSON.stringify` of it (or `stringifyXgboostJson`, which keeps
 * integral floats as `1.0`) is a model file XGBoost loads, and prediction reads it through the
 * XGBoost codec, so Godwit and XGBoost score a saved model the same to float32 precision.
 */
import type { BoostedTreeOptions, Matrix } from '../estimator.js';
import {
  parseXgboostModel,
  predictXgboost,
  stringifyXgboostJson,
  type XgboostJson,
  type XgboostModel,
  type XgboostTree,
  type XgboostTreeStats,
  xgboostDocument,
} from '../xgboost/index.js';
import type { Objective } from './objective.js';

/** An XGBoost JSON document (gbtree; `binary:logistic`, `multi:softprob` or `reg:squarederror`). */
export type BoostedTreeModel = XgboostJson;

export interface ModelParts {
  readonly objective: Objective;
  readonly numFeature: number;
  readonly trees: readonly XgboostTree[];
  readonly treeGroup: readonly number[];
  readonly stats: readonly XgboostTreeStats[];
  readonly options: BoostedTreeOptions;
}

export function modelDocument(parts: ModelParts): BoostedTreeModel {
  const { objective } = parts;
  const model: XgboostModel = {
    version: [],
    objective: objective.name,
    numFeature: parts.numFeature,
    numGroup: objective.groups,
    numClass: objective.name === 'multi:softprob' ? objective.groups : 0,
    baseScore: [objective.baseScore],
    featureNames: [],
    booster: { kind: 'gbtree', trees: parts.trees, treeGroup: Int32Array.from(parts.treeGroup) },
  };
  return xgboostDocument(model, { stats: parts.stats, numParallelTree: parts.options.numParallelTree });
}

const parsed = new WeakMap<BoostedTreeModel, XgboostModel>();

/** The codec's form of the document, parsed once per document object. */
export function codecModel(model: BoostedTreeModel): XgboostModel {
  let out = parsed.get(model);
  if (out === undefined) {
    out = parseXgboostModel(Buffer.from(stringifyXgboostJson(model)), 'the boosted tree model');
    parsed.set(model, out);
  }
  return out;
}

/** One value per row (regression) or one probability per class (classification). */
export function outputsOf(model: BoostedTreeModel): number {
  const m = codecModel(model);
  return m.objective === 'binary:logistic' ? 2 : m.numGroup;
}

export function predictBoostedTrees(model: BoostedTreeModel, x: Matrix): Float64Array {
  const m = codecModel(model);
  const { values } = predictXgboost(m, x);
  if (m.objective !== 'binary:logistic') return values;
  const out = new Float64Array(x.rows * 2);
  for (let r = 0; r < x.rows; r++) {
    out[2 * r] = 1 - values[r];
    out[2 * r + 1] = values[r];
  }
  return out;
}
