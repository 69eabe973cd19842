/**
 * `checkStatistics`: a data-quality run's verdict. It checks the current window's statistics
 * against the baseline's constraints (and, for drift, the baseline's statistics) and answers
 * `constraint_violations.json` plus what the run publishes per feature.
 *
 * ```ts
 * const { violations, features } = checkStatistics(current, baselineStats, constraints);
 * // violations: { violations: [{ feature_name: 'Length', constraint_check_type: 'baseline_drift_check',
 * //   description: 'Baseline drift distance: 0.52 exceeds threshold: 0.1 …' }] }
 * // features: [{ name: 'Length', completeness: 1, distance: 0.52, emitMetrics: true }, …]
 * ```
 *
 * A feature whose `evaluate_constraints` is Disabled is not checked; one whose
 * `perform_comparison` is Disabled gets no drift distance. Columns are matched by name.
 */
import type {
  DataQualityConstraints,
  DataQualityStatistics,
  DataQualityViolation,
  DataQualityViolations,
  FeatureConstraint,
  FeatureStatistics,
} from '../../monitor-files.js';
import {
  checkCompleteness,
  checkDataType,
  checkDomain,
  completenessOf,
  driftDistance,
  driftViolation,
  type TypeCounts,
} from './feature-checks.js';
import { effectiveConfig } from './monitoring-config.js';
import { extraColumnText, missingColumnText } from './violation-text.js';

export interface CheckOptions {
  /** Per feature, how many present values parsed as each type (sharper `data_type_check`). */
  readonly typeCounts?: ReadonlyMap<string, TypeCounts>;
}

/** What a run publishes for one feature of the current data. */
export interface FeatureOutcome {
  readonly name: string;
  /** `feature_non_null_<name>`: the share of non-missing values. */
  readonly completeness: number;
  /** `feature_baseline_drift_<name>`, when both statistics have a distribution to compare. */
  readonly distance?: number;
  readonly emitMetrics: boolean;
}

export interface CheckResult {
  readonly violations: DataQualityViolations;
  readonly features: readonly FeatureOutcome[];
}

export function checkStatistics(
  current: DataQualityStatistics,
  baseline: DataQualityStatistics | undefined,
  constraints: DataQualityConstraints,
  options: CheckOptions = {},
): CheckResult {
  const now = new Map(current.features.map((f) => [f.name, f]));
  const before = new Map((baseline?.features ?? []).map((f) => [f.name, f]));
  const declared = new Set(constraints.features.map((c) => c.name));
  const violations: DataQualityViolation[] = [];
  const features: FeatureOutcome[] = [];
  for (const c of constraints.features) {
    const config = effectiveConfig(constraints.monitoring_config, c);
    const f = now.get(c.name);
    if (!config.evaluateConstraints) continue;
    if (!f) {
      violations.push({
        feature_name: c.name,
        constraint_check_type: 'missing_column_check',
        description: missingColumnText(current.features.length, constraints.features.length),
      });
      continue;
    }
    const outcome = checkFeature(c, f, before.get(c.name), config, options.typeCounts?.get(c.name));
    violations.push(...outcome.violations);
    features.push(outcome.outcome);
  }
  if (effectiveConfig(constraints.monitoring_config).evaluateConstraints) {
    for (const f of current.features) {
      if (declared.has(f.name)) continue;
      violations.push({
        feature_name: f.name,
        constraint_check_type: 'extra_column_check',
        description: extraColumnText(current.features.length, constraints.features.length),
      });
    }
  }
  return { violations: { violations }, features };
}

function checkFeature(
  c: FeatureConstraint,
  f: FeatureStatistics,
  base: FeatureStatistics | undefined,
  config: ReturnType<typeof effectiveConfig>,
  counts: TypeCounts | undefined,
): { violations: DataQualityViolation[]; outcome: FeatureOutcome } {
  const found = [checkDataType(c, f, config, counts), checkCompleteness(c, f), checkDomain(c, f, config)];
  const distance = base && config.performComparison ? driftDistance(f, base, config) : undefined;
  if (distance !== undefined) found.push(driftViolation(c.name, distance, config));
  return {
    violations: found.filter((v): v is DataQualityViolation => v !== undefined),
    outcome: { name: c.name, completeness: completenessOf(f), distance, emitMetrics: config.emitMetrics },
  };
}
