/**
 * From a model type and its BigQuery ML options to one of the built-in algorithms (src/ml) and
 * its options. Training goes only through `Algorithm` (src/ml/estimator.ts); the algorithms
 * load when a model first needs one.
 */
import type {
  Algorithm,
  AlgorithmName,
  BoostedTreeOptions,
  DnnOptions,
  KmeansOptions,
  LinearOptions,
  Task,
} from '../../ml/estimator.js';
import { familyOf, isClassifier, type ModelOptions, type ModelType } from './bqml-options.js';

export interface Plan {
  readonly algorithm: AlgorithmName;
  readonly options: LinearOptions | BoostedTreeOptions | DnnOptions | KmeansOptions;
}

export interface Shape {
  readonly rows: number;
  readonly inputs: number;
  /** Classes for a classifier, 1 for a regressor, clusters for k-means. */
  readonly outputs: number;
}

export function taskOf(type: ModelType, classes: number): Task {
  if (type === 'KMEANS') return { kind: 'clustering' };
  return isClassifier(type) ? { kind: 'classification', classes } : { kind: 'regression' };
}

export function planOf(type: ModelType, o: ModelOptions, shape: Shape): Plan {
  const common = { earlyStop: o.early_stop === true, minRelProgress: Number(o.min_rel_progress) };
  switch (familyOf(type)) {
    case 'linear':
      return {
        algorithm: 'linear',
        options: {
          ...common,
          l1: Number(o.l1_reg),
          l2: Number(o.l2_reg),
          maxIterations: Number(o.max_iterations),
          ...(o.learn_rate_strategy === 'CONSTANT' ? { learnRate: Number(o.learn_rate) } : {}),
          fitIntercept: o.fit_intercept !== false,
        },
      };
    case 'tree':
      return { algorithm: 'boosted_trees', options: treeOptions(o, common) };
    case 'dnn':
      return {
        algorithm: 'dnn',
        options: {
          ...common,
          hiddenUnits: Array.isArray(o.hidden_units) ? o.hidden_units.map(Number) : DEFAULT_HIDDEN_UNITS,
          activation: String(o.activation_fn).toLowerCase() as DnnOptions['activation'],
          batchSize: o.batch_size === null ? Math.min(1024, Math.max(1, shape.rows)) : Number(o.batch_size),
          dropout: Number(o.dropout),
          learnRate: Number(o.learn_rate),
          maxIterations: Number(o.max_iterations),
          l1: Number(o.l1_reg),
          l2: Number(o.l2_reg),
        },
      };
    case 'kmeans':
      return {
        algorithm: 'kmeans',
        options: {
          ...common,
          clusters: shape.outputs,
          maxIterations: Number(o.max_iterations),
          init: o.kmeans_init_method === 'KMEANS++' ? 'kmeans++' : 'random',
        },
      };
  }
}

function treeOptions(o: ModelOptions, common: { earlyStop: boolean; minRelProgress: number }): BoostedTreeOptions {
  return {
    ...common,
    rounds: Number(o.max_iterations),
    learnRate: Number(o.learn_rate),
    maxDepth: Number(o.max_tree_depth),
    minSplitLoss: Number(o.min_split_loss),
    minChildWeight: Number(o.min_tree_child_weight),
    subsample: Number(o.subsample),
    colsampleByTree: Number(o.colsample_bytree),
    l1: Number(o.l1_reg),
    l2: Number(o.l2_reg),
    numParallelTree: Number(o.num_parallel_tree),
    maxBins: 256,
    threads: 0,
  };
}

/**
 * One hidden layer of 128 units: the cap of BigQuery ML's documented rule, min(128, N / (10 (Ni +
 * No))). The rule itself gives small tables a layer too narrow for Godwit's 20 epochs of Adam to
 * learn (penguins: 2 units, roc_auc 0.83 against 0.98), so Godwit departs from it
 * (docs/bigquery-ml.md).
 */
export const DEFAULT_HIDDEN_UNITS: readonly number[] = [128];

/** BigQuery ML's rule for KMEANS without num_clusters: log10(n) clusters (at least 2). */
export function defaultClusters(rows: number): number {
  return Math.max(2, Math.round(Math.log10(Math.max(1, rows))));
}

export async function loadAlgorithm(name: AlgorithmName): Promise<Algorithm<unknown, unknown>> {
  const loaded = await LOADERS[name]();
  return loaded as Algorithm<unknown, unknown>;
}

const LOADERS: Record<AlgorithmName, () => Promise<unknown>> = {
  linear: async () => (await import('../../ml/glm/glm.js')).glm,
  boosted_trees: async () => (await import('../../ml/boosted-trees/index.js')).boostedTrees,
  dnn: async () => (await import('../../ml/dnn/dnn.js')).dnn,
  kmeans: async () => (await import('../../ml/kmeans/kmeans.js')).kmeans,
};
