/**
 * DescribeProcessingJob and ListProcessingJobs' `ProcessingJobSummary`, in SageMaker's field
 * names: the request's members echoed, status, times as epoch seconds (the JSON protocol's form),
 * and what the run produced (`ExitMessage`, `FailureReason`).
 */
import { jobArn } from '../../core/arns.js';
import { epochSeconds } from '../../server/aws/aws-input.js';
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
    CreationTime: epochSeconds(job.createdAt),
    LastModifiedTime: epochSeconds(job.lastModifiedAt),
  };
  for (const field of ECHOED) if (request[field] !== undefined) out[field] = request[field];
  if (job.startedAt) out.ProcessingStartTime = epochSeconds(job.startedAt);
  if (job.endedAt) out.ProcessingEndTime = epochSeconds(job.endedAt);
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
    CreationTime: epochSeconds(job.createdAt),
    ...(job.endedAt ? { ProcessingEndTime: epochSeconds(job.endedAt) } : {}),
    LastModifiedTime: epochSeconds(job.lastModifiedAt),
    ProcessingJobStatus: job.status,
    ...(failureReason !== undefined ? { FailureReason: failureReason } : {}),
    ...(message !== undefined ? { ExitMessage: message } : {}),
  };
}
