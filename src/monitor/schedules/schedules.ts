/**
 * Monitoring schedules and job definitions, the application layer both front ends call (the
 * SageMaker door and `godwit monitor schedule`). Records go through the catalog; the server's
 * schedule runner picks up what changes here (a `Pending` schedule becomes `Scheduled` on its next
 * pass, as SageMaker's do).
 */
import type { MonitoringType } from '../monitoring-job.js';
import { typedJobSpec } from './job-spec.js';
import { definitionNotFound, invalid, scheduleNotFound, wrongScheduleState } from './schedule-errors.js';
import { checkEndpoint, type PlanDeps, planOf } from './schedule-plan.js';
import type { ExecutionRecord, JobDefinitionRecord, Json, ScheduleRecord, Tag } from './schedule-records.js';

const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

function checkName(name: string, field: string): void {
  if (!NAME.test(name))
    throw invalid(
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: ` +
        `Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`,
    );
}

export async function createJobDefinition(
  deps: PlanDeps,
  input: { name: string; type: MonitoringType; definition: Json; tags?: readonly Tag[] },
): Promise<JobDefinitionRecord> {
  checkName(input.name, 'jobDefinitionName');
  const spec = typedJobSpec(input.type, input.definition);
  await checkEndpoint(deps, spec);
  return deps.monitoring.createDefinition({
    name: input.name,
    type: input.type,
    ...(spec.source.kind === 'endpoint' && { endpointName: spec.source.endpointName }),
    definition: input.definition,
    tags: input.tags ?? [],
  });
}

export async function describeJobDefinition(deps: PlanDeps, type: MonitoringType, name: string): Promise<JobDefinitionRecord> {
  const found = await deps.monitoring.getDefinition(name);
  if (!found || found.type !== type) throw definitionNotFound(type, name);
  return found;
}

export async function createSchedule(
  deps: PlanDeps,
  input: { name: string; config: Json; tags?: readonly Tag[] },
): Promise<ScheduleRecord> {
  checkName(input.name, 'monitoringScheduleName');
  const plan = await planOf(deps, input.config);
  return deps.monitoring.createSchedule({
    name: input.name,
    type: plan.type,
    ...(plan.spec.source.kind === 'endpoint' && { endpointName: plan.spec.source.endpointName }),
    ...(plan.definitionName !== undefined && { definitionName: plan.definitionName }),
    config: { ...input.config, MonitoringType: plan.type },
    tags: input.tags ?? [],
  });
}

/** Replaces the config; the schedule is `Pending` until the runner takes the new one up (a stopped one stays stopped). */
export async function updateSchedule(deps: PlanDeps, name: string, config: Json): Promise<ScheduleRecord> {
  const current = await describeSchedule(deps, name);
  const plan = await planOf(deps, config);
  return deps.monitoring.changeSchedule(name, {
    status: current.schedule.status === 'Stopped' ? 'Stopped' : 'Pending',
    type: plan.type,
    endpointName: plan.spec.source.kind === 'endpoint' ? plan.spec.source.endpointName : undefined,
    definitionName: plan.definitionName,
    config: { ...config, MonitoringType: plan.type },
    failureReason: undefined,
  });
}

export async function describeSchedule(
  deps: PlanDeps,
  name: string,
): Promise<{ schedule: ScheduleRecord; last?: ExecutionRecord }> {
  const schedule = await deps.monitoring.getSchedule(name);
  if (!schedule) throw scheduleNotFound(name);
  const last = await deps.monitoring.lastExecution(name);
  return { schedule, ...(last && { last }) };
}

/** StartMonitoringSchedule: a stopped (or failed) schedule runs again from its next period. */
export async function startSchedule(deps: PlanDeps, name: string): Promise<ScheduleRecord> {
  const { schedule } = await describeSchedule(deps, name);
  if (schedule.status === 'Scheduled' || schedule.status === 'Pending') return schedule;
  return deps.monitoring.changeSchedule(name, { status: 'Pending', failureReason: undefined });
}

/** StopMonitoringSchedule: no new executions; one under way finishes. */
export async function stopSchedule(deps: PlanDeps, name: string): Promise<ScheduleRecord> {
  const { schedule } = await describeSchedule(deps, name);
  if (schedule.status === 'Failed') throw wrongScheduleState(name, schedule.status, 'be stopped');
  return deps.monitoring.changeSchedule(name, { status: 'Stopped' });
}

export async function deleteSchedule(deps: PlanDeps, name: string): Promise<void> {
  await deps.monitoring.deleteSchedule(name);
}
