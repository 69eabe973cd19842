/**
 * What a finished transform run gives DescribeTransformJob, and what SageMaker's service does at
 * the end: each input file's predictions, `<input file>.out` at its path relative to the input
 * prefix, are uploaded under `TransformOutput.S3OutputPath`. A failure's reason is the step's own
 * (the file and records that failed), which the job service takes when the result has none.
 */
import type { RunReport } from '../../runs/run-report.js';
import type { PlanContext } from '../job-kind.js';
import type { JobRecord } from '../job-records.js';
import { copyPrefix } from './copy-prefix.js';
import { irName } from './job-plan.js';
import { readTransformRequest } from './transform-request.js';

export async function transformResult(job: JobRecord, run: RunReport, context: PlanContext): Promise<Record<string, unknown>> {
  const request = readTransformRequest(job.request);
  const predictions = run.artifacts.find((a) => a.step === irName(request.name) && a.name === 'predictions');
  if (!predictions) return {};
  await copyPrefix(predictions.uri, request.outputPath, context);
  return {};
}
