/**
 * One execution of a schedule: record it `InProgress` (with a processing job DescribeProcessingJob
 * answers, as SageMaker runs each execution as one), run the kind's `MonitoringJob` over the
 * window, record how it ended and publish the event in that transaction, then the metrics. It
 * never throws for the job's sake: a job that throws, a missing kind or an endpoint without data
 * capture is a `Failed` execution with its reason, and the schedule runs on.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { EndpointCatalog } from '../../endpoints/endpoint-records.js';
import type { MetricStore } from '../../metrics/metric-store.js';
import type { StoreOptions } from '../../store/index.js';
import type { MonitoringDataset, MonitoringJobResult } from '../monitoring-job.js';
import { executionEvent } from './monitoring-events.js';
import type { MonitoringJobs } from './monitoring-jobs.js';
import { monitoringData } from './monitoring-metrics.js';
import { type ProcessingJobs, recordProcessingJob, settleProcessingJob } from './processing-record.js';
import { type SchedulePlan, windowOf } from './schedule-plan.js';
import type { ExecutionRecord, MonitoringCatalog, ScheduleRecord } from './schedule-records.js';

export interface RunDeps {
  readonly monitoring: MonitoringCatalog;
  readonly endpoints: Pick<EndpointCatalog, 'getEndpoint' | 'getEndpointConfig'>;
  readonly metrics: MetricStore;
  readonly processingJobs: ProcessingJobs;
  readonly jobs: MonitoringJobs;
  readonly clock: Clock;
  readonly storeOptions?: () => StoreOptions;
  readonly log: (line: string) => void;
}

/** Runs the period `scheduled` of a schedule; undefined when that period has already run. */
export async function runExecution(
  deps: RunDeps,
  schedule: ScheduleRecord,
  plan: SchedulePlan,
  scheduled: Date,
): Promise<ExecutionRecord | undefined> {
  const { start, end } = windowOf(plan, scheduled);
  const endpointName = plan.spec.source.kind === 'endpoint' ? plan.spec.source.endpointName : undefined;
  const started = await deps.monitoring.startExecution({
    id: processingJobName(schedule.name, scheduled),
    scheduleName: schedule.name,
    type: plan.type,
    ...(endpointName !== undefined && { endpointName }),
    ...(plan.definitionName !== undefined && { definitionName: plan.definitionName }),
    scheduledTime: scheduled,
    windowStart: start,
    windowEnd: end,
    outputUri: reportUri(plan.spec.outputUri, schedule.name, endpointName, scheduled),
  });
  if (!started) return undefined;
  const dataset = await datasetOf(deps, plan, start, end).catch((err: unknown) => err as Error);
  await recordProcessingJob(deps, started, plan, dataset instanceof Error ? undefined : dataset).catch((err) =>
    deps.log(`monitoring schedule ${schedule.name}: processing job ${started.id}: ${(err as Error).message}`),
  );
  const result = dataset instanceof Error ? failed(dataset) : await runJob(deps, plan, dataset, started.outputUri);
  const finished = await deps.monitoring.finishExecution(
    started.id,
    {
      status: result.status,
      files: result.files,
      violationCount: result.violationCount,
      ...(result.skipped.length > 0 && { skipped: result.skipped }),
      failureReason: result.failureReason,
    },
    (record) => executionEvent(record, deps.clock.now()),
  );
  await settleProcessingJob(deps, finished).catch((err) =>
    deps.log(`monitoring schedule ${schedule.name}: processing job ${started.id}: ${(err as Error).message}`),
  );
  if (metricsEnabled(plan))
    await deps.metrics
      .put(monitoringData(plan.type, schedule.name, endpointName, result.metrics, deps.clock.now()))
      .catch((err) => deps.log(`monitoring schedule ${schedule.name}: metrics: ${(err as Error).message}`));
  return finished;
}

async function runJob(deps: RunDeps, plan: SchedulePlan, dataset: MonitoringDataset, outputUri: string) {
  const load = deps.jobs[plan.type];
  if (!load)
    return failed(
      new GodwitError('E_MONITOR_JOB_UNAVAILABLE', `No ${plan.type} monitoring job is registered in this Godwit server.`),
    );
  try {
    const job = await load();
    return await job.run({
      type: plan.type,
      dataset,
      ...(plan.spec.baseline && { baseline: plan.spec.baseline }),
      outputUri,
      config: plan.spec.config,
      clock: deps.clock,
      ...(deps.storeOptions && { storeOptions: deps.storeOptions() }),
    });
  } catch (err) {
    return failed(err as Error);
  }
}

/** The endpoint's data capture over the window, or the batch transform output's prefix. */
async function datasetOf(deps: RunDeps, plan: SchedulePlan, start: Date, end: Date): Promise<MonitoringDataset> {
  const source = plan.spec.source;
  if (source.kind === 'batch')
    return {
      kind: 'dataset',
      uri: source.uri,
      format: source.format,
      ...(source.header !== undefined && { header: source.header }),
    };
  const endpoint = await deps.endpoints.getEndpoint(source.endpointName);
  if (!endpoint) throw new GodwitError('E_MONITOR_VALIDATION', `Endpoint "${source.endpointName}" no longer exists.`);
  const config = await deps.endpoints.getEndpointConfig(endpoint.configName);
  const capture = config?.dataCapture;
  if (!capture?.enableCapture)
    throw new GodwitError(
      'E_MONITOR_VALIDATION',
      `Endpoint "${source.endpointName}" has no data capture enabled (its config ${endpoint.configName} has no DataCaptureConfig with EnableCapture).`,
    );
  return { kind: 'capture', captureUri: capture.destinationS3Uri, endpointName: source.endpointName, start, end };
}

function failed(err: Error): MonitoringJobResult {
  const code = err instanceof GodwitError ? err.code : 'E_INTERNAL';
  return { status: 'Failed', failureReason: `${code}: ${err.message}`, violationCount: 0, files: [], metrics: [], skipped: [] };
}

/** `publish_cloudwatch_metrics` set to `Disabled` in the definition's environment turns them off, as SageMaker's containers read it. */
function metricsEnabled(plan: SchedulePlan): boolean {
  const config = plan.spec.config as Record<string, Record<string, unknown> | undefined>;
  const app = config[`${plan.type}AppSpecification`] ?? config.MonitoringAppSpecification;
  const env = (app?.Environment ?? config.Environment) as Record<string, string> | undefined;
  return env?.publish_cloudwatch_metrics !== 'Disabled';
}

/** SageMaker's processing job names for executions: `model-monitoring-<yyyyMMddHHmm>-<24 hex>`. */
export function processingJobName(schedule: string, scheduled: Date): string {
  const stamp = scheduled.toISOString().slice(0, 16).replace(/[-T:]/g, '');
  const hash = createHash('sha256').update(`${schedule}\n${scheduled.toISOString()}`).digest('hex').slice(0, 24);
  return `model-monitoring-${stamp}-${hash}`;
}

/** Reports go under `<S3Uri>/<endpoint>/<schedule>/yyyy/mm/dd/hh/`, as Model Monitor lays them out. */
export function reportUri(base: string, schedule: string, endpoint: string | undefined, scheduled: Date): string {
  const iso = scheduled.toISOString();
  const parts = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13)];
  return `${[base.replace(/\/+$/, ''), ...(endpoint !== undefined ? [endpoint] : []), schedule, ...parts].join('/')}/`;
}
