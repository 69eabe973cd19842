/**
 * The `ModelQuality` monitoring job: merges a window of captured predictions with ground truth (or
 * reads a data set holding both), computes the problem type's metrics into `statistics.json`,
 * checks them against the baseline's `constraints.json` into `constraint_violations.json`, and
 * answers with the metrics to publish under SageMaker's names (`mae`, `f1`, `auc`, …). It also
 * writes `ground_truth_merge.json` (Godwit's own): how many requests and labels matched. Never
 * throws: a bad configuration, an unreadable baseline or a window with nothing to measure is a
 * `Failed` result whose `failureReason` starts with the error's code.
 */
import { asGodwitError, GodwitError } from '../../core/errors.js';
import { objectIn, type StoreOptions, storeForUri } from '../../store/index.js';
import { hoursOverlapping, type SkippedLine, scanCapture } from '../capture-reader/index.js';
import type { MonitoringJob, MonitoringJobInput, MonitoringJobResult, MonitoringMetric } from '../monitoring-job.js';
import { checkConstraints, problemOf } from './constraints.js';
import { readDataset } from './dataset.js';
import { readGroundTruth } from './ground-truth.js';
import { type ModelQualityConfig, modelQualityConfig } from './job-config.js';
import { type MergeSummary, mergeWithGroundTruth } from './merge.js';
import type { ModelQualityConstraints, ModelQualityStatistics } from './model-quality-files.js';
import { sectionsOf } from './model-quality-files.js';
import { Observations } from './observations.js';

export interface ModelQualityJobOptions {
  /** How to reach `s3://` and `gs://` URIs (the server's configuration). */
  readonly storeOptions?: StoreOptions;
}

export function modelQualityJob(options: ModelQualityJobOptions = {}): MonitoringJob {
  return { type: 'ModelQuality', run: (input) => runModelQuality(input, options.storeOptions ?? input.storeOptions) };
}

interface RunState {
  readonly skipped: SkippedLine[];
  skippedCount: number;
  readonly files: string[];
}

async function runModelQuality(input: MonitoringJobInput, storeOptions?: StoreOptions): Promise<MonitoringJobResult> {
  const state: RunState = { skipped: [], skippedCount: 0, files: [] };
  try {
    const config = modelQualityConfig(input.config);
    const observations = new Observations(config);
    const summary = await collect(input, config, observations, state, storeOptions);
    const out = await storeForUri(input.outputUri, storeOptions);
    const write = async (name: string, body: unknown) => {
      await out.put(name, `${JSON.stringify(body, null, 2)}\n`);
      state.files.push(out.uri(name));
    };
    if (summary) await write('ground_truth_merge.json', { ...summary, skipped: state.skippedCount });
    if (observations.count === 0) throw noData(input, summary);
    const statistics = observations.statistics(input.clock.now());
    await write('statistics.json', statistics);
    let violations = 0;
    if (input.baseline?.constraintsUri) {
      const found = checkConstraints(statistics, await readConstraints(input.baseline.constraintsUri, storeOptions));
      await write('constraint_violations.json', { violations: found });
      violations = found.length;
    }
    const status = violations > 0 ? 'CompletedWithViolations' : 'Completed';
    return {
      status,
      violationCount: violations,
      files: state.files,
      metrics: metricsToPublish(statistics),
      skipped: state.skipped,
    };
  } catch (err) {
    const error = asGodwitError(err);
    const failureReason = `${error.code}: ${error.message}`;
    return { status: 'Failed', failureReason, violationCount: 0, files: state.files, metrics: [], skipped: state.skipped };
  }
}

/** Fills `observations` from the window (merged with ground truth) or the data set. */
async function collect(
  input: MonitoringJobInput,
  config: ModelQualityConfig,
  observations: Observations,
  state: RunState,
  storeOptions?: StoreOptions,
): Promise<MergeSummary | undefined> {
  const onSkip = (where: string, reason: string) => {
    state.skippedCount++;
    if (state.skipped.length < 1_000) state.skipped.push({ where, reason });
  };
  const dataset = input.dataset;
  if (dataset.kind === 'dataset') {
    if (dataset.format === 'parquet') {
      throw new GodwitError(
        'E_MODEL_QUALITY_DATASET',
        `Model quality reads CSV or JSON Lines data sets, not Parquet (${dataset.uri}).`,
        {
          hint: 'Export the labels and predictions as CSV with a header, or JSON Lines.',
        },
      );
    }
    await readDataset(
      { uri: dataset.uri, format: dataset.format, header: dataset.header, storeOptions, onSkip },
      config,
      observations,
    );
    return undefined;
  }
  if (!config.groundTruthUri) {
    throw new GodwitError('E_MODEL_QUALITY_CONFIG', 'A model-quality run on captured data needs GroundTruthS3Input.S3Uri.', {
      hint: 'Upload labels with godwit monitor ground-truth upload and give their folder.',
    });
  }
  const scan = scanCapture({ ...dataset, storeOptions });
  // Labels are collected after the requests: read their folders from the window's start to now.
  const until = new Date(Math.max(input.clock.now().getTime(), dataset.end.getTime()));
  const hours = hoursOverlapping(dataset.start, new Date(until.getTime() + 1));
  const truth = await readGroundTruth({ uri: config.groundTruthUri, hours, storeOptions, onSkip });
  const summary = await mergeWithGroundTruth(scan, truth.labels, config, observations);
  for (const skip of scan.skipped) onSkip(skip.where, skip.reason);
  state.skippedCount += scan.stats().skipped - scan.skipped.length;
  return summary;
}

function noData(input: MonitoringJobInput, summary: MergeSummary | undefined): GodwitError {
  const dataset = input.dataset;
  const what =
    dataset.kind === 'capture'
      ? `${summary?.captured ?? 0} captured requests of ${dataset.endpointName} in [${dataset.start.toISOString()}, ${dataset.end.toISOString()}), ${summary?.capturedWithoutGroundTruth ?? 0} without ground truth`
      : `the data set ${dataset.uri}`;
  return new GodwitError('E_MODEL_QUALITY_NO_DATA', `No record with both a prediction and a label to measure: ${what}.`, {
    hint: "Check the window, that ground truth was uploaded with the requests' inferenceId (or eventId), and the skipped lines.",
  });
}

async function readConstraints(uri: string, storeOptions?: StoreOptions): Promise<ModelQualityConstraints> {
  const { store, key } = await objectIn(uri, storeOptions);
  try {
    return JSON.parse((await store.get(key)).toString('utf8')) as ModelQualityConstraints;
  } catch (err) {
    if (err instanceof GodwitError) throw err;
    throw new GodwitError('E_MODEL_QUALITY_CONSTRAINTS', `The constraints at ${uri} are not JSON.`, {
      hint: 'Give the constraints.json a model-quality baseline wrote.',
    });
  }
}

/** Every scalar metric with a value, under the name SageMaker publishes it by. */
export function metricsToPublish(statistics: ModelQualityStatistics): MonitoringMetric[] {
  const problem = problemOf(statistics);
  if (!problem) return [];
  const metrics = statistics[sectionsOf(problem).metrics] as unknown as Record<string, { value?: unknown }>;
  return Object.entries(metrics)
    .filter(([, metric]) => typeof metric?.value === 'number')
    .map(([name, metric]) => ({ name, value: metric.value as number }));
}
