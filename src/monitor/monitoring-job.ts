/**
 * The contract between a monitoring schedule and the kind of check it runs. A schedule (or
 * `godwit monitor run`, or a pipeline's quality-check step) hands a job one window of data and a
 * baseline; the job computes its statistics, checks them, writes SageMaker's files under
 * `outputUri` and answers with what the schedule records and publishes. A job never throws for
 * bad data: malformed lines, missing columns and empty windows become a `Failed` result (with a
 * coded `failureReason`) or documented violations, so a schedule keeps running.
 */
import type { Clock } from '../core/clock.js';

/** SageMaker's `MonitoringType`. */
export type MonitoringType = 'DataQuality' | 'ModelQuality' | 'ModelBias' | 'ModelExplainability';

/** Where a run's data comes from. */
export type MonitoringDataset =
  /**
   * Data capture of a real-time endpoint: every `*.jsonl` under
   * `<captureUri>/<endpoint>/<variant>/yyyy/mm/dd/hh/` whose hour overlaps [start, end), and
   * within them the records whose `inferenceTime` falls in [start, end).
   */
  | {
      readonly kind: 'capture';
      readonly captureUri: string;
      readonly endpointName: string;
      readonly start: Date;
      readonly end: Date;
    }
  /** A data set (a file or a prefix of files), e.g. batch transform output or a baseline. */
  | {
      readonly kind: 'dataset';
      readonly uri: string;
      readonly format: 'csv' | 'jsonl' | 'parquet';
      readonly header?: boolean;
    };

export interface MonitoringJobInput {
  readonly type: MonitoringType;
  readonly dataset: MonitoringDataset;
  /** URI of the baseline `statistics.json` (data quality) and `constraints.json` / `analysis.json`. */
  readonly baseline?: { readonly statisticsUri?: string; readonly constraintsUri?: string };
  /** Folder the job writes its files into (`statistics.json`, `constraint_violations.json`, …). */
  readonly outputUri: string;
  /**
   * The job definition's kind-specific settings, in SageMaker's JSON (e.g. a model-quality
   * job's `ProblemType`, `InferenceAttribute`, `GroundTruthS3Input`; a bias job's analysis config).
   */
  readonly config: Readonly<Record<string, unknown>>;
  readonly clock: Clock;
}

/**
 * A metric the run publishes. The schedule puts it in SageMaker's namespace for the type (for
 * data quality on an endpoint, `/aws/sagemaker/Endpoints/data-metric` with `EndpointName` and
 * `ScheduleName` dimensions).
 */
export interface MonitoringMetric {
  /** E.g. `feature_baseline_drift_Length`, `feature_non_null_Length`, `mae`, `DPPL`. */
  readonly name: string;
  readonly value: number;
  /**
   * Dimensions beyond the schedule's own, where SageMaker's metric has them (explainability:
   * `Label`, `ValueType`, `ExplainabilityMethod`); absent for most metrics.
   */
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** SageMaker's `MonitoringExecutionStatus` values a finished run can have. */
export type MonitoringRunStatus = 'Completed' | 'CompletedWithViolations' | 'Failed';

export interface MonitoringJobResult {
  readonly status: MonitoringRunStatus;
  /** Set when `status` is `Failed`: `E_…: what went wrong`, as SageMaker's `FailureReason`. */
  readonly failureReason?: string;
  readonly violationCount: number;
  /** URIs of the files written under `outputUri`. */
  readonly files: readonly string[];
  readonly metrics: readonly MonitoringMetric[];
  /** Lines or records skipped as malformed, with where they were (`<uri>:<line>`). */
  readonly skipped: readonly { readonly where: string; readonly reason: string }[];
}

export interface MonitoringJob {
  readonly type: MonitoringType;
  run(input: MonitoringJobInput): Promise<MonitoringJobResult>;
}
