import { systemClock } from '../../core/clock.js';
import { parseSince } from '../../metrics/endpoint-metrics-report.js';
import {
  type ModelQualityConfig,
  metricsToPublish,
  modelQualityConfig,
  modelQualityJob,
  suggestModelQualityBaseline,
} from '../../monitor/model-quality/index.js';
import type { MonitoringDataset, MonitoringJobResult } from '../../monitor/monitoring-job.js';
import { storeOptionsFor } from '../artifact-location.js';
import { type CliIo, EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { monitorModelQualityOptions } from '../spec/monitor-model-quality-specs.js';

type Flags = Values<typeof monitorModelQualityOptions>;

/** `godwit monitor model-quality baseline|run`: thin over src/monitor/model-quality. */
export const monitorModelQualityCommand: Handler<typeof monitorModelQualityOptions> = {
  async run({ values, positionals: [action], io }) {
    const storeOptions = await storeOptionsFor(
      io,
      [values.dataset, values.capture, values['ground-truth'], values.output!].filter((u) => u !== undefined),
    );
    const config = modelQualityConfig(jobConfig(values));
    if (action === 'baseline') return baseline(values, config, storeOptions, io);
    const dataset = datasetOf(values);
    const result = await modelQualityJob({ storeOptions }).run({
      type: 'ModelQuality',
      dataset,
      outputUri: values.output!,
      baseline: values.constraints ? { constraintsUri: values.constraints } : undefined,
      config: jobConfig(values),
      clock: systemClock,
    });
    report(io, result, values.json === true);
    return result.status === 'Failed' ? EXIT.failed : EXIT.ok;
  },
};

/** The flags in SageMaker's job-definition JSON, so the CLI and a schedule read one configuration. */
function jobConfig(values: Flags): Record<string, unknown> {
  const threshold = values['probability-threshold'];
  if (threshold !== undefined && !Number.isFinite(Number(threshold))) {
    throw new UsageError(`--probability-threshold "${threshold}" is not a number.`);
  }
  return {
    ProblemType: values['problem-type'],
    InferenceAttribute: values['inference-attribute'],
    ProbabilityAttribute: values['probability-attribute'],
    ProbabilityThresholdAttribute: threshold === undefined ? undefined : Number(threshold),
    GroundTruthAttribute: values['ground-truth-attribute'],
    GroundTruthS3Input: values['ground-truth'] ? { S3Uri: values['ground-truth'] } : undefined,
  };
}

function datasetOf(values: Flags): MonitoringDataset {
  if (values.dataset)
    return { kind: 'dataset', uri: values.dataset, format: (values.format ?? 'csv') as 'csv', header: values.header };
  if (!values.endpoint || !values.capture) throw new UsageError('run needs --endpoint and --capture (or a --dataset).');
  const now = new Date();
  const end = values.end ? parseSince(values.end, now) : now;
  return {
    kind: 'capture',
    captureUri: values.capture,
    endpointName: values.endpoint,
    start: parseSince(values.start ?? '1h', now),
    end,
  };
}

async function baseline(values: Flags, config: ModelQualityConfig, storeOptions: object, io: CliIo): Promise<number> {
  if (!values.dataset) throw new UsageError('baseline needs --dataset.');
  const result = await suggestModelQualityBaseline({
    dataset: { uri: values.dataset, format: (values.format ?? 'csv') as 'csv', header: values.header },
    config,
    outputUri: values.output!,
    clock: systemClock,
    storeOptions,
  });
  if (values.json) {
    json(io, {
      files: result.files,
      rows: result.rows,
      skipped: result.skippedCount,
      statistics: result.statistics,
      constraints: result.constraints,
    });
    return EXIT.ok;
  }
  const metrics = metricsToPublish(result.statistics);
  write(
    io.stdout,
    table(
      ['METRIC', 'VALUE'],
      metrics.map((m) => [m.name, String(m.value)]),
    ),
  );
  write(io.stdout, `${result.rows} rows, ${result.statistics.dataset.item_count} measured, ${result.skippedCount} skipped.`);
  for (const file of result.files) write(io.stdout, `wrote ${file}`);
  return EXIT.ok;
}

function report(io: CliIo, result: MonitoringJobResult, asJson: boolean): void {
  if (asJson) {
    json(io, result);
    return;
  }
  write(io.stdout, `Status: ${result.status}${result.failureReason ? ` (${result.failureReason})` : ''}`);
  if (result.metrics.length > 0)
    write(
      io.stdout,
      table(
        ['METRIC', 'VALUE'],
        result.metrics.map((m) => [m.name, String(m.value)]),
      ),
    );
  if (result.violationCount > 0)
    write(io.stdout, `${result.violationCount} constraint violation(s): see constraint_violations.json.`);
  for (const skip of result.skipped.slice(0, 10)) write(io.stderr, `skipped ${skip.where}: ${skip.reason}`);
  if (result.skipped.length > 10) write(io.stderr, `… and more skipped lines (ground_truth_merge.json counts them).`);
  for (const file of result.files) write(io.stdout, `wrote ${file}`);
}
