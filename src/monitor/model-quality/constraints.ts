/**
 * Model-quality constraints: suggested from a baseline's statistics (each monitored metric's
 * threshold is its baseline value, compared in the direction that means "worse": a score falling
 * `LessThanThreshold`, an error rate or loss rising `GreaterThanThreshold`), and checked against a
 * run's statistics into `constraint_violations.json` entries.
 */
import { GodwitError } from '../../core/errors.js';
import {
  type ComparisonOperator,
  type MetricConstraint,
  type MetricValue,
  type ModelQualityConstraints,
  type ModelQualityStatistics,
  type ModelQualityViolation,
  type ProblemType,
  sectionsOf,
} from './model-quality-files.js';

/** The metrics a baseline constrains, with the direction in which each gets worse. */
const MONITORED: Readonly<Record<ProblemType, Readonly<Record<string, ComparisonOperator>>>> = {
  Regression: { mae: 'GreaterThanThreshold', mse: 'GreaterThanThreshold', rmse: 'GreaterThanThreshold', r2: 'LessThanThreshold' },
  BinaryClassification: {
    recall: 'LessThanThreshold',
    precision: 'LessThanThreshold',
    accuracy: 'LessThanThreshold',
    true_positive_rate: 'LessThanThreshold',
    true_negative_rate: 'LessThanThreshold',
    false_positive_rate: 'GreaterThanThreshold',
    false_negative_rate: 'GreaterThanThreshold',
    auc: 'LessThanThreshold',
    f0_5: 'LessThanThreshold',
    f1: 'LessThanThreshold',
    f2: 'LessThanThreshold',
  },
  MulticlassClassification: {
    accuracy: 'LessThanThreshold',
    weighted_recall: 'LessThanThreshold',
    weighted_precision: 'LessThanThreshold',
    weighted_f0_5: 'LessThanThreshold',
    weighted_f1: 'LessThanThreshold',
    weighted_f2: 'LessThanThreshold',
  },
};

const OPERATORS: Readonly<Record<ComparisonOperator, (value: number, threshold: number) => boolean>> = {
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
  GreaterThanThreshold: (v, t) => v > t,
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
};

/** The problem type a statistics file is about (the one metrics object it holds). */
export function problemOf(statistics: ModelQualityStatistics): ProblemType | undefined {
  if (statistics.regression_metrics) return 'Regression';
  if (statistics.binary_classification_metrics) return 'BinaryClassification';
  if (statistics.multiclass_classification_metrics) return 'MulticlassClassification';
  return undefined;
}

function metricsOf(statistics: ModelQualityStatistics, problem: ProblemType): Readonly<Record<string, unknown>> {
  return (statistics[sectionsOf(problem).metrics] ?? {}) as Readonly<Record<string, unknown>>;
}

/** `constraints.json` suggested from baseline statistics; a metric without a value is left out. */
export function suggestConstraints(statistics: ModelQualityStatistics): ModelQualityConstraints {
  const problem = problemOf(statistics);
  if (!problem) throw badFile('The statistics hold no model-quality metrics.');
  const metrics = metricsOf(statistics, problem);
  const constraints: Record<string, MetricConstraint> = {};
  for (const [name, comparison_operator] of Object.entries(MONITORED[problem])) {
    const value = (metrics[name] as MetricValue | undefined)?.value;
    if (typeof value === 'number') constraints[name] = { threshold: value, comparison_operator };
  }
  return { version: 0.0, [sectionsOf(problem).constraints]: constraints };
}

/**
 * The violations of `constraints` by `statistics`. A constraint on a metric the statistics do not
 * hold, or hold as `"NaN"`, is not violated (there is nothing to compare); constraints for another
 * problem type are E_MODEL_QUALITY_CONSTRAINTS, as is a malformed constraint.
 */
export function checkConstraints(
  statistics: ModelQualityStatistics,
  constraints: ModelQualityConstraints,
): ModelQualityViolation[] {
  const problem = problemOf(statistics);
  if (!problem) throw badFile('The statistics hold no model-quality metrics.');
  const section = constraints[sectionsOf(problem).constraints];
  if (!section) {
    throw badFile(`The constraints have no ${sectionsOf(problem).constraints} for this ${problem} job.`);
  }
  const metrics = metricsOf(statistics, problem);
  const violations: ModelQualityViolation[] = [];
  for (const [name, constraint] of Object.entries(section)) {
    const compare = OPERATORS[constraint?.comparison_operator];
    if (!compare || typeof constraint.threshold !== 'number') {
      throw badFile(
        `The constraint on ${name} needs a numeric threshold and a comparison_operator of ${Object.keys(OPERATORS).join(', ')}.`,
      );
    }
    const metric = metrics[name] as MetricValue | undefined;
    if (typeof metric?.value !== 'number' || !compare(metric.value, constraint.threshold)) continue;
    violations.push({
      constraint_check_type: constraint.comparison_operator,
      description: describe(name, metric, constraint),
      metric_name: name,
    });
  }
  return violations;
}

/** SageMaker's wording: `Metric auc with 0.61 +/- 0.004 was LessThanThreshold '0.93'`. */
function describe(name: string, metric: MetricValue, constraint: MetricConstraint): string {
  const spread = typeof metric.standard_deviation === 'number' ? ` +/- ${metric.standard_deviation}` : '';
  return `Metric ${name} with ${metric.value}${spread} was ${constraint.comparison_operator} '${constraint.threshold}'`;
}

function badFile(message: string): GodwitError {
  return new GodwitError('E_MODEL_QUALITY_CONSTRAINTS', message, {
    hint: 'Use the constraints.json a model-quality baseline of the same problem type wrote (godwit monitor model-quality baseline).',
  });
}
