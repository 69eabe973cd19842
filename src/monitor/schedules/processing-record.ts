/**
 * SageMaker runs each monitoring execution as a processing job, and `ProcessingJobArn` in the
 * execution summary names it; Godwit records the same job in the jobs capability so
 * DescribeProcessingJob and ListProcessingJobs answer for it. Its request is what Model Monitor
 * gives its container: the captured data as input, the report folder as output, and the
 * container contract's environment (`dataset_source`, `start_time`, `end_time`, `output_path`,
 * `baseline_statistics`, …).
 */
import type { JobCatalog } from '../../jobs/job-records.js';
import type { MonitoringDataset } from '../monitoring-job.js';
import type { SchedulePlan } from './schedule-plan.js';
import type { ExecutionRecord } from './schedule-records.js';

export type ProcessingJobs = Pick<JobCatalog, 'create' | 'update'>;

const INPUT_PATH = '/opt/ml/processing/input/endpoint';
const OUTPUT_PATH = '/opt/ml/processing/output';

export async function recordProcessingJob(
  deps: { readonly processingJobs: ProcessingJobs },
  execution: ExecutionRecord,
  plan: SchedulePlan,
  dataset: MonitoringDataset | undefined,
): Promise<void> {
  const config = plan.spec.config as Record<string, Record<string, unknown> | undefined>;
  const app = config[`${plan.type}AppSpecification`] ?? config.MonitoringAppSpecification ?? {};
  const resources = config.JobResources ?? config.MonitoringResources ?? {};
  const source = dataset?.kind === 'capture' ? `${dataset.captureUri.replace(/\/+$/, '')}/${dataset.endpointName}` : dataset?.uri;
  const environment: Record<string, string> = {
    ...(app.Environment as Record<string, string> | undefined),
    dataset_format: JSON.stringify(dataset?.kind === 'dataset' ? { [dataset.format]: {} } : { sagemakerCaptureJson: {} }),
    dataset_source: INPUT_PATH,
    output_path: OUTPUT_PATH,
    publish_cloudwatch_metrics: (app.Environment as Record<string, string> | undefined)?.publish_cloudwatch_metrics ?? 'Enabled',
    sagemaker_monitoring_schedule_name: execution.scheduleName,
    start_time: execution.windowStart.toISOString(),
    end_time: execution.windowEnd.toISOString(),
    ...(execution.endpointName !== undefined && { sagemaker_endpoint_name: execution.endpointName }),
    ...(plan.spec.baseline?.statisticsUri && { baseline_statistics: plan.spec.baseline.statisticsUri }),
    ...(plan.spec.baseline?.constraintsUri && { baseline_constraints: plan.spec.baseline.constraintsUri }),
  };
  await deps.processingJobs.create({
    kind: 'processing',
    name: execution.id,
    request: {
      ...(source !== undefined && {
        ProcessingInputs: [
          {
            InputName: execution.endpointName !== undefined ? 'endpoint_input_1' : 'input_1',
            S3Input: { S3Uri: source, LocalPath: INPUT_PATH, S3DataType: 'S3Prefix', S3InputMode: 'File' },
          },
        ],
      }),
      ProcessingOutputConfig: {
        Outputs: [
          { OutputName: 'result', S3Output: { S3Uri: execution.outputUri, LocalPath: OUTPUT_PATH, S3UploadMode: 'Continuous' } },
        ],
      },
      ProcessingResources: { ClusterConfig: resources.ClusterConfig },
      AppSpecification: { ImageUri: app.ImageUri },
      Environment: environment,
      RoleArn: config.RoleArn,
      ...(config.StoppingCondition && { StoppingCondition: config.StoppingCondition }),
    },
    tags: [],
  });
  await deps.processingJobs.update('processing', execution.id, { startedAt: execution.createdAt });
}

/** The job ends as the execution did: Completed (with or without violations) or Failed with its reason. */
export async function settleProcessingJob(deps: { readonly processingJobs: ProcessingJobs }, execution: ExecutionRecord) {
  const failed = execution.status === 'Failed';
  await deps.processingJobs.update('processing', execution.id, {
    status: failed ? 'Failed' : 'Completed',
    endedAt: execution.lastModifiedAt,
    ...(failed && execution.failureReason !== undefined && { failureReason: execution.failureReason }),
    result: {
      ExitMessage: failed
        ? execution.failureReason
        : execution.status === 'CompletedWithViolations'
          ? `CompletedWithViolations: ${execution.violationCount ?? 0} violation(s)`
          : 'Completed: Job completed successfully with no violations.',
    },
  });
}
