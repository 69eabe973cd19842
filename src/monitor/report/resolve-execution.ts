/**
 * `godwit monitor report NAME` when NAME is not a folder: a monitoring execution (its id) or a
 * schedule (its latest finished execution), read from the records `ListMonitoringExecutions`
 * answers from. The report then needs no other argument: the execution's output folder, the
 * schedule's earlier executions as history, and the baseline its job definition names.
 */
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../../core/errors.js';
import { inlineJobSpec, type JobSpec, typedJobSpec } from '../schedules/job-spec.js';
import type { ExecutionRecord, MonitoringCatalog } from '../schedules/schedule-records.js';

export interface ResolvedExecution {
  readonly folder: string;
  /** Earlier finished executions of the same schedule, oldest first (at most `HISTORY`). */
  readonly history: readonly string[];
  /** The baseline's statistics.json, when the job definition names a local one. */
  readonly baseline?: string;
}

/** How many earlier executions the trend charts show. */
export const HISTORY = 23;
const FINISHED = new Set(['Completed', 'CompletedWithViolations']);

export async function resolveExecution(name: string, monitoring: MonitoringCatalog): Promise<ResolvedExecution> {
  const byId = await monitoring.getExecution(name);
  const scheduleName = byId?.scheduleName ?? name;
  const runs = (await monitoring.listExecutions({ scheduleName }))
    .filter((e) => FINISHED.has(e.status))
    .sort((a, b) => a.scheduledTime.getTime() - b.scheduledTime.getTime());
  const current = byId ?? runs[runs.length - 1];
  if (!current) {
    const schedule = await monitoring.getSchedule(name);
    throw new GodwitError(
      'E_MONITOR_REPORT_INPUT',
      schedule ? `Schedule ${name} has no finished execution yet.` : `${name} is no folder, monitoring execution or schedule.`,
      { hint: 'Give an execution output folder, or a schedule name (godwit monitor schedule list) once it has run.' },
    );
  }
  const earlier = runs.filter((e) => e.scheduledTime < current.scheduledTime).slice(-HISTORY);
  return {
    folder: localFolder(current),
    history: earlier.map(localFolder),
    baseline: await baselineOf(scheduleName, monitoring),
  };
}

function localFolder(e: ExecutionRecord): string {
  if (e.outputUri.startsWith('file:')) return fileURLToPath(e.outputUri);
  throw new GodwitError('E_MONITOR_REPORT_INPUT', `Execution ${e.id} wrote its files to ${e.outputUri}, not to this machine.`, {
    hint: `Copy the folder here (godwit storage cp ${e.outputUri} ./execution) and give its path.`,
  });
}

/** The statistics.json the schedule's job checks against, when it is a local file. */
async function baselineOf(scheduleName: string, monitoring: MonitoringCatalog): Promise<string | undefined> {
  const schedule = await monitoring.getSchedule(scheduleName);
  if (!schedule) return undefined;
  let spec: JobSpec | undefined;
  const inline = (schedule.config as { MonitoringJobDefinition?: Record<string, unknown> }).MonitoringJobDefinition;
  if (inline) spec = inlineJobSpec(schedule.type, inline);
  else if (schedule.definitionName) {
    const definition = await monitoring.getDefinition(schedule.definitionName);
    if (definition) spec = typedJobSpec(definition.type, definition.definition);
  }
  const uri = spec?.baseline?.statisticsUri;
  return uri?.startsWith('file:') ? fileURLToPath(uri) : undefined;
}
