/**
 * The boosted tree model is XGBoost's own JSON document (`save_model` format): it is plain JSON
 * for the caller to store, `JSON.stringify` of it (or `stringifyXgboostJson`, which keeps
 * integral floats as `1.0`) is a model file XGBoost loads, and prediction reads it through the
 * XGBoost codec, so Godwit and XGBoost score a saved model the same to float32 precision.
 */
import { GodwitError } from '../../core/errors.js';
import type { BoostedTreeOptions, Matrix } from '../estimator.js';
import {
  decodeUbjson,
  parseXgboostModel,
  predictXgboost,
  stringifyXgboostJson,
  type XgboostJson,
  type XgboostModel,
  type XgboostTree,
  type XgboostTreeStats,
  xgboostDocument,
  xgboostEncoding,
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

const OBJECTIVES = new Set(['reg:squarederror', 'binary:logistic', 'multi:softprob']);

/**
 * A model file XGBoost saved (`save_model`, JSON or UBJSON) as a boosted tree model, with its
 * training statistics kept: `name` names it in errors. Refused (E_MODEL_FORMAT) when it is not an
 * XGBoost tree model or its objective is not one of the three Godwit trains.
 */
export function readBoostedTreeModel(bytes: Uint8Array, name: string): BoostedTreeModel {
  const codec = parseXgboostModel(bytes, name);
  const categorical = codec.booster.kind === 'gbtree' && codec.booster.trees.some((t) => t.categories !== undefined);
  if (codec.booster.kind !== 'gbtree' || codec.booster.treeWeight || categorical || !OBJECTIVES.has(codec.objective))
    throw new GodwitError(
      'E_MODEL_FORMAT',
      `${name} is a ${codec.booster.kind} model${categorical ? ' with categorical splits' : ''} with objective ${codec.objective}.`,
      {
        hint: `Boosted tree models are gbtree models without categorical splits, with objective ${[...OBJECTIVES].join(', ')}; score others with the XGBoost codec (predictXgboost).`,
      },
    );
  const doc =
    xgboostEncoding(bytes) === 'json'
      ? (JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as BoostedTreeModel)
      : (plain(decodeUbjson(bytes)) as BoostedTreeModel);
  parsed.set(doc, codec);
  return doc;
}

/** UBJSON's typed arrays as plain arrays, so the document is JSON like a `.json` file's. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
