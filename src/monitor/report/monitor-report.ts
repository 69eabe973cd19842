/**
 * A monitoring report: one execution against its baseline, with earlier executions for the
 * trends. Built from files only (execution-files.ts), so it reads Godwit's output and SageMaker's
 * alike; `renderReportHtml` and `reportTable` draw it.
 */
import type { DataQualityStatistics } from '../monitor-files.js';
import type { ExecutionFiles } from './execution-files.js';
import { type FeatureSummary, summarise } from './feature-summary.js';

export interface MonitorReport {
  readonly execution: ExecutionFiles;
  readonly baseline?: ExecutionFiles;
  readonly features: readonly FeatureSummary[];
  /** Earlier executions, oldest first, then this one: the x axis of the trend charts. */
  readonly timeline: readonly ExecutionFiles[];
  /** Per feature, its drift distance in each timeline execution (undefined: not profiled there). */
  readonly drift: ReadonlyMap<string, readonly (number | undefined)[]>;
  /** Per model-quality metric, its value in each timeline execution. */
  readonly metrics: ReadonlyMap<string, readonly (number | undefined)[]>;
  /** `comparison_threshold` of the baseline's constraints (SageMaker's default 0.1 when absent). */
  readonly threshold?: number;
}

export interface ReportInput {
  readonly execution: ExecutionFiles;
  readonly baseline?: ExecutionFiles;
  /** Earlier executions in time order. */
  readonly history?: readonly ExecutionFiles[];
}

const DEFAULT_THRESHOLD = 0.1;

export function buildReport({ execution, baseline, history = [] }: ReportInput): MonitorReport {
  const timeline = [...history, execution];
  const base = baseline?.statistics;
  const constraints = baseline?.constraints ?? execution.constraints;
  const features = summarise(base, execution.statistics, execution.violations?.violations ?? [], constraints);
  const rows = timeline.map((e) => summarise(base, e.statistics, e.violations?.violations ?? [], constraints));
  const drift = new Map<string, (number | undefined)[]>();
  for (const name of features.map((f) => f.name)) {
    const values = rows.map((row) => row.find((f) => f.name === name)?.distance);
    if (values.some((v) => v !== undefined)) drift.set(name, values);
  }
  const metricNames = [...new Set(timeline.flatMap((e) => Object.keys(e.metrics)))];
  const metrics = new Map(metricNames.map((m) => [m, timeline.map((e) => e.metrics[m])]));
  return { execution, baseline, features, timeline, drift, metrics, threshold: thresholdOf(baseline, execution) };
}

function thresholdOf(baseline: ExecutionFiles | undefined, execution: ExecutionFiles): number | undefined {
  const constraints = baseline?.constraints ?? execution.constraints;
  if (!constraints && !baseline?.statistics) return undefined;
  const dist = constraints?.monitoring_config?.distribution_constraints;
  return dist?.comparison_threshold ?? DEFAULT_THRESHOLD;
}

/** The statistics a feature's distribution chart compares. */
export function featureSides(report: MonitorReport, name: string) {
  const find = (s: DataQualityStatistics | undefined) => s?.features.find((f) => f.name === name);
  return { baseline: find(report.baseline?.statistics), current: find(report.execution.statistics) };
}
