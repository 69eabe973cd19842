/**
 * Reads an XGBoost model saved by `Booster.save_model` as JSON (`.json`) or UBJSON (`.ubj`, the
 * default since 2.0), from bytes or a file:
 *
 * ```ts
 * const model = await loadXgboostModel('/opt/ml/model/xgboost-model.json');
 * model.objective; // 'binary:logistic'
 * ```
 *
 * XGBoost's older binary format and pickled boosters are refused with `E_MODEL_FORMAT` and a hint
 * to re-save as JSON, as XGBoost itself recommends; so are vector-leaf (multi_output_tree) models.
 */
import { readFile } from 'node:fs/promises';
import { GodwitError } from '../../core/errors.js';
import { OBJECTIVES } from './objectives.js';
import { decodeUbjson } from './ubjson.js';
import type { XgboostBooster, XgboostModel, XgboostTree } from './xgboost-model.js';

type Doc = Record<string, unknown>;
const RESAVE =
  'Re-save it with XGBoost: booster.save_model("xgboost-model.json") (or .ubj); Godwit reads XGBoost\'s JSON and UBJSON formats.';

/** The encoding of XGBoost model bytes, or undefined when they are neither JSON nor UBJSON. */
export function xgboostEncoding(bytes: Uint8Array): 'json' | 'ubjson' | undefined {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] !== 0x7b) return undefined;
  const next = bytes[i + 1];
  // UBJSON's `{` is followed by a key's length marker (or `$`/`#`); JSON's by a quote or space.
  if (next === undefined) return undefined;
  return 'iUIlL$#'.includes(String.fromCharCode(next)) ? 'ubjson' : 'json';
}

export async function loadXgboostModel(source: Uint8Array | string): Promise<XgboostModel> {
  const name = typeof source === 'string' ? source : 'the model bytes';
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  return parseXgboostModel(bytes, name);
}

/** Synchronous `loadXgboostModel` over bytes already read; `name` names the source in errors. */
export function parseXgboostModel(bytes: Uint8Array, name: string): XgboostModel {
  const encoding = xgboostEncoding(bytes);
  if (encoding === undefined) {
    const pickled = bytes[0] === 0x80;
    throw new GodwitError(
      'E_MODEL_FORMAT',
      `${name} is ${pickled ? 'a pickled Python object' : "XGBoost's old binary format or not an XGBoost model"}, not XGBoost JSON or UBJSON.`,
      { hint: RESAVE },
    );
  }
  let doc: unknown;
  try {
    doc =
      encoding === 'json'
        ? parseXgboostJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
        : decodeUbjson(bytes);
  } catch (err) {
    throw new GodwitError('E_MODEL_FORMAT', `${name} is not valid XGBoost ${encoding.toUpperCase()}: ${(err as Error).message}`, {
      hint: RESAVE,
    });
  }
  return fromDocument(doc, name);
}

/**
 * XGBoost writes non-finite floats bare (`NaN`, `-Infinity`: a categorical split's threshold is
 * NaN), which JSON.parse refuses; outside strings they become strings that `Float32Array.from`
 * reads back as the same numbers.
 */
function parseXgboostJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!/NaN|Infinity/.test(text)) throw err;
    return JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?(?:NaN|Infinity)\b/g, (m) => (m.startsWith('"') ? m : `"${m}"`)));
  }
}

function fromDocument(doc: unknown, name: string): XgboostModel {
  const fail = (what: string): never => {
    throw new GodwitError('E_MODEL_FORMAT', `${name}: ${what}.`, { hint: RESAVE });
  };
  const learner = field(doc, 'learner') as Doc | undefined;
  if (!isDoc(learner)) return fail('there is no "learner" object, so this is not an XGBoost model');
  const param = isDoc(learner.learner_model_param) ? learner.learner_model_param : fail('learner.learner_model_param is missing');
  const numFeature = intOf(param.num_feature, 0);
  const numClass = intOf(param.num_class, 0);
  const numTarget = intOf(param.num_target, 1);
  const baseScore = numbersOf(param.base_score);
  if (baseScore === undefined) fail(`base_score ${JSON.stringify(param.base_score)} is not a number or a vector of numbers`);
  const objective = String(field(learner.objective, 'name') ?? fail('learner.objective.name is missing'));
  if (!(objective in OBJECTIVES))
    fail(`the objective "${objective}" is not one Godwit scores (it scores ${Object.keys(OBJECTIVES).join(', ')})`);
  const numGroup = Math.max(numClass, numTarget, 1);
  const booster = boosterOf(learner.gradient_booster, fail);
  const names = learner.feature_names;
  const version = field(doc, 'version');
  return {
    version: isList(version) ? Array.from(version as ArrayLike<number>) : [],
    objective,
    numFeature,
    numGroup,
    numClass,
    baseScore: baseScore as number[],
    featureNames: Array.isArray(names) ? names.map(String) : [],
    booster,
  };
}

