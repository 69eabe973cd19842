/**
 * What a finished processing run gives DescribeProcessingJob, and what SageMaker's service does
 * after the container exits: each output's `LocalPath` is uploaded to its `S3Uri` (here: the
 * step's output artifact is copied there, every file at its path relative to the folder).
 * `ExitMessage` is what the script wrote to `/opt/ml/output/message` (or, failing, to
 * `/opt/ml/output/failure`); `FailureReason` is SageMaker's `AlgorithmError: …` wording.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../../runs/run-report.js';
import { localPathFor } from '../../runtime/workspace.js';
import type { PlanContext } from '../job-kind.js';
import type { JobRecord } from '../job-records.js';
import { copyPrefix } from './copy-prefix.js';
import { irName } from './job-plan.js';
import { readProcessingRequest } from './processing-request.js';
import { failureReason } from './training-result.js';

/** SageMaker keeps at most 1 KB of a container's exit message. */
const EXIT_MESSAGE_LIMIT = 1024;

export async function processingResult(job: JobRecord, run: RunReport, context: PlanContext): Promise<Record<string, unknown>> {
  const request = readProcessingRequest(job.request);
  const stepName = irName(request.name);
  const step = run.steps.find((s) => s.name === stepName);
  const attempt = step?.attemptsDetail.at(-1);
  const workspace = attempt ? join(run.runDir, 'steps', stepName, `attempt-${attempt.attempt}`) : undefined;
  for (const output of request.outputs) {
    const artifact = run.artifacts.find((a) => a.step === stepName && a.name === irName(output.name));
    if (artifact) await copyPrefix(artifact.uri, output.uri, context);
  }
  const out: Record<string, unknown> = {};
  const message = workspace ? await exitMessage(workspace) : undefined;
  if (message) out.ExitMessage = message;
  if (step?.status === 'failed' && workspace) out.FailureReason = await failureReason(workspace, attempt);
  return out;
}

async function exitMessage(workspace: string): Promise<string | undefined> {
  for (const file of ['/opt/ml/output/message', '/opt/ml/output/failure']) {
    const text = (await readFile(localPathFor(workspace, file), 'utf8').catch(() => '')).trim();
    if (text) return text.slice(0, EXIT_MESSAGE_LIMIT);
  }
  return undefined;
}
