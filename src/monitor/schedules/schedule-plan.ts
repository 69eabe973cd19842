/**
 * A schedule's config read whole: its timing, the job it runs and the window each run covers. The
 * front doors, the CLI and the runner all read a `MonitoringScheduleConfig` through `planOf`, so a
 * config the runner would not understand is refused when it is sent, not an hour later.
 */
import type { EndpointCatalog } from '../../endpoints/endpoint-records.js';
import type { MonitoringType } from '../monitoring-job.js';
import { inlineJobSpec, type JobSpec, typedJobSpec } from './job-spec.js';
import { definitionNotFound, invalid } from './schedule-errors.js';
import { parseOffset, parseScheduleExpression, type Schedule } from './schedule-expression.js';
import { type Json, MONITORING_TYPES, type MonitoringCatalog } from './schedule-records.js';

const HOUR = 3_600_000;

export interface SchedulePlan {
  readonly schedule: Schedule;
  readonly type: MonitoringType;
  readonly definitionName?: string;
  readonly spec: JobSpec;
  /** `DataAnalysisStartTime` / `EndTime` in milliseconds from the scheduled time, when given. */
  readonly analysis?: { readonly startMs: number; readonly endMs: number };
}

export interface PlanDeps {
  readonly monitoring: MonitoringCatalog;
  readonly endpoints: Pick<EndpointCatalog, 'getEndpoint'>;
}

/** Reads and checks a `MonitoringScheduleConfig` (SageMaker's rules, in its words). */
export async function planOf(deps: PlanDeps, config: Json): Promise<SchedulePlan> {
  const scheduleConfig = config.ScheduleConfig as Json | undefined;
  const expression = scheduleConfig?.ScheduleExpression;
  if (typeof expression !== 'string' || expression === '')
    throw invalid('MonitoringScheduleConfig.ScheduleConfig.ScheduleExpression is required.');
  const schedule = parseScheduleExpression(expression);
  const analysis = analysisOf(scheduleConfig as Json, schedule.kind === 'now');
  const typeGiven = config.MonitoringType;
  if (typeGiven !== undefined && !MONITORING_TYPES.includes(typeGiven as MonitoringType))
    throw invalid(
      `1 validation error detected: Value '${String(typeGiven)}' at 'monitoringScheduleConfig.monitoringType' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${MONITORING_TYPES.join(', ')}]`,
    );
  const type = (typeGiven ?? 'DataQuality') as MonitoringType;
  const named = config.MonitoringJobDefinitionName;
  const inline = config.MonitoringJobDefinition;
  if ((named === undefined) === (inline === undefined))
    throw invalid('MonitoringScheduleConfig must have exactly one of MonitoringJobDefinitionName and MonitoringJobDefinition.');
  let spec: JobSpec;
  if (typeof named === 'string') {
    const definition = await deps.monitoring.getDefinition(named);
    if (!definition || definition.type !== type) throw definitionNotFound(type, named);
    spec = typedJobSpec(type, definition.definition);
  } else spec = inlineJobSpec(type, inline as Json);
  await checkEndpoint(deps, spec);
  return { schedule, type, ...(typeof named === 'string' && { definitionName: named }), spec, ...(analysis && { analysis }) };
}

/** The endpoint an endpoint input names must exist (SageMaker checks it at create and update). */
export async function checkEndpoint(deps: PlanDeps, spec: JobSpec): Promise<void> {
  if (spec.source.kind !== 'endpoint') return;
  const name = spec.source.endpointName;
  if (!(await deps.endpoints.getEndpoint(name)))
    throw invalid(`Could not find endpoint "${name}".`, 'Create the endpoint first (CreateEndpoint), or name one that exists.');
}

function analysisOf(config: Json, required: boolean): SchedulePlan['analysis'] {
  const { DataAnalysisStartTime: start, DataAnalysisEndTime: end } = config;
  if (start === undefined && end === undefined) {
    if (required)
      throw invalid('A NOW schedule needs ScheduleConfig.DataAnalysisStartTime and DataAnalysisEndTime (e.g. -PT1H and -PT0H).');
    return undefined;
  }
  if (typeof start !== 'string' || typeof end !== 'string')
    throw invalid('ScheduleConfig.DataAnalysisStartTime and DataAnalysisEndTime go together: give both.');
  const [startMs, endMs] = [parseOffset(start, 'DataAnalysisStartTime'), parseOffset(end, 'DataAnalysisEndTime')];
  if (startMs >= endMs) throw invalid(`DataAnalysisStartTime "${start}" must come before DataAnalysisEndTime "${end}".`);
  if (endMs - startMs > 24 * HOUR)
    throw invalid(`DataAnalysisStartTime "${start}" must not precede DataAnalysisEndTime "${end}" by more than 24 hours.`);
  return { startMs, endMs };
}

/**
 * The data a run at `scheduled` covers: `DataAnalysisStartTime`/`EndTime`, else the input's
 * `StartTimeOffset`/`EndTimeOffset`, else the hour before the scheduled time (Model Monitor's
 * default for an hourly schedule).
 */
export function windowOf(plan: SchedulePlan, scheduled: Date): { start: Date; end: Date } {
  const t = scheduled.getTime();
  const startMs = plan.analysis?.startMs ?? plan.spec.source.startOffsetMs ?? -HOUR;
  const endMs = plan.analysis?.endMs ?? plan.spec.source.endOffsetMs ?? 0;
  return { start: new Date(t + startMs), end: new Date(t + endMs) };
}
