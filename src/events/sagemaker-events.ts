/**
 * Godwit's pipeline and registry lifecycle events in SageMaker's own EventBridge shapes (source
 * `aws.sagemaker`, the detail-types and detail fields of "Automating Amazon SageMaker with Amazon
 * EventBridge"), so rules written for AWS match them unchanged. docs/events-lifecycle.md.
 */
import type { NewEvent } from './event-envelope.js';
import { eventTime, modelPackageArnOf, pipelineArnOf, pipelineExecutionArn } from './event-envelope.js';

/** SageMaker's status words for Godwit's stored run and step statuses. */
const EXECUTION_STATUS: Readonly<Record<string, string>> = {
  running: 'Executing',
  succeeded: 'Succeeded',
  failed: 'Failed',
  stopped: 'Stopped',
};
const STEP_STATUS: Readonly<Record<string, string>> = { ...EXECUTION_STATUS, cached: 'Succeeded' };

/** Step statuses SageMaker reports; `skipped` and `not-run` steps never appear in its executions. */
export const reportedStepStatus = (status: string): string | undefined => STEP_STATUS[status];

const STEP_TYPE: Readonly<Record<string, string>> = {
  'register-model': 'RegisterModel',
  'quality-check': 'QualityCheck',
  function: 'Lambda',
};
const stepType = (kind: string) => STEP_TYPE[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1);

export interface RunChange {
  readonly runId: string;
  readonly pipeline: string;
  readonly from?: string;
  readonly to: string;
  readonly startedAt: Date;
  readonly endedAt?: Date;
  readonly at: Date;
}

/** "SageMaker Model Building Pipeline Execution Status Change". */
export function executionStatusChange(c: RunChange): NewEvent {
  const arn = pipelineExecutionArn(c.pipeline, c.runId);
  return {
    source: 'aws.sagemaker',
    detailType: 'SageMaker Model Building Pipeline Execution Status Change',
    time: c.at,
    resources: [pipelineArnOf(c.pipeline), arn],
    detail: {
      currentPipelineExecutionStatus: EXECUTION_STATUS[c.to] ?? c.to,
      ...(c.from ? { previousPipelineExecutionStatus: EXECUTION_STATUS[c.from] ?? c.from } : {}),
      executionStartTime: eventTime(c.startedAt),
      ...(c.endedAt ? { executionEndTime: eventTime(c.endedAt) } : {}),
      pipelineExecutionDisplayName: c.runId,
      pipelineArn: pipelineArnOf(c.pipeline),
      pipelineExecutionArn: arn,
    },
  };
}

export interface StepChange extends Omit<RunChange, 'startedAt'> {
  readonly step: string;
  readonly kind: string;
  readonly startedAt?: Date;
  readonly reason?: string;
  readonly cachedFrom?: string;
}

/** "SageMaker Model Building Pipeline Execution Step Status Change", or none for an unreported status. */
export function stepStatusChange(c: StepChange): NewEvent | undefined {
  const current = reportedStepStatus(c.to);
  if (!current) return undefined;
  const arn = pipelineExecutionArn(c.pipeline, c.runId);
  const previous = c.from === undefined ? undefined : reportedStepStatus(c.from);
  return {
    source: 'aws.sagemaker',
    detailType: 'SageMaker Model Building Pipeline Execution Step Status Change',
    time: c.at,
    resources: [pipelineArnOf(c.pipeline), arn],
    detail: {
      metadata: c.cachedFrom
        ? { cacheHitResult: { sourcePipelineExecutionArn: pipelineExecutionArn(c.pipeline, c.cachedFrom) } }
        : {},
      ...(c.startedAt ? { stepStartTime: eventTime(c.startedAt) } : {}),
      ...(c.endedAt ? { stepEndTime: eventTime(c.endedAt) } : {}),
      stepName: c.step,
      stepType: stepType(c.kind),
      ...(previous ? { previousStepStatus: previous } : {}),
      currentStepStatus: current,
      ...(c.to === 'failed' && c.reason ? { failureReason: c.reason } : {}),
      pipelineArn: pipelineArnOf(c.pipeline),
      pipelineExecutionArn: arn,
    },
  };
}

export interface ModelPackageChange {
  readonly group: string;
  readonly version: number;
  readonly approvalStatus: string;
  readonly createdAt: Date;
  readonly at: Date;
  readonly modelUri: string;
  readonly description?: string;
  /** The serving image and content types the version was registered with (`InferenceSpecification`). */
  readonly image?: string;
  readonly contentTypes?: readonly string[];
  readonly responseTypes?: readonly string[];
  /** The evaluation report attached at registration (`ModelMetrics.ModelQuality.Statistics`). */
  readonly metricsUri?: string;
}

/**
 * "SageMaker Model Package State Change": registration and every approval change, with the
 * detail SageMaker sends (its example in the guide carries the same fields; Godwit leaves out
 * image digests and marketplace validation, which it has not got).
 */
export function modelPackageStateChange(c: ModelPackageChange): NewEvent {
  const arn = modelPackageArnOf(c.group, c.version);
  return {
    source: 'aws.sagemaker',
    detailType: 'SageMaker Model Package State Change',
    time: c.at,
    resources: [arn],
    detail: {
      ModelPackageGroupName: c.group,
      ModelPackageVersion: c.version,
      ModelPackageArn: arn,
      ...(c.description ? { ModelPackageDescription: c.description } : {}),
      CreationTime: eventTime(c.createdAt),
      InferenceSpecification: {
        Containers: [{ ...(c.image ? { Image: c.image } : {}), ModelDataUrl: c.modelUri }],
        ...(c.contentTypes ? { SupportedContentTypes: [...c.contentTypes] } : {}),
        ...(c.responseTypes ? { SupportedResponseMIMETypes: [...c.responseTypes] } : {}),
      },
      ModelPackageStatus: 'Completed',
      ModelPackageStatusDetails: { ValidationStatuses: [], ImageScanStatuses: [] },
      CertifyForMarketplace: false,
      ModelApprovalStatus: c.approvalStatus,
      ...(c.metricsUri
        ? { ModelMetrics: { ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: c.metricsUri } } } }
        : {}),
      LastModifiedTime: eventTime(c.at),
    },
  };
}
