import { GodwitError } from '../../../core/errors.js';
import type { PlanDeps } from '../../../monitor/schedules/schedule-plan.js';
import type { MonitoringCatalog } from '../../../monitor/schedules/schedule-records.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';

/** The monitoring capability's errors as SageMaker's types: unknown names `ResourceNotFound`, names in use `ResourceInUse`. */
const TYPES: Readonly<Record<string, string>> = {
  E_MONITOR_SCHEDULE_NOT_FOUND: 'ResourceNotFound',
  E_MONITOR_DEFINITION_NOT_FOUND: 'ResourceNotFound',
  E_MONITOR_SCHEDULE_EXISTS: 'ResourceInUse',
  E_MONITOR_DEFINITION_EXISTS: 'ResourceInUse',
  E_MONITOR_DEFINITION_IN_USE: 'ResourceInUse',
  E_MONITOR_VALIDATION: 'ValidationException',
  E_MONITOR_CRON: 'ValidationException',
  E_MONITOR_SCHEDULE_STATE: 'ValidationException',
};

export async function inMonitoringTerms<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const type = err instanceof GodwitError ? TYPES[err.code] : undefined;
    if (!type) throw err;
    throw new AwsError(type, (err as GodwitError).message);
  }
}

/** What the monitoring library reads: its catalog (the runner's waking one) and the endpoints. */
export const monitoringDeps = ({ services }: ServerContext): PlanDeps & { monitoring: MonitoringCatalog } => ({
  monitoring: services.metadata.monitoring,
  endpoints: services.metadata.endpoints,
});
