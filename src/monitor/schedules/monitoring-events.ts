import { arn, DEFAULT_REGION, jobArn } from '../../core/arns.js';
import type { NewEvent } from '../../events/event-envelope.js';
import type { ExecutionRecord } from './schedule-records.js';

export const monitoringScheduleArn = (region: string, name: string) => arn('sagemaker', region, `monitoring-schedule/${name}`);

/**
 * The event an execution's end publishes. SageMaker publishes none of its own for monitoring
 * executions (only its processing job's state change), so this is Godwit's, documented in
 * docs/monitoring-schedules.md: source `godwit.monitoring`, detail-type "Monitoring Execution
 * Status Change", and as detail the execution's `MonitoringExecutionSummary` fields with where its
 * files went and how many violations it found.
 */
export function executionEvent(e: ExecutionRecord, at: Date): NewEvent {
  const processingJobArn = jobArn(DEFAULT_REGION, 'processing', e.id);
  return {
    source: 'godwit.monitoring',
    detailType: 'Monitoring Execution Status Change',
    time: at,
    resources: [monitoringScheduleArn(DEFAULT_REGION, e.scheduleName), processingJobArn],
    detail: {
      MonitoringScheduleName: e.scheduleName,
      MonitoringType: e.type,
      MonitoringExecutionStatus: e.status,
      ScheduledTime: e.scheduledTime.toISOString(),
      ProcessingJobArn: processingJobArn,
      ...(e.endpointName !== undefined && { EndpointName: e.endpointName }),
      ...(e.definitionName !== undefined && { MonitoringJobDefinitionName: e.definitionName }),
      ...(e.failureReason !== undefined && { FailureReason: e.failureReason }),
      DataAnalysisStartTime: e.windowStart.toISOString(),
      DataAnalysisEndTime: e.windowEnd.toISOString(),
      ViolationCount: e.violationCount ?? 0,
      OutputUri: e.outputUri,
      Files: e.files,
    },
  };
}
