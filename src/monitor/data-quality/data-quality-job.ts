/**
 * The `DataQuality` monitoring job: profile the run's data, check it against the baseline, write
 * `statistics.json` and `constraint_violations.json` under `outputUri`, and answer the status,
 * the violation count and the metrics a schedule publishes (`feature_baseline_drift_<f>`,
 * `feature_non_null_<f>`). It never throws: a missing baseline, an unreadable file or an empty
 * window is a `Failed` result whose `failureReason` starts with the error's code, so the schedule
 * that ran it keeps running.
 */
import { asOwnGodwitError, GodwitError } from '../../core/errors.js';
import { type StoreOptions, storeForUri } from '../../store/index.js';
import type { DataQualityStatistics } from '../monitor-files.js';
import type {
  MonitoringDataset,
  MonitoringJob,
  MonitoringJobInput,
  MonitoringJobResult,
  MonitoringMetric,
} from '../monitoring-job.js';
import { readBaseline } from './baseline-files.js';
import { type CheckResult, checkStatistics, type TypeCounts } from './check/index.js';
import { statisticsText } from './profile/index.js';

/** What profiling a run's data set answers. */
export interface ProfiledData {
  readonly statistics: DataQualityStatistics;
  /** Lines or records skipped as malformed, with where they were. */
  readonly skipped: readonly { readonly where: string; readonly reason: string }[];
  /** Per feature, how many present values parsed as each type, when the profiler counts them. */
  readonly typeCounts?: ReadonlyMap<string, TypeCounts>;
}

/** Profiles the records of a run's data set (a capture window or a data set URI). */
export type DataProfiler = (dataset: MonitoringDataset, storeOptions?: StoreOptions) => Promise<ProfiledData>;

export function dataQualityJob(profile: DataProfiler): MonitoringJob {
  return { type: 'DataQuality', run: (input) => runDataQuality(input, profile) };
}

async function runDataQuality(input: MonitoringJobInput, profile: DataProfiler): Promise<MonitoringJobResult> {
  let skipped: ProfiledData['skipped'] = [];
  try {
    const baseline = await readBaseline(input.baseline, input.storeOptions);
    const profiled = await profile(input.dataset, input.storeOptions);
    skipped = profiled.skipped;
    if (profiled.statistics.dataset.item_count === 0) throw noData(input.dataset, skipped.length);
    const checked = checkStatistics(profiled.statistics, baseline.statistics, baseline.constraints, {
      typeCounts: profiled.typeCounts,
    });
    const files = await writeResults(input.outputUri, profiled.statistics, checked, input.storeOptions);
    const violationCount = checked.violations.violations.length;
    return {
      status: violationCount > 0 ? 'CompletedWithViolations' : 'Completed',
      violationCount,
      files,
      metrics: metricsOf(checked),
      skipped,
    };
  } catch (err) {
    const known = asOwnGodwitError(err);
    const reason = known ? `${known.code}: ${known.describe()}` : `E_INTERNAL: ${(err as Error)?.message ?? String(err)}`;
    return { status: 'Failed', failureReason: reason, violationCount: 0, files: [], metrics: [], skipped };
  }
}

function noData(dataset: MonitoringDataset, skippedCount: number): GodwitError {
  const where =
    dataset.kind === 'capture'
      ? `endpoint "${dataset.endpointName}"'s capture under ${dataset.captureUri} from ${dataset.start.toISOString()} to ${dataset.end.toISOString()}`
      : dataset.uri;
  const bad = skippedCount > 0 ? ` (${skippedCount} malformed line${skippedCount === 1 ? '' : 's'} skipped)` : '';
  return new GodwitError('E_DQ_NO_DATA', `No records to monitor in ${where}${bad}.`, {
    hint: 'Send traffic to the endpoint with data capture enabled, or widen the window; SageMaker fails such an execution too.',
  });
}

async function writeResults(
  outputUri: string,
  statistics: DataQualityStatistics,
  checked: CheckResult,
  storeOptions: StoreOptions | undefined,
): Promise<string[]> {
  const store = await storeForUri(outputUri, storeOptions);
  const files: [string, string][] = [
    ['statistics.json', statisticsText(statistics)],
    ['constraint_violations.json', `${JSON.stringify(checked.violations, null, 2)}\n`],
  ];
  for (const [key, text] of files) await store.put(key, text);
  return files.map(([key]) => store.uri(key));
}

/** `feature_non_null_<f>` and `feature_baseline_drift_<f>` for each feature that emits metrics. */
function metricsOf(checked: CheckResult): MonitoringMetric[] {
  const metrics: MonitoringMetric[] = [];
  for (const f of checked.features) {
    if (!f.emitMetrics) continue;
    metrics.push({ name: `feature_non_null_${f.name}`, value: f.completeness });
    if (f.distance !== undefined) metrics.push({ name: `feature_baseline_drift_${f.name}`, value: f.distance });
  }
  return metrics;
}