function boosterOf(node: unknown, fail: (what: string) => never): XgboostBooster {
  const kind = field(node, 'name');
  if (kind === 'gblinear') {
    const weights = field(field(node, 'model'), 'weights');
    return {
      kind: 'gblinear',
      weights: Float32Array.from((isList(weights) ? weights : fail('gblinear has no weights')) as ArrayLike<number>),
    };
  }
  const gbtree =
    kind === 'dart'
      ? field(node, 'gbtree')
      : kind === 'gbtree'
        ? node
        : fail(`booster ${JSON.stringify(kind)} is not gbtree, dart or gblinear`);
  const model = field(gbtree, 'model');
  const trees = field(model, 'trees');
  const info = field(model, 'tree_info');
  if (!Array.isArray(trees) || !isList(info)) return fail('the tree booster has no trees or tree_info');
  const weightDrop = kind === 'dart' ? field(node, 'weight_drop') : undefined;
  return {
    kind: 'gbtree',
    trees: trees.map((t, i) => treeOf(t as Doc, i, fail)),
    treeGroup: Int32Array.from(info as ArrayLike<number>),
    treeWeight: isList(weightDrop) ? Float32Array.from(weightDrop as ArrayLike<number>) : undefined,
  };
}

function treeOf(tree: Doc, index: number, fail: (what: string) => never): XgboostTree {
  const leafVector = intOf(field(tree.tree_param, 'size_leaf_vector'), 0);
  if (leafVector > 1) fail(`tree ${index} has vector leaves (multi_strategy="multi_output_tree"), which Godwit does not score`);
  const list = (key: string): ArrayLike<number> => {
    const value = tree[key];
    if (!isList(value)) return fail(`tree ${index} has no ${key} array`);
    return value as ArrayLike<number>;
  };
  const left = Int32Array.from(list('left_children'));
  const n = left.length;
  const out: XgboostTree = {
    left,
    right: Int32Array.from(list('right_children')),
    feature: Int32Array.from(list('split_indices')),
    condition: Float32Array.from(list('split_conditions')),
    defaultLeft: Uint8Array.from(Array.from(list('default_left'), Number)),
    categories: categoriesOf(tree),
  };
  for (const key of ['right', 'feature', 'condition', 'defaultLeft'] as const) {
    if (out[key].length !== n) fail(`tree ${index}'s arrays have different lengths (${n} nodes, ${out[key].length} in ${key})`);
  }
  return out;
}

/** Categorical splits: `categories_nodes[k]` sends `categories[segments[k] … + sizes[k]]` right. */
function categoriesOf(tree: Doc): Map<number, Float64Array> | undefined {
  const nodes = tree.categories_nodes;
  if (!isList(nodes) || (nodes as ArrayLike<number>).length === 0) return undefined;
  const all = Array.from(tree.categories as ArrayLike<number>);
  const segments = tree.categories_segments as ArrayLike<number>;
  const sizes = tree.categories_sizes as ArrayLike<number>;
  const map = new Map<number, Float64Array>();
  Array.from(nodes as ArrayLike<number>).forEach((node, k) => {
    const start = Number(segments[k]);
    map.set(node, Float64Array.from(all.slice(start, start + Number(sizes[k]))).sort());
  });
  return map;
}

function field(node: unknown, key: string): unknown {
  return isDoc(node) ? node[key] : undefined;
}

function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function isList(value: unknown): boolean {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

function intOf(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

/** `"5E-1"`, `"[5E-1]"`, `"[1E0,2E0]"` or a number → its numbers. */
function numbersOf(value: unknown): number[] | undefined {
  if (typeof value === 'number') return [value];
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  const parts = text.split(',').map((p) => Number(p.trim()));
  return parts.length > 0 && parts.every(Number.isFinite) ? parts : undefined;
}
