/**
 * The built-in algorithms' common shape: numbers in, a JSON-serialisable model out. BigQuery ML's
 * `CREATE MODEL`, Redshift ML, pipeline training steps and the library all train through it, so an
 * algorithm knows nothing of SQL, column names or preprocessing: the caller turns rows into a
 * `Matrix` (standardised, one-hot encoded, imputed as it chooses) and keeps what it needs to turn
 * the model's outputs back into labels.
 *
 * Semantics every algorithm keeps:
 * - **Deterministic with a seed**: the same input and `seed` give the same model, on any machine
 *   and with any number of threads.
 * - **Missing values** are `NaN` in `Matrix.data`. An algorithm that cannot take them (linear
 *   models, the network, k-means) refuses them with E_ML_INPUT; boosted trees route them.
 * - **Iterations are reported** as they end (`onIteration`) and returned in `history`: the training
 *   loss, and the evaluation loss when `eval` rows are given. That is `ML.TRAINING_INFO` and a
 *   pipeline step's metrics.
 * - **Early stopping**: when the options ask for it and `eval` rows are given, training stops once
 *   the evaluation loss improves by less than `minRelProgress` (relative) from one iteration to the
 *   next; without `eval` rows, the training loss is used.
 * - **Bad input** (no rows, labels outside `0..classes-1`, a length mismatch, a non-finite label,
 *   an option out of range) is a `GodwitError` with code E_ML_INPUT naming what is wrong; nothing
 *   is returned half-trained.
 * - **Predictions** are a row-major `Float64Array` of `rows × outputs(model)`: regression one value
 *   per row; classification one probability per class (rows sum to 1); clustering the distance
 *   to each centroid.
 */

/** Rows × columns of float64, row-major (`data[row * cols + col]`); `NaN` is a missing value. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export type Task =
  | { readonly kind: 'regression' }
  /** Labels are class indexes `0..classes-1`; `classes` ≥ 2. */
  | { readonly kind: 'classification'; readonly classes: number }
  | { readonly kind: 'clustering' };

export interface IterationReport {
  /** From 1. */
  readonly iteration: number;
  /** The training loss after this iteration (mean squared error, cross-entropy or k-means' mean squared distance). */
  readonly loss: number;
  readonly evalLoss?: number;
  readonly learnRate?: number;
  readonly durationMs: number;
}

export interface TrainInput<O> {
  readonly task: Task;
  readonly x: Matrix;
  /** Regression: targets; classification: class indexes; clustering: absent. */
  readonly y?: Float64Array;
  /** Row weights (class weights folded in by the caller); absent means 1 for every row. */
  readonly weights?: Float64Array;
  /** Held-out rows for early stopping and `evalLoss`. */
  readonly eval?: { readonly x: Matrix; readonly y?: Float64Array };
  /** The algorithm's own options, complete: the caller has applied defaults (BigQuery ML's, for SQL). */
  readonly options: O;
  readonly seed: number;
  readonly onIteration?: (report: IterationReport) => void;
  /** Aborting ends training between iterations with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface Trained<M> {
  readonly model: M;
  readonly history: readonly IterationReport[];
}

export interface Algorithm<O, M> {
  readonly name: AlgorithmName;
  /** Which tasks it learns. */
  readonly tasks: readonly Task['kind'][];
  train(input: TrainInput<O>): Promise<Trained<M>>;
  /** Row-major `x.rows × outputs(model)` (see the file's comment). */
  predict(model: M, x: Matrix): Float64Array;
  outputs(model: M): number;
}

export type AlgorithmName = 'linear' | 'boosted_trees' | 'dnn' | 'kmeans';

/** Linear regression (squared loss) and logistic regression (binary or multinomial softmax). */
export interface LinearOptions {
  readonly l1: number;
  readonly l2: number;
  readonly maxIterations: number;
  /** A fixed step; absent means the solver chooses (line search). */
  readonly learnRate?: number;
  readonly earlyStop: boolean;
  readonly minRelProgress: number;
  readonly fitIntercept: boolean;
}

/** Gradient-boosted trees, histogram method, with XGBoost's meaning for every option. */
export interface BoostedTreeOptions {
  /** Boosting rounds (`max_iterations` in BigQuery ML, `num_boost_round` in XGBoost). */
  readonly rounds: number;
  readonly learnRate: number;
  readonly maxDepth: number;
  readonly minSplitLoss: number;
  readonly minChildWeight: number;
  readonly subsample: number;
  readonly colsampleByTree: number;
  readonly l1: number;
  readonly l2: number;
  readonly numParallelTree: number;
  readonly maxBins: number;
  readonly earlyStop: boolean;
  readonly minRelProgress: number;
  /** Worker threads; 0 means one per core. The model does not depend on it. */
  readonly threads: number;
}

/** A feed-forward network: dense layers, softmax or linear output, Adam. */
export interface DnnOptions {
  readonly hiddenUnits: readonly number[];
  readonly activation: 'relu' | 'relu6' | 'elu' | 'selu' | 'sigmoid' | 'tanh';
  readonly batchSize: number;
  readonly dropout: number;
  readonly learnRate: number;
  readonly maxIterations: number;
  readonly l1: number;
  readonly l2: number;
  readonly earlyStop: boolean;
  readonly minRelProgress: number;
}

/** k-means with k-means++ (or random) initialisation. */
export interface KmeansOptions {
  readonly clusters: number;
  readonly maxIterations: number;
  readonly init: 'kmeans++' | 'random';
  readonly earlyStop: boolean;
  readonly minRelProgress: number;
}
