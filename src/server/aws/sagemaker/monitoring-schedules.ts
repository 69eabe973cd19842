/**
 * SageMaker's monitoring schedules: Create, Describe, List, Update, Delete, Start and Stop map onto
 * the monitoring library; the server's schedule runner does the running, so each call returns at
 * once, as SageMaker's do. `ListMonitoringExecutions` is in `monitoring-executions.ts`.
 */
import { monitoringScheduleArn } from '../../../monitor/schedules/monitoring-events.js';
import { MONITORING_TYPES, SCHEDULE_STATUSES, type ScheduleRecord } from '../../../monitor/schedules/schedule-records.js';
import {
  createSchedule,
  deleteSchedule,
  describeSchedule,
  startSchedule,
  stopSchedule,
  updateSchedule,
} from '../../../monitor/schedules/schedules.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalEnum, optionalString, requiredString } from '../aws-input.js';
import { struct, tags } from './hosting-input.js';
import { epochSeconds, listPage } from './list-request.js';
import { executionSummary } from './monitoring-executions.js';
import { inMonitoringTerms, monitoringDeps } from './monitoring-terms.js';

function configIn(input: Input): Input {
  const config = struct(input, 'MonitoringScheduleConfig');
  if (!config)
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value at 'monitoringScheduleConfig' failed to satisfy constraint: Member must not be null",
    );
  return config;
}

export async function createMonitoringSchedule(input: Input, context: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'MonitoringScheduleName');
  const config = configIn(input);
  await inMonitoringTerms(() => createSchedule(monitoringDeps(context), { name, config, tags: tags(input) }));
  return { MonitoringScheduleArn: monitoringScheduleArn(req.region, name) };
}

export async function describeMonitoringSchedule(input: Input, context: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'MonitoringScheduleName');
  const { schedule: s, last } = await inMonitoringTerms(() => describeSchedule(monitoringDeps(context), name));
  return {
    MonitoringScheduleArn: monitoringScheduleArn(req.region, s.name),
    MonitoringScheduleName: s.name,
    MonitoringScheduleStatus: s.status,
    MonitoringType: s.type,
    ...(s.failureReason !== undefined && { FailureReason: s.failureReason }),
    CreationTime: epochSeconds(s.createdAt),
    LastModifiedTime: epochSeconds(s.lastModifiedAt),
    MonitoringScheduleConfig: s.config,
    ...(s.endpointName !== undefined && { EndpointName: s.endpointName }),
    ...(last && { LastMonitoringExecutionSummary: executionSummary(last, req.region) }),
  };
}

export async function listMonitoringSchedules(input: Input, context: ServerContext, req: ServerRequest) {
  const endpoint = optionalString(input, 'EndpointName');
  const definition = optionalString(input, 'MonitoringJobDefinitionName');
  const type = optionalEnum(input, 'MonitoringTypeEquals', MONITORING_TYPES);
  const all = await monitoringDeps(context).monitoring.listSchedules();
  const kept = all.filter(
    (s) =>
      (endpoint === undefined || s.endpointName === endpoint) &&
      (definition === undefined || s.definitionName === definition) &&
      (type === undefined || s.type === type),
  );
  const { items, nextToken } = listPage(input, kept, {
    name: (s: ScheduleRecord) => s.name,
    created: (s) => s.createdAt,
    modified: (s) => s.lastModifiedAt,
    status: (s) => s.status,
    statuses: SCHEDULE_STATUSES,
    sortBy: { CreationTime: (s) => s.createdAt.getTime(), Name: (s) => s.name, Status: (s) => s.status },
  });
  return {
    MonitoringScheduleSummaries: items.map((s) => ({
      MonitoringScheduleName: s.name,
      MonitoringScheduleArn: monitoringScheduleArn(req.region, s.name),
      CreationTime: epochSeconds(s.createdAt),
      LastModifiedTime: epochSeconds(s.lastModifiedAt),
      MonitoringScheduleStatus: s.status,
      ...(s.endpointName !== undefined && { EndpointName: s.endpointName }),
      ...(s.definitionName !== undefined && { MonitoringJobDefinitionName: s.definitionName }),
      MonitoringType: s.type,
    })),
    NextToken: nextToken,
  };
}

export async function updateMonitoringSchedule(input: Input, context: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'MonitoringScheduleName');
  const config = configIn(input);
  await inMonitoringTerms(() => updateSchedule(monitoringDeps(context), name, config));
  return { MonitoringScheduleArn: monitoringScheduleArn(req.region, name) };
}

export async function deleteMonitoringSchedule(input: Input, context: ServerContext) {
  const name = requiredString(input, 'MonitoringScheduleName');
  await inMonitoringTerms(() => deleteSchedule(monitoringDeps(context), name));
  return {};
}

export async function startMonitoringSchedule(input: Input, context: ServerContext) {
  const name = requiredString(input, 'MonitoringScheduleName');
  await inMonitoringTerms(() => startSchedule(monitoringDeps(context), name));
  return {};
}

export async function stopMonitoringSchedule(input: Input, context: ServerContext) {
  const name = requiredString(input, 'MonitoringScheduleName');
  await inMonitoringTerms(() => stopSchedule(monitoringDeps(context), name));
  return {};
}
