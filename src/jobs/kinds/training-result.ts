/**
 * What a finished training run gives DescribeTrainingJob, and what SageMaker's service does
 * after the container exits: `/opt/ml/model` is uploaded as `<S3OutputPath>/<job>/output/model.tar.gz`
 * (`ModelArtifacts.S3ModelArtifacts`), `/opt/ml/output/data` as `output.tar.gz` beside it when
 * the script wrote anything there, and checkpoints mirrored for a remote CheckpointConfig go back
 * to their URI. `FinalMetricDataList` holds the last value of each metric definition;
 * `FailureReason` is SageMaker's `AlgorithmError: <the script's /opt/ml/output/failure>`.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../../runs/run-report.js';
import { writeTarGz } from '../../runtime/contracts/tar.js';
import { localPathFor } from '../../runtime/workspace.js';
import { epochSeconds } from '../../server/aws/aws-input.js';
import { objectIn, uploadDir } from '../../store/index.js';
import type { PlanContext } from '../job-kind.js';
import type { JobRecord } from '../job-records.js';
import { CHECKPOINT_MIRROR, withSlash } from './training-plan.js';
import { readTrainingRequest } from './training-request.js';

/** SageMaker keeps at most this much of the failure file in FailureReason. */
const FAILURE_REASON_LIMIT = 1024;

export async function trainingResult(job: JobRecord, run: RunReport, context: PlanContext): Promise<Record<string, unknown>> {
  const request = readTrainingRequest(job.request);
  const step = run.steps.find((s) => s.name === request.name);
  const attempt = step?.attemptsDetail.at(-1);
  const workspace = attempt ? join(run.runDir, 'steps', request.name, `attempt-${attempt.attempt}`) : undefined;
  const jobPrefix = `${withSlash(request.outputPath)}${request.name}/output/`;
  const out: Record<string, unknown> = {};

  const model = run.artifacts.find((a) => a.step === request.name && a.name === 'model');
  if (model && step?.status !== 'failed') {
    await copyObject(`${model.uri}model.tar.gz`, `${jobPrefix}model.tar.gz`, context);
    out.ModelArtifacts = { S3ModelArtifacts: `${jobPrefix}model.tar.gz` };
  }
  // SageMaker names output.tar.gz in no Describe field; it is simply there, beside the model.
  if (workspace) await uploadOutputData(workspace, `${jobPrefix}output.tar.gz`, context);
  if (request.checkpoint && !/^file:\/\//i.test(request.checkpoint.uri)) {
    const { store, key } = await objectIn(withSlash(request.checkpoint.uri), context.storeOptions);
    await uploadDir(store, join(context.stagingDir, CHECKPOINT_MIRROR), key);
  }

  const at = step?.endedAt ?? (run.endedAt ? new Date(run.endedAt) : new Date());
  const defined = new Set(request.metricDefinitions.map((m) => m.Name));
  const metrics = run.metrics.filter((m) => m.step === request.name);
  out.FinalMetricDataList = metrics
    .filter((m) => defined.has(m.name))
    .map((m) => ({ MetricName: m.name, Value: m.value, Timestamp: epochSeconds(at) }));
  Object.assign(out, times(step, metrics, request.spot));
  if (step?.status === 'failed' && workspace) out.FailureReason = await failureReason(workspace, attempt);
  return out;
}

/** Training and billable seconds: the step's span, or under spot what the contract measured. */
function times(
  step: RunReport['steps'][number] | undefined,
  metrics: RunReport['metrics'],
  spot: boolean,
): Record<string, number> {
  if (!step?.startedAt) return {};
  const measured = (name: string) => metrics.find((m) => m.name === name)?.value;
  const span = ((step.endedAt ?? new Date()).getTime() - step.startedAt.getTime()) / 1000;
  const training = spot ? (measured('TrainingTimeInSeconds') ?? span) : span;
  const billable = spot ? (measured('BillableTimeInSeconds') ?? span) : span;
  // SageMaker reports whole seconds and bills at least one.
  return { TrainingTimeInSeconds: Math.max(1, Math.round(training)), BillableTimeInSeconds: Math.max(1, Math.round(billable)) };
}

/**
 * `AlgorithmError: <failure file>, exit code: N` as SageMaker words it; without a failure file,
 * Godwit's own account of the failure (the log's last lines) stands where SageMaker says
 * "See job logs for more information".
 */
export async function failureReason(
  workspace: string,
  attempt: { error?: string; exitCode?: number } | undefined,
): Promise<string> {
  const reported = (await readFile(localPathFor(workspace, '/opt/ml/output/failure'), 'utf8').catch(() => '')).trim();
  const exit = attempt?.exitCode === undefined ? '' : `, exit code: ${attempt.exitCode}`;
  if (reported) return `AlgorithmError: ${reported.slice(0, FAILURE_REASON_LIMIT)}${exit}`;
  return `AlgorithmError: ${(attempt?.error ?? 'See job logs for more information').slice(0, FAILURE_REASON_LIMIT)}`;
}

async function copyObject(from: string, to: string, context: PlanContext): Promise<void> {
  const source = await objectIn(from, context.storeOptions);
  const target = await objectIn(to, context.storeOptions);
  const temp = await mkdtemp(join(context.stagingDir, 'copy-'));
  try {
    await source.store.getToFile(source.key, join(temp, 'object'));
    await target.store.putFile(target.key, join(temp, 'object'));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Packs `/opt/ml/output/data` into output.tar.gz at `to`, when the script wrote anything there. */
async function uploadOutputData(workspace: string, to: string, context: PlanContext): Promise<boolean> {
  const data = localPathFor(workspace, '/opt/ml/output/data');
  if ((await readdir(data).catch(() => [])).length === 0) return false;
  const temp = await mkdtemp(join(context.stagingDir, 'output-'));
  try {
    await writeTarGz(data, join(temp, 'output.tar.gz'));
    const target = await objectIn(to, context.storeOptions);
    await target.store.putFile(target.key, join(temp, 'output.tar.gz'));
    return true;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
