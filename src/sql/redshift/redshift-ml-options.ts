/**
 * Redshift ML's model types and hyperparameters (SageMaker's names) beside their BigQuery ML
 * equivalents: the one table Redshift ML offline (src/warehouse/rsml) trains by and `godwit
 * migrate` translates by, both ways.
 */
export const REDSHIFT_MODEL_TYPES = ['XGBOOST', 'MLP', 'LINEAR_LEARNER', 'KMEANS'] as const;
export type RedshiftModelType = (typeof REDSHIFT_MODEL_TYPES)[number];

export interface Hyperparameter {
  /** BigQuery ML's option. */
  readonly option: string;
  readonly kind: 'int' | 'number' | 'init';
}

/** Each model type's hyperparameters → BigQuery ML's options. */
export const HYPERPARAMETERS: Readonly<Record<RedshiftModelType, Readonly<Record<string, Hyperparameter>>>> = {
  XGBOOST: {
    NUM_ROUND: { option: 'max_iterations', kind: 'int' },
    ETA: { option: 'learn_rate', kind: 'number' },
    MAX_DEPTH: { option: 'max_tree_depth', kind: 'int' },
    SUBSAMPLE: { option: 'subsample', kind: 'number' },
    MIN_CHILD_WEIGHT: { option: 'min_tree_child_weight', kind: 'number' },
    LAMBDA: { option: 'l2_reg', kind: 'number' },
    ALPHA: { option: 'l1_reg', kind: 'number' },
    GAMMA: { option: 'min_split_loss', kind: 'number' },
    COLSAMPLE_BYTREE: { option: 'colsample_bytree', kind: 'number' },
    NUM_PARALLEL_TREE: { option: 'num_parallel_tree', kind: 'int' },
  },
  LINEAR_LEARNER: {
    EPOCHS: { option: 'max_iterations', kind: 'int' },
    L1: { option: 'l1_reg', kind: 'number' },
    WD: { option: 'l2_reg', kind: 'number' },
    LEARNING_RATE: { option: 'learn_rate', kind: 'number' },
  },
  MLP: {
    EPOCHS: { option: 'max_iterations', kind: 'int' },
    LEARNING_RATE: { option: 'learn_rate', kind: 'number' },
    MINI_BATCH_SIZE: { option: 'batch_size', kind: 'int' },
    DROPOUT: { option: 'dropout', kind: 'number' },
  },
  KMEANS: {
    K: { option: 'num_clusters', kind: 'int' },
    EPOCHS: { option: 'max_iterations', kind: 'int' },
    INIT_METHOD: { option: 'kmeans_init_method', kind: 'init' },
  },
};

/** Redshift's model type and whether it is a classifier, for a BigQuery ML model type. */
export const FROM_BIGQUERY: Readonly<Record<string, { type: RedshiftModelType; problem?: 'classification' | 'regression' }>> = {
  BOOSTED_TREE_CLASSIFIER: { type: 'XGBOOST', problem: 'classification' },
  BOOSTED_TREE_REGRESSOR: { type: 'XGBOOST', problem: 'regression' },
  LOGISTIC_REG: { type: 'LINEAR_LEARNER', problem: 'classification' },
  LINEAR_REG: { type: 'LINEAR_LEARNER', problem: 'regression' },
  DNN_CLASSIFIER: { type: 'MLP', problem: 'classification' },
  DNN_REGRESSOR: { type: 'MLP', problem: 'regression' },
  KMEANS: { type: 'KMEANS' },
};

/** BigQuery ML's model type for a Redshift model type and problem. */
export function bigqueryModelType(type: RedshiftModelType, problem: 'classification' | 'regression'): string {
  const found = Object.entries(FROM_BIGQUERY).find(([, v]) => v.type === type && (type === 'KMEANS' || v.problem === problem));
  return found ? found[0] : 'KMEANS';
}
