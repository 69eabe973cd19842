import { GodwitError } from '../../core/errors.js';
import type { MonitoringType } from '../monitoring-job.js';

/** The monitoring capability's errors, worded as SageMaker words them where it has words. */
export const scheduleExists = (name: string) =>
  new GodwitError('E_MONITOR_SCHEDULE_EXISTS', `Monitoring schedule "${name}" already exists.`, {
    hint: 'Choose another name, or change this one with UpdateMonitoringSchedule (godwit monitor schedule delete frees the name).',
  });

export const scheduleNotFound = (name: string) =>
  new GodwitError('E_MONITOR_SCHEDULE_NOT_FOUND', `Could not find monitoring schedule "${name}".`, {
    hint: 'List the schedules with ListMonitoringSchedules or `godwit monitor schedule list`.',
  });

export const definitionExists = (name: string) =>
  new GodwitError('E_MONITOR_DEFINITION_EXISTS', `Monitoring job definition "${name}" already exists.`, {
    hint: 'Job definition names are unique across the four kinds; choose another name or delete the old definition first.',
  });

export const definitionNotFound = (type: MonitoringType, name: string) =>
  new GodwitError('E_MONITOR_DEFINITION_NOT_FOUND', `Could not find ${type} job definition "${name}".`, {
    hint: `List them with List${type}JobDefinitions; a schedule names a definition together with its MonitoringType.`,
  });

export const definitionInUse = (name: string, schedules: readonly string[]) =>
  new GodwitError(
    'E_MONITOR_DEFINITION_IN_USE',
    `Monitoring job definition "${name}" is used by monitoring schedule(s) ${schedules.map((s) => `"${s}"`).join(', ')}.`,
    { hint: 'Delete those schedules first (DeleteMonitoringSchedule), then the definition.' },
  );

/** A field SageMaker would refuse; `message` is SageMaker's sentence, `hint` the way out. */
export const invalid = (message: string, hint?: string) => new GodwitError('E_MONITOR_VALIDATION', message, { hint });

export const wrongScheduleState = (name: string, status: string, action: string) =>
  new GodwitError('E_MONITOR_SCHEDULE_STATE', `Monitoring schedule "${name}" is ${status}; it cannot ${action}.`, {
    hint: 'Describe the schedule to see its status and FailureReason.',
  });
