/**
 * A BigQuery ML model as Godwit keeps it: everything prediction and the ML.* functions need,
 * as one JSON document (bqml-store.ts puts it in the warehouse's own database).
 */
import type { AlgorithmName, IterationReport } from '../../ml/estimator.js';
import type { Column } from '../warehouse.js';
import type { Feature } from './bqml-features.js';
import type { ModelOptions, ModelType } from './bqml-options.js';

export type LabelValue = string | number | boolean;

export interface LabelInfo {
  readonly name: string;
  /** The label column's DuckDB type: `predicted_<label>` has it. */
  readonly type: string;
  /** Classifiers: the classes in index order (ascending, as sorted in training). */
  readonly classes?: readonly LabelValue[];
}

/** One TRANSFORM output: its name and its DuckDB expression over the query's columns, fitted constants inlined. */
export interface TransformItem {
  readonly name: string;
  readonly sql: string;
  /** What the item was written as, for ML.FEATURE_INFO and messages. */
  readonly written: string;
}

/** ML.FEATURE_INFO's statistics of one input column over the training rows. */
export interface FeatureStats {
  readonly input: string;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly median: number | null;
  readonly stddev: number | null;
  readonly category_count: number | null;
  readonly null_count: number;
  readonly dimension: number;
}

/** Outputs of the evaluation rows (the held-out split, or the training rows when there is none). */
export interface EvalScores {
  /** Regression targets or class indexes; empty for k-means. */
  readonly y: readonly number[];
  /** Row-major `rows × outputs` (probabilities, predictions or centroid distances). */
  readonly outputs: readonly number[];
  readonly width: number;
  /** ML.EVALUATE's row at the default threshold, computed when the model was trained. */
  readonly metrics: Readonly<Record<string, number | null>>;
}

export interface StoredModel {
  readonly format: 'godwit-bqml/1';
  /** `dataset.model` as written. */
  readonly name: string;
  readonly modelType: ModelType;
  readonly options: ModelOptions;
  readonly label?: LabelInfo;
  /** The columns ML.PREDICT's input must have (the TRANSFORM's inputs, or the features). */
  readonly inputs: readonly Column[];
  readonly transform?: readonly TransformItem[];
  readonly features: readonly Feature[];
  readonly algorithm: AlgorithmName;
  readonly model: unknown;
  /** DNN_REGRESSOR trains on the standardised label; predictions are scaled back with these. */
  readonly targetScale?: { readonly mean: number; readonly std: number };
  readonly history: readonly IterationReport[];
  readonly trainRows: number;
  readonly evalRows: number;
  readonly evaluation: EvalScores;
  readonly featureStats: readonly FeatureStats[];
  readonly createdAt: string;
}
