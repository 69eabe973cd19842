/**
 * The files SageMaker Model Monitor's data-quality container reads and writes, typed exactly as
 * its documentation gives them (`statistics.json`, `constraints.json`,
 * `constraint_violations.json`). Godwit writes these shapes byte-compatible in meaning, so a
 * baseline made here is a baseline SageMaker accepts, and the other way round. Field names are
 * SageMaker's (snake_case), not ours. Readers must accept files written by SageMaker itself: its
 * `version` is `0` or `0.0`, and optional fields may be missing.
 */

/** What the profiler inferred a column to hold. `Unknown`: every value was missing. */
export type InferredType = 'Integral' | 'Fractional' | 'String' | 'Unknown';

export interface CommonStatistics {
  readonly num_present: number;
  readonly num_missing: number;
}

/** One histogram bucket over [lower_bound, upper_bound]. */
export interface KllBucket {
  readonly lower_bound: number;
  readonly upper_bound: number;
  readonly count: number;
}

/**
 * A KLL quantile sketch as Deequ serialises it: `parameters.c` is the shrinking factor (0.64) and
 * `parameters.k` the sketch size (2048); `data[i]` holds the items of compactor level i, each
 * standing for 2^i values.
 */
export interface KllSketch {
  readonly parameters: { readonly c: number; readonly k: number };
  readonly data: readonly (readonly number[])[];
}

export interface NumericalStatistics {
  readonly common: CommonStatistics;
  readonly mean: number;
  readonly sum: number;
  readonly std_dev: number;
  readonly min: number;
  readonly max: number;
  readonly distribution?: { readonly kll: { readonly buckets: readonly KllBucket[]; readonly sketch: KllSketch } };
}

export interface StringStatistics {
  readonly common: CommonStatistics;
  readonly distinct_count: number;
  readonly distribution?: {
    readonly categorical: { readonly buckets: readonly { readonly value: string; readonly count: number }[] };
  };
}

export interface FeatureStatistics {
  readonly name: string;
  readonly inferred_type: InferredType;
  /** Present for Integral and Fractional features. */
  readonly numerical_statistics?: NumericalStatistics;
  /** Present for String features. */
  readonly string_statistics?: StringStatistics;
}

/** `statistics.json`. */
export interface DataQualityStatistics {
  readonly version: number;
  readonly dataset: { readonly item_count: number };
  readonly features: readonly FeatureStatistics[];
}

export type Toggle = 'Enabled' | 'Disabled';

/** `monitoring_config` of `constraints.json`, also allowed per feature as overrides. */
export interface MonitoringConfig {
  readonly evaluate_constraints?: Toggle;
  readonly emit_metrics?: Toggle;
  readonly datatype_check_threshold?: number;
  readonly domain_content_threshold?: number;
  readonly distribution_constraints?: {
    readonly perform_comparison?: Toggle;
    readonly comparison_threshold?: number;
    readonly comparison_method?: 'Simple' | 'Robust';
    /** Older files (and the SageMaker Python SDK's fixtures) carry these two instead. */
    readonly enable_comparisons?: boolean;
    readonly min_domain_mass?: number;
  };
}

export interface FeatureConstraint {
  readonly name: string;
  readonly inferred_type: InferredType;
  readonly completeness?: number;
  readonly num_constraints?: { readonly is_non_negative: boolean };
  readonly string_constraints?: {
    readonly domains?: readonly string[];
    readonly monitoring_config_overrides?: MonitoringConfig;
  };
  readonly monitoringConfigOverrides?: MonitoringConfig;
}

/** `constraints.json`. */
export interface DataQualityConstraints {
  readonly version: number;
  readonly features: readonly FeatureConstraint[];
  readonly monitoring_config?: MonitoringConfig;
}

/** The data-quality checks the prebuilt container runs. */
export type DataQualityCheck =
  | 'data_type_check'
  | 'completeness_check'
  | 'baseline_drift_check'
  | 'missing_column_check'
  | 'extra_column_check'
  | 'categorical_values_check';

/** One entry of `constraint_violations.json`; `description` gives the numbers. */
export interface DataQualityViolation {
  readonly feature_name: string;
  readonly constraint_check_type: DataQualityCheck;
  readonly description: string;
}

/** `constraint_violations.json`. */
export interface DataQualityViolations {
  readonly violations: readonly DataQualityViolation[];
}
