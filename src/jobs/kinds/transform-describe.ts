/**
 * DescribeTransformJob and ListTransformJobs' `TransformJobSummary`, in SageMaker's field names:
 * the request's members echoed, status, times as epoch seconds, and `FailureReason`.
 */
import { jobArn } from '../../core/arns.js';
import { epochSeconds } from '../../server/aws/aws-input.js';
import type { JobRecord } from '../job-records.js';

/** `arn:aws:sagemaker:<region>:000000000000:transform-job/<name>` (SageMaker lower-cases the name). */

/** Request members Describe echoes as they were sent. */
const ECHOED = [
  'ModelName',
  'MaxConcurrentTransforms',
  'ModelClientConfig',
  'MaxPayloadInMB',
  'BatchStrategy',
  'Environment',
  'TransformInput',
  'TransformOutput',
  'DataCaptureConfig',
  'TransformResources',
  'DataProcessing',
  'ExperimentConfig',
] as const;

export function describeTransform(job: JobRecord, region: string): Record<string, unknown> {
  const request = job.request as Record<string, unknown>;
  const out: Record<string, unknown> = {
    TransformJobName: job.name,
    TransformJobArn: jobArn(region, 'transform', job.name),
    TransformJobStatus: job.status,
    CreationTime: epochSeconds(job.createdAt),
  };
  for (const field of ECHOED) if (request[field] !== undefined) out[field] = request[field];
  // With the defaults SageMaker fills in.
  out.TransformInput = { CompressionType: 'None', SplitType: 'None', ...(request.TransformInput as object) };
  if (job.startedAt) out.TransformStartTime = epochSeconds(job.startedAt);
  if (job.endedAt) out.TransformEndTime = epochSeconds(job.endedAt);
  const failureReason = reason(job);
  if (failureReason !== undefined) out.FailureReason = failureReason;
  return out;
}

export function summarizeTransform(job: JobRecord, region: string): Record<string, unknown> {
  const failureReason = reason(job);
  return {
    TransformJobName: job.name,
    TransformJobArn: jobArn(region, 'transform', job.name),
    CreationTime: epochSeconds(job.createdAt),
    ...(job.endedAt ? { TransformEndTime: epochSeconds(job.endedAt) } : {}),
    LastModifiedTime: epochSeconds(job.lastModifiedAt),
    TransformJobStatus: job.status,
    ...(failureReason !== undefined ? { FailureReason: failureReason } : {}),
  };
}

function reason(job: JobRecord): string | undefined {
  const reported = (job.result as Record<string, unknown>).FailureReason;
  return job.status === 'Failed' && typeof reported === 'string' ? reported : job.failureReason;
}
