/**
 * DescribeTrainingJob and ListTrainingJobs' `TrainingJobSummary`, in SageMaker's field names:
 * the request's fields echoed (with the defaults SageMaker fills in), status, times as epoch
 * seconds (the JSON protocol's form), the transitions, and what the run produced (`result`).
 */
import { jobArn } from '../../core/arns.js';
import { epochSeconds } from '../../server/aws/aws-input.js';
import type { JobRecord } from '../job-records.js';

/** `arn:aws:sagemaker:<region>:000000000000:training-job/<name>`. */

/** Request members Describe echoes as they were sent. */
const ECHOED = [
  'HyperParameters',
  'RoleArn',
  'InputDataConfig',
  'VpcConfig',
  'CheckpointConfig',
  'DebugHookConfig',
  'ExperimentConfig',
  'DebugRuleConfigurations',
  'TensorBoardOutputConfig',
  'ProfilerConfig',
  'ProfilerRuleConfigurations',
  'Environment',
  'RetryStrategy',
] as const;

export function describeTraining(job: JobRecord, region: string): Record<string, unknown> {
  const request = job.request as Record<string, unknown>;
  const algorithm = (request.AlgorithmSpecification ?? {}) as Record<string, unknown>;
  const { FailureReason: reported, ...result } = job.result as Record<string, unknown>;
  const out: Record<string, unknown> = {
    TrainingJobName: job.name,
    TrainingJobArn: jobArn(region, 'training', job.name),
    TrainingJobStatus: job.status,
    SecondaryStatus: job.secondaryStatus ?? job.status,
    AlgorithmSpecification: { EnableSageMakerMetricsTimeSeries: false, MetricDefinitions: [], ...algorithm },
    OutputDataConfig: request.OutputDataConfig,
    ResourceConfig: request.ResourceConfig,
    StoppingCondition: request.StoppingCondition ?? { MaxRuntimeInSeconds: 86400 },
    CreationTime: epochSeconds(job.createdAt),
    LastModifiedTime: epochSeconds(job.lastModifiedAt),
    SecondaryStatusTransitions: job.transitions.map((t) => ({
      Status: t.status,
      StartTime: epochSeconds(t.startTime),
      ...(t.endTime ? { EndTime: epochSeconds(t.endTime) } : {}),
      StatusMessage: t.message,
    })),
    EnableNetworkIsolation: request.EnableNetworkIsolation ?? false,
    EnableInterContainerTrafficEncryption: request.EnableInterContainerTrafficEncryption ?? false,
    EnableManagedSpotTraining: request.EnableManagedSpotTraining ?? false,
    ...result,
  };
  for (const field of ECHOED) if (request[field] !== undefined) out[field] = request[field];
  if (job.startedAt) out.TrainingStartTime = epochSeconds(job.startedAt);
  if (job.endedAt) out.TrainingEndTime = epochSeconds(job.endedAt);
  // The run's own account (AlgorithmError: …) is SageMaker's wording; the service's reason covers stops and planning errors.
  const failureReason = job.status === 'Failed' ? (reported ?? job.failureReason) : job.failureReason;
  if (failureReason !== undefined) out.FailureReason = failureReason;
  return out;
}

export function summarizeTraining(job: JobRecord, region: string): Record<string, unknown> {
  return {
    TrainingJobName: job.name,
    TrainingJobArn: jobArn(region, 'training', job.name),
    CreationTime: epochSeconds(job.createdAt),
    ...(job.endedAt ? { TrainingEndTime: epochSeconds(job.endedAt) } : {}),
    LastModifiedTime: epochSeconds(job.lastModifiedAt),
    TrainingJobStatus: job.status,
    ...(job.secondaryStatus ? { SecondaryStatus: job.secondaryStatus } : {}),
  };
}
