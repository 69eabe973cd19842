/**
 * The files SageMaker Model Monitor's model-quality container writes, typed as its Developer Guide
 * shows them (model-monitor-model-quality-metrics): `statistics.json` holds one
 * `<problem>_metrics` object, `constraints.json` one `<problem>_constraints` object of thresholds,
 * and `constraint_violations.json` one entry per metric that crossed its threshold. Field names are
 * SageMaker's (snake_case). A metric's `standard_deviation` is the string `"NaN"` below 200
 * records, as SageMaker writes it; a value that is not a number (r2 of constant labels) is `"NaN"` too.
 */

export type ProblemType = 'Regression' | 'BinaryClassification' | 'MulticlassClassification';

/** A number, or SageMaker's `"NaN"` where there is none. */
export type MetricNumber = number | 'NaN';

export interface MetricValue {
  readonly value: MetricNumber;
  readonly standard_deviation: MetricNumber;
}

/** `confusion_matrix[actual][predicted]` = count (keys are the labels as text). */
export type ConfusionMatrix = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface RegressionMetrics {
  readonly mae: MetricValue;
  readonly mse: MetricValue;
  readonly rmse: MetricValue;
  readonly r2: MetricValue;
}

/** Binary classification: every scalar metric is a `MetricValue`, plus the matrix and two curves. */
export type BinaryClassificationMetrics = {
  readonly confusion_matrix: ConfusionMatrix;
  readonly receiver_operating_characteristic_curve: {
    readonly false_positive_rates: readonly number[];
    readonly true_positive_rates: readonly number[];
  };
  readonly precision_recall_curve: { readonly precisions: readonly number[]; readonly recalls: readonly number[] };
} & { readonly [K in BinaryScalar]: MetricValue };

export const BINARY_SCALARS = [
  'recall',
  'precision',
  'accuracy',
  'recall_best_constant_classifier',
  'precision_best_constant_classifier',
  'accuracy_best_constant_classifier',
  'true_positive_rate',
  'true_negative_rate',
  'false_positive_rate',
  'false_negative_rate',
  'auc',
  'f0_5',
  'f1',
  'f2',
  'f0_5_best_constant_classifier',
  'f1_best_constant_classifier',
  'f2_best_constant_classifier',
] as const;
export type BinaryScalar = (typeof BINARY_SCALARS)[number];

export const MULTICLASS_SCALARS = [
  'accuracy',
  'weighted_recall',
  'weighted_precision',
  'weighted_f0_5',
  'weighted_f1',
  'weighted_f2',
  'accuracy_best_constant_classifier',
  'weighted_recall_best_constant_classifier',
  'weighted_precision_best_constant_classifier',
  'weighted_f0_5_best_constant_classifier',
  'weighted_f1_best_constant_classifier',
  'weighted_f2_best_constant_classifier',
] as const;
export type MulticlassScalar = (typeof MULTICLASS_SCALARS)[number];

export type MulticlassClassificationMetrics = { readonly confusion_matrix: ConfusionMatrix } & {
  readonly [K in MulticlassScalar]: MetricValue;
};

export const REGRESSION_SCALARS = ['mae', 'mse', 'rmse', 'r2'] as const;

/** `statistics.json` of a model-quality baseline or run: exactly one of the three metric objects. */
export interface ModelQualityStatistics {
  readonly version: number;
  readonly dataset: { readonly item_count: number; readonly evaluation_time?: string };
  readonly regression_metrics?: RegressionMetrics;
  readonly binary_classification_metrics?: BinaryClassificationMetrics;
  readonly multiclass_classification_metrics?: MulticlassClassificationMetrics;
}

/** How a metric is compared with its threshold; a violation is when `value <op> threshold` holds. */
export type ComparisonOperator =
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold';

export interface MetricConstraint {
  readonly threshold: number;
  readonly comparison_operator: ComparisonOperator;
}

/** `constraints.json`: one of the three constraint objects, metric name → constraint. */
export interface ModelQualityConstraints {
  readonly version: number;
  readonly regression_constraints?: Readonly<Record<string, MetricConstraint>>;
  readonly binary_classification_constraints?: Readonly<Record<string, MetricConstraint>>;
  readonly multiclass_classification_constraints?: Readonly<Record<string, MetricConstraint>>;
}

/** One entry of a model-quality `constraint_violations.json`. */
export interface ModelQualityViolation {
  readonly constraint_check_type: ComparisonOperator;
  readonly description: string;
  readonly metric_name: string;
}

export interface ModelQualityViolations {
  readonly violations: readonly ModelQualityViolation[];
}

/** The key of the metrics object and of the constraints object for a problem type. */
export function sectionsOf(problem: ProblemType): {
  metrics: 'regression_metrics' | 'binary_classification_metrics' | 'multiclass_classification_metrics';
  constraints: 'regression_constraints' | 'binary_classification_constraints' | 'multiclass_classification_constraints';
} {
  if (problem === 'Regression') return { metrics: 'regression_metrics', constraints: 'regression_constraints' };
  if (problem === 'BinaryClassification') {
    return { metrics: 'binary_classification_metrics', constraints: 'binary_classification_constraints' };
  }
  return { metrics: 'multiclass_classification_metrics', constraints: 'multiclass_classification_constraints' };
}
