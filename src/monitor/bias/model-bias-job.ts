/**
 * The `ModelBias` monitoring job: a schedule hands it a data set (CSV or JSON Lines with the label,
 * facet and predicted-label columns), the bias analysis config in `config` (Clarify's analysis
 * config fields, see `biasConfigFromClarify`) and optionally a baseline `analysis.json` as
 * `baseline.constraintsUri`. It writes `analysis.json` (and `constraint_violations.json` with
 * `bias_drift_check` violations when there is a baseline) and publishes every computed metric as
 * `bias_metric_<NAME>`, SageMaker's CloudWatch name. It never throws: bad input is a `Failed`
 * result whose `failureReason` starts with the error code.
 */
import { asGodwitError, GodwitError } from '../../core/errors.js';
import type { MonitoringJob, MonitoringJobInput, MonitoringJobResult, MonitoringMetric } from '../monitoring-job.js';
import type { BiasAnalysis } from './analysis-file.js';
import { biasConfigFromClarify } from './bias-config.js';
import { runBias } from './bias-run.js';

// SageMaker publishes ±infinity as this number (clarify-model-monitor-bias-drift-cw).
const CLOUDWATCH_INFINITY = 2.348543e108;

export const modelBiasJob: MonitoringJob = {
  type: 'ModelBias',
  async run(input: MonitoringJobInput): Promise<MonitoringJobResult> {
    try {
      const { dataset } = input;
      if (dataset.kind !== 'dataset' || dataset.format === 'parquet') {
        const what = dataset.kind === 'capture' ? `captured data of endpoint "${dataset.endpointName}"` : 'a Parquet data set';
        throw new GodwitError('E_BIAS_DATASET', `The bias job reads CSV or JSON Lines data sets, not ${what}.`, {
          hint: 'Give the merged data (features, label and predicted label per row) as a CSV or JSON Lines data set.',
        });
      }
      const result = await runBias({
        datasetUri: dataset.uri,
        format: dataset.format,
        config: biasConfigFromClarify(input.config),
        baselineUri: input.baseline?.constraintsUri,
        outputUri: input.outputUri,
      });
      const violationCount = result.violations?.violations.length ?? 0;
      return {
        status: violationCount > 0 ? 'CompletedWithViolations' : 'Completed',
        violationCount,
        files: result.files,
        metrics: publishedMetrics(result.analysis),
        skipped: [],
      };
    } catch (err) {
      const e = asGodwitError(err);
      return {
        status: 'Failed',
        failureReason: `${e.code}: ${e.message}`,
        violationCount: 0,
        files: [],
        metrics: [],
        skipped: [],
      };
    }
  },
};

/** Every metric with a value, as `bias_metric_<NAME>` (metrics without a value are not published). */
export function publishedMetrics(analysis: BiasAnalysis): MonitoringMetric[] {
  const metrics: MonitoringMetric[] = [];
  for (const section of [analysis.pre_training_bias_metrics, analysis.post_training_bias_metrics]) {
    for (const groups of Object.values(section?.facets ?? {})) {
      for (const g of groups) {
        for (const m of g.metrics) {
          if (m.value === null || Number.isNaN(m.value)) continue;
          const value = Number.isFinite(m.value) ? m.value : Math.sign(m.value) * CLOUDWATCH_INFINITY;
          metrics.push({ name: `bias_metric_${m.name}`, value });
        }
      }
    }
  }
  return metrics;
}
