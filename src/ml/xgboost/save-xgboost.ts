/**
 * Writes a tree model in XGBoost's JSON model format (the schema of XGBoost 1.7, which 1.7 and 2.x
 * both load), so a model Godwit trains opens in `xgboost.Booster(model_file=…)` and predicts the
 * same, and a model read with `parseXgboostModel` can be written back:
 *
 * ```ts
 * writeFileSync('model.json', saveXgboostJson(model));
 * // python: xgboost.Booster(model_file='model.json').predict(DMatrix(x))
 * ```
 *
 * Floats are written as the shortest decimal that reads back as the same float32 (XGBoost keeps
 * float32), always with a decimal point or exponent, because XGBoost's JSON reader types a bare
 * integer as an integer and refuses it where a float is expected.
 */
import { GodwitError } from '../../core/errors.js';
import { encodeUbjson } from './ubjson-encode.js';
import type { XgboostModel, XgboostTree } from './xgboost-model.js';

/** XGBoost's JSON document: plain objects, arrays, strings and numbers; `JSON.stringify` saves it. */
export type XgboostJson = { readonly [key: string]: unknown };

/** A tree's training statistics, which feature importance reads; absent ones are written as 0. */
export interface XgboostTreeStats {
  /** Per node: the gain of its split (0 for leaves). */
  readonly lossChanges: ArrayLike<number>;
  /** Per node: the sum of the hessians of its rows (XGBoost's "cover"). */
  readonly sumHessian: ArrayLike<number>;
  /** Per node: its weight, as a leaf would have it. */
  readonly baseWeights: ArrayLike<number>;
}

/** The version whose schema is written; XGBoost 1.7 and later read it. */
const SCHEMA_VERSION = [1, 7, 4];
const ROOT_PARENT = 2147483647;

export interface SaveXgboostOptions {
  /** Per tree, its training statistics; trees without are written with zeros. */
  readonly stats?: readonly (XgboostTreeStats | undefined)[];
  /** Trees per group per boosting round (XGBoost's `num_parallel_tree`); 1 unless given. */
  readonly numParallelTree?: number;
}

/** `model` as XGBoost's JSON document. */
export function xgboostDocument(model: XgboostModel, options: SaveXgboostOptions = {}): XgboostJson {
  const booster = model.booster;
  if (booster.kind !== 'gbtree' || booster.treeWeight)
    throw new GodwitError(
      'E_MODEL_FORMAT',
      `Godwit writes gbtree models only, not ${booster.kind === 'gbtree' ? 'dart' : booster.kind}.`,
      {
        hint: 'Save gblinear and dart models with XGBoost itself.',
      },
    );
  const trees = booster.trees.map((tree, id) => treeDocument(tree, id, model.numFeature, options.stats?.[id]));
  const multi = model.objective.startsWith('multi:');
  return {
    learner: {
      attributes: {},
      feature_names: [...model.featureNames],
      feature_types: model.featureNames.map(() => 'float'),
      gradient_booster: {
        model: {
          gbtree_model_param: {
            num_parallel_tree: String(options.numParallelTree ?? 1),
            num_trees: String(trees.length),
            size_leaf_vector: '0',
          },
          tree_info: Array.from(booster.treeGroup),
          trees,
        },
        name: 'gbtree',
      },
      learner_model_param: {
        base_score: floatText(model.baseScore[0] ?? 0.5),
        boost_from_average: '1',
        num_class: String(model.numClass),
        num_feature: String(model.numFeature),
        num_target: '1',
      },
      objective: multi
        ? { name: model.objective, softmax_multiclass_param: { num_class: String(model.numClass) } }
        : { name: model.objective, reg_loss_param: { scale_pos_weight: '1' } },
    },
    version: SCHEMA_VERSION,
  };
}

/** `model` as the text of an XGBoost `.json` model file. */
export function saveXgboostJson(model: XgboostModel, options: SaveXgboostOptions = {}): string {
  return stringifyXgboostJson(xgboostDocument(model, options));
}

/**
 * The text of an XGBoost JSON document. The float arrays (named in FLOAT_KEYS) are written with a
 * decimal point even where integral (`1.0`), as XGBoost expects: each becomes a marked string
 * (a NUL, which no real string in the document holds) that is unwrapped afterwards.
 */
export function stringifyXgboostJson(doc: XgboostJson): string {
  const text = JSON.stringify(doc, (key, value) =>
    FLOAT_KEYS.has(key) && (Array.isArray(value) || value instanceof Float32Array)
      ? `\u0000F[${Array.from(value as ArrayLike<number>, floatText).join(',')}]`
      : value,
  );
  return text.replace(/"\\u0000F\[([^"]*)\]"/g, '[$1]');
}

const FLOAT_KEYS = new Set(['base_weights', 'loss_changes', 'split_conditions', 'sum_hessian']);

/**
 * The bytes of an XGBoost UBJSON model file holding `doc` (`model.ubj`, or `model.bst`, the name
 * XGBoost 2.1 and later save UBJSON under): the float arrays as float32, the rest as the JSON text
 * has it, so XGBoost 1.6 and later (and `loadXgboostModel`) read the same model.
 */
export function xgboostUbjson(doc: XgboostJson): Buffer {
  return encodeUbjson(doc, FLOAT_KEYS);
}

/** The shortest decimal that reads back as the same float32, with a point or an exponent. */
export function floatText(value: number): string {
  const x = Math.fround(value);
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  let text = String(x);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === x) {
      text = String(candidate);
      break;
    }
  }
  return /[.eE]/.test(text) || /Infinity|NaN/.test(text) ? text : `${text}.0`;
}

function treeDocument(tree: XgboostTree, id: number, numFeature: number, stats: XgboostTreeStats | undefined): XgboostJson {
  const n = tree.left.length;
  const parents = new Array<number>(n).fill(ROOT_PARENT);
  for (let i = 0; i < n; i++) {
    if (tree.left[i] !== -1) {
      parents[tree.left[i]] = i;
      parents[tree.right[i]] = i;
    }
  }
  if (tree.categories && tree.categories.size > 0)
    throw new GodwitError('E_MODEL_FORMAT', `Tree ${id} has categorical splits, which Godwit does not write.`, {
      hint: 'Save models with categorical splits with XGBoost itself.',
    });
  const zeros = () => new Array<number>(n).fill(0);
  return {
    base_weights: stats ? Array.from(stats.baseWeights) : zeros(),
    categories: [],
    categories_nodes: [],
    categories_segments: [],
    categories_sizes: [],
    default_left: Array.from(tree.defaultLeft),
    id,
    left_children: Array.from(tree.left),
    loss_changes: stats ? Array.from(stats.lossChanges) : zeros(),
    parents,
    right_children: Array.from(tree.right),
    split_conditions: Array.from(tree.condition),
    split_indices: Array.from(tree.feature, (f, i) => (tree.left[i] === -1 ? 0 : f)),
    split_type: zeros(),
    sum_hessian: stats ? Array.from(stats.sumHessian) : zeros(),
    tree_param: { num_deleted: '0', num_feature: String(numFeature), num_nodes: String(n), size_leaf_vector: '0' },
  };
}
