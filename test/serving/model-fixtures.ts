/** Model folders for the serving tests: a linear learner, a small hand-written XGBoost model. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LinearModel } from '../../src/ml/linear-model.js';

/** A linear-learner regressor `bias + Σ weights·x`, as `model.json` in `<root>/<name>`. */
export function linearModelDir(root: string, weights: readonly number[], bias: number, name = 'linear'): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const model: LinearModel = {
    format: 'godwit.linear-learner',
    version: 1,
    predictorType: 'regressor',
    featureDim: weights.length,
    weights,
    bias,
    hyperparameters: {},
    trainedOn: { rows: 1, channels: { train: 1 } },
    solver: { name: 'cholesky', iterations: 1, notes: [] },
    metrics: {},
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
  return dir;
}

/**
 * An XGBoost JSON document with one stump per tree: tree i splits feature `splits[i].feature` at
 * `threshold` into leaves `left`/`right`, missing values going left. `spelling` picks the 1.x
 * (`"5E-1"`) or 2.x (`"[5E-1]"`, `num_target`) way of writing the learner's parameters.
 */
export function xgboostDocument(options: {
  objective: string;
  baseScore: number;
  numFeature: number;
  numClass?: number;
  trees: readonly { feature: number; threshold: number; left: number; right: number; group?: number }[];
  spelling?: '1.x' | '2.x';
}): Record<string, unknown> {
  const v2 = options.spelling === '2.x';
  const base = options.baseScore.toExponential().toUpperCase().replace('E+', 'E');
  return {
    learner: {
      attributes: {},
      feature_names: [],
      feature_types: [],
      gradient_booster: {
        name: 'gbtree',
        model: {
          gbtree_model_param: { num_parallel_tree: '1', num_trees: String(options.trees.length) },
          tree_info: options.trees.map((t) => t.group ?? 0),
          trees: options.trees.map((t, id) => ({
            id,
            left_children: [1, -1, -1],
            right_children: [2, -1, -1],
            parents: [2147483647, 0, 0],
            split_indices: [t.feature, 0, 0],
            split_conditions: [t.threshold, t.left, t.right],
            default_left: v2 ? [1, 0, 0] : [1, 0, 0],
            split_type: [0, 0, 0],
            base_weights: [0, t.left, t.right],
            loss_changes: [1, 0, 0],
            sum_hessian: [2, 1, 1],
            categories: [],
            categories_nodes: [],
            categories_segments: [],
            categories_sizes: [],
            tree_param: {
              num_deleted: '0',
              num_feature: String(options.numFeature),
              num_nodes: '3',
              size_leaf_vector: v2 ? '1' : '0',
            },
          })),
          ...(v2 ? { iteration_indptr: options.trees.map((_, i) => i).concat(options.trees.length) } : {}),
        },
      },
      learner_model_param: {
        base_score: v2 ? `[${base}]` : base,
        boost_from_average: '1',
        num_class: String(options.numClass ?? 0),
        num_feature: String(options.numFeature),
        ...(v2 ? { num_target: '1' } : {}),
      },
      objective: { name: options.objective },
    },
    version: v2 ? [2, 1, 0] : [1, 7, 4],
  };
}

export function xgboostModelDir(root: string, doc: Record<string, unknown>, file = 'xgboost-model.json', name = 'xgb'): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), JSON.stringify(doc));
  return dir;
}
