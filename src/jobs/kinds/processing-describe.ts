/**
 * DescribeProcessingJob and ListProcessingJobs' `ProcessingJobSummary`, in SageMaker's field
 * names: the request's members echoed, status, times as epoch seconds (the JSON protocol's form),
 * and what the run produced (`ExitMessage`, `FailureReason`).
 */
import { jobArn } from '../../core/arns.js';
import type { JobRecord } from '../job-records.js';

/** `arn:aws:sagemaker:<region>:000000000000:processing-job/<name>` (SageMaker lower-cases the name). */

/** Request members Describe echoes as they were sent. */
const ECHOED = [
  'ProcessingInputs',
  'ProcessingOutputConfig',
  'ProcessingResources',
  'AppSpecification',
  'Environment',
  'NetworkConfig',
  'RoleArn',
  'ExperimentConfig',
] as const;

export function describeProcessing(job: JobRecord, region: string): Record<string, unknown> {
  const request = job.request as Record<string, unknown>;
  const { FailureReason: reported, ExitMessage: message } = job.result as Record<string, unknown>;
  const out: Record<string, unknown> = {
    ProcessingJobName: job.name,
    ProcessingJobArn: jobArn(region, 'processing', job.name),
    ProcessingJobStatus: job.status,
    StoppingCondition: request.StoppingCondition ?? { MaxRuntimeInSeconds: 86400 },
    CreationTime: seconds(job.createdAt),
    LastModifiedTime: seconds(job.lastModifiedAt),
  };
  for (const field of ECHOED) if (request[field] !== undefined) out[field] = request[field];
  if (job.startedAt) out.ProcessingStartTime = seconds(job.startedAt);
  if (job.endedAt) out.ProcessingEndTime = seconds(job.endedAt);
  if (message !== undefined) out.ExitMessage = message;
  // The run's own account (AlgorithmError: …) is SageMaker's wording; the service's covers stops and planning errors.
  const failureReason = job.status === 'Failed' ? (reported ?? job.failureReason) : job.failureReason;
  if (failureReason !== undefined) out.FailureReason = failureReason;
  return out;
}

export function summarizeProcessing(job: JobRecord, region: string): Record<string, unknown> {
  const { FailureReason: reported, ExitMessage: message } = job.result as Record<string, unknown>;
  const failureReason = job.status === 'Failed' ? (reported ?? job.failureReason) : job.failureReason;
  return {
    ProcessingJobName: job.name,
    ProcessingJobArn: jobArn(region, 'processing', job.name),
    CreationTime: seconds(job.createdAt),
    ...(job.endedAt ? { ProcessingEndTime: seconds(job.endedAt) } : {}),
    LastModifiedTime: seconds(job.lastModifiedAt),
    ProcessingJobStatus: job.status,
    ...(failureReason !== undefined ? { FailureReason: failureReason } : {}),
    ...(message !== undefined ? { ExitMessage: message } : {}),
  };
}

function seconds(at: Date): number {
  return at.getTime() / 1000;
}
