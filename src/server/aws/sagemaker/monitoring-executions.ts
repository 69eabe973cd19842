import { jobArn } from '../../../core/arns.js';
import { EXECUTION_STATUSES, type ExecutionRecord, MONITORING_TYPES } from '../../../monitor/schedules/schedule-records.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { type Input, optionalEnum, optionalString, optionalTime } from '../aws-input.js';
import { epochSeconds, listPage } from './list-request.js';
import { monitoringDeps } from './monitoring-terms.js';

/** SageMaker's `MonitoringExecutionSummary`; `ProcessingJobArn` names the job DescribeProcessingJob answers for. */
export function executionSummary(e: ExecutionRecord, region: string) {
  return {
    MonitoringScheduleName: e.scheduleName,
    ScheduledTime: epochSeconds(e.scheduledTime),
    CreationTime: epochSeconds(e.createdAt),
    LastModifiedTime: epochSeconds(e.lastModifiedAt),
    MonitoringExecutionStatus: e.status,
    ProcessingJobArn: jobArn(region, 'processing', e.id),
    ...(e.endpointName !== undefined && { EndpointName: e.endpointName }),
    ...(e.failureReason !== undefined && { FailureReason: e.failureReason }),
    ...(e.definitionName !== undefined && { MonitoringJobDefinitionName: e.definitionName }),
    MonitoringType: e.type,
  };
}

/**
 * `ListMonitoringExecutions`: by schedule and endpoint (in SQL), then scheduled, creation and
 * modification times, status, job definition and type; sorted by `ScheduledTime` unless asked
 * (`CreationTime`, `Status`), newest first, paged.
 */
export async function listMonitoringExecutions(input: Input, context: ServerContext, req: ServerRequest) {
  const scheduleName = optionalString(input, 'MonitoringScheduleName');
  const endpointName = optionalString(input, 'EndpointName');
  const [after, before] = [optionalTime(input, 'ScheduledTimeAfter'), optionalTime(input, 'ScheduledTimeBefore')];
  const definition = optionalString(input, 'MonitoringJobDefinitionName');
  const type = optionalEnum(input, 'MonitoringTypeEquals', MONITORING_TYPES);
  const all = await monitoringDeps(context).monitoring.listExecutions({
    ...(scheduleName !== undefined && { scheduleName }),
    ...(endpointName !== undefined && { endpointName }),
  });
  const kept = all.filter(
    (e) =>
      (!after || e.scheduledTime > after) &&
      (!before || e.scheduledTime < before) &&
      (definition === undefined || e.definitionName === definition) &&
      (type === undefined || e.type === type),
  );
  const { items, nextToken } = listPage(input, kept, {
    name: (e: ExecutionRecord) => e.id,
    created: (e) => e.createdAt,
    modified: (e) => e.lastModifiedAt,
    status: (e) => e.status,
    statuses: EXECUTION_STATUSES,
    sortBy: {
      ScheduledTime: (e) => e.scheduledTime.getTime(),
      CreationTime: (e) => e.createdAt.getTime(),
      Status: (e) => e.status,
    },
  });
  return { MonitoringExecutionSummaries: items.map((e) => executionSummary(e, req.region)), NextToken: nextToken };
}
