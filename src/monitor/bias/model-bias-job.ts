/**
 * The `ModelBias` monitoring job. A schedule hands it either a data set (CSV or JSON Lines with
 * the label, facet and predicted-label columns) or an endpoint's captured data for a window, which
 * it merges with the ground truth at `GroundTruthS3Input.S3Uri` (see captured-table.ts). `config`
 * is Clarify's analysis config (`biasConfigFromClarify`) with the endpoint input's attributes beside
 * it, flat or in `CreateModelBiasJobDefinition`'s `ModelBiasJobInput` shape; a baseline
 * `analysis.json` comes as `baseline.constraintsUri`. It writes `analysis.json` (and
 * `constraint_violations.json` with `bias_drift_check` violations when there is a baseline) and
 * publishes every computed metric as `bias_metric_<NAME>`, SageMaker's CloudWatch name. It never
 * throws: bad input is a `Failed` result whose `failureReason` starts with the error code.
 */
import { asGodwitError, GodwitError } from '../../core/errors.js';
import type { StoreOptions } from '../../store/index.js';
import type { MonitoringJob, MonitoringJobInput, MonitoringJobResult, MonitoringMetric } from '../monitoring-job.js';
import type { BiasAnalysis } from './analysis-file.js';
import { type BiasConfig, biasConfigFromClarify } from './bias-config.js';
import { analyseTable, type BiasRunResult, runBias } from './bias-run.js';
import { capturedTable, PREDICTED_COLUMN } from './captured-table.js';

// SageMaker publishes ±infinity as this number (clarify-model-monitor-bias-drift-cw).
const CLOUDWATCH_INFINITY = 2.348543e108;

type Json = Readonly<Record<string, unknown>>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** The job; `storeOptions` reach S3 or GCS where the data, baseline and output live. */
export function modelBiasJob(options: { storeOptions?: StoreOptions } = {}): MonitoringJob {
  return {
    type: 'ModelBias',
    async run(input: MonitoringJobInput): Promise<MonitoringJobResult> {
      try {
        const jobInput = obj(input.config.ModelBiasJobInput);
        const flat = { ...obj(jobInput.BatchTransformInput), ...obj(jobInput.EndpointInput), ...input.config };
        const config = biasConfigFromClarify(flat);
        const { result, skipped } = await runOn(
          input,
          config,
          groundTruthUri(input.config),
          options.storeOptions ?? input.storeOptions,
        );
        const violationCount = result.violations?.violations.length ?? 0;
        return {
          status: violationCount > 0 ? 'CompletedWithViolations' : 'Completed',
          violationCount,
          files: result.files,
          metrics: publishedMetrics(result.analysis),
          skipped,
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
}

async function runOn(input: MonitoringJobInput, config: BiasConfig, groundTruth: string | undefined, store?: StoreOptions) {
  const common = { config, baselineUri: input.baseline?.constraintsUri, outputUri: input.outputUri, store };
  const { dataset } = input;
  if (dataset.kind === 'dataset') {
    if (dataset.format === 'parquet') {
      throw new GodwitError('E_BIAS_DATASET', `The bias job reads CSV or JSON Lines data sets, not Parquet (${dataset.uri}).`, {
        hint: 'Export the data set as CSV or JSON Lines.',
      });
    }
    return { result: await runBias({ ...common, datasetUri: dataset.uri, format: dataset.format }), skipped: [] };
  }
  if (!groundTruth) {
    throw new GodwitError('E_BIAS_CONFIG', 'A bias run on captured data needs GroundTruthS3Input.S3Uri.', {
      hint: 'Upload labels with godwit monitor ground-truth upload and give their folder.',
    });
  }
  const merged = await capturedTable(
    { ...dataset, groundTruthUri: groundTruth, clock: input.clock, storeOptions: store },
    config,
  );
  const window = `endpoint "${dataset.endpointName}" in [${dataset.start.toISOString()}, ${dataset.end.toISOString()})`;
  if (merged.table.rowCount === 0) {
    throw new GodwitError(
      'E_BIAS_DATASET',
      `No row to analyse: ${merged.captured} captured requests of ${window}, ${merged.withoutGroundTruth} without ground truth, ${merged.skipped.length} skipped.`,
      { hint: 'Ground truth must carry the captured inferenceId (or eventId) as eventMetadata.eventId.' },
    );
  }
  const captured: BiasConfig = { ...config, predictedLabel: PREDICTED_COLUMN, probability: undefined };
  const result: BiasRunResult = await analyseTable(merged.table, `the captured data of ${window}`, {
    ...common,
    config: captured,
  });
  return { result, skipped: merged.skipped };
}

function groundTruthUri(config: Json): string | undefined {
  const uri = obj(config.GroundTruthS3Input).S3Uri ?? obj(obj(config.ModelBiasJobInput).GroundTruthS3Input).S3Uri;
  return typeof uri === 'string' && uri !== '' ? uri : undefined;
}

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
