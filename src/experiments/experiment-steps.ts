import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import type { DeploymentConfig } from '../endpoints/deployment-config.js';
import type { EndpointRecord } from '../endpoints/endpoint-records.js';
import { createEndpointConfig, type NewEndpointConfig, updateEndpoint } from '../endpoints/endpoints.js';
import { finalConfig, shadowConfig } from './experiment-configs.js';
import type { ExperimentChange, ExperimentRecord, ExperimentStatus, StopRequest } from './experiment-records.js';
import type { ExperimentsDeps } from './experiments.js';

/** What the end of the schedule does: production stays, the shadow goes, the experiment is Completed. */
export const END_OF_SCHEDULE = (e: ExperimentRecord): StopRequest => ({
  actions: { [e.productionVariant]: 'Retain', [e.shadowVariant]: 'Remove' },
  desiredVariants: [],
  desiredState: 'Completed',
});

/**
 * Moves one unfinished experiment one step along, on the server's clock (see the diagram in
 * `experiment-records.ts`). Every endpoint change is a new endpoint config and UpdateEndpoint; an
 * endpoint that is busy (Updating for another reason) is simply tried again on the next pass.
 * Each transition is a compare-and-set on the experiment's status, so a stop arriving meanwhile
 * is never overwritten. Safe to run again after a crash at any point.
 */
export async function advance(deps: ExperimentsDeps, clock: Clock, e: ExperimentRecord): Promise<void> {
  const now = clock.now();
  const endpoint = await deps.endpoints.getEndpoint(e.endpointName);
  switch (e.status) {
    case 'Created':
      if (e.endTime <= now) return finish(deps, clock, e, 'Cancelled', 'Its schedule ended before it could start.');
      if (e.startTime <= now) await deps.experiments.change(e.name, ['Created'], { status: 'Starting' });
      return;
    case 'Starting':
      return e.experimentConfigName === undefined ? begin(deps, clock, e, endpoint) : started(deps, clock, e, endpoint);
    case 'Running':
      return running(deps, clock, e, endpoint);
    case 'Stopping':
      return e.finalConfigName === undefined ? beginStop(deps, clock, e, endpoint) : stopped(deps, clock, e, endpoint);
    default:
      return;
  }
}

async function begin(deps: ExperimentsDeps, clock: Clock, e: ExperimentRecord, endpoint: EndpointRecord | undefined) {
  if (!endpoint || endpoint.status === 'Deleting')
    return finish(deps, clock, e, 'Cancelled', `Endpoint "${e.endpointName}" no longer exists.`);
  if (e.endTime <= clock.now())
    return finish(deps, clock, e, 'Cancelled', `Endpoint "${e.endpointName}" was not InService before the schedule ended.`);
  if (endpoint.status !== 'InService' || endpoint.pendingConfigName) return;
  const base = await deps.endpoints.getEndpointConfig(endpoint.configName);
  if (!base) return finish(deps, clock, e, 'Cancelled', `Endpoint config "${endpoint.configName}" no longer exists.`);
  const config = shadowConfig(e, base, endpoint.variants);
  if (!(await moveEndpoint(deps, e.endpointName, config))) return;
  // Started early (StartInferenceExperiment, maybe from a process on another clock): the start is now.
  const startTime = e.startTime > clock.now() ? clock.now() : e.startTime;
  await deps.experiments.change(e.name, ['Starting'], {
    baseConfigName: base.name,
    experimentConfigName: config.name,
    startTime,
  });
}

async function started(deps: ExperimentsDeps, clock: Clock, e: ExperimentRecord, endpoint: EndpointRecord | undefined) {
  const failed = landed(endpoint, e.experimentConfigName as string);
  if (failed === true)
    await deps.experiments.change(e.name, ['Starting'], {
      status: 'Running',
      runningSince: clock.now(),
      statusReason: undefined,
    });
  else if (failed) await finish(deps, clock, e, 'Cancelled', `The shadow variant could not start: ${failed}`);
}

async function running(deps: ExperimentsDeps, clock: Clock, e: ExperimentRecord, endpoint: EndpointRecord | undefined) {
  const now = clock.now();
  const ours = e.experimentConfigName;
  if (!endpoint || (endpoint.configName !== ours && endpoint.pendingConfigName !== ours)) {
    const where = endpoint ? `was moved to config "${endpoint.pendingConfigName ?? endpoint.configName}"` : 'was deleted';
    await deps.experiments.change(e.name, ['Running'], {
      status: 'Cancelled',
      stoppedAt: now,
      completionTime: now,
      statusReason: `Endpoint "${e.endpointName}" ${where} outside the experiment; its shadow no longer runs.`,
    });
    return;
  }
  if (e.endTime <= now)
    await deps.experiments.change(e.name, ['Running'], { status: 'Stopping', stoppedAt: now, stop: END_OF_SCHEDULE(e) });
}

async function beginStop(deps: ExperimentsDeps, clock: Clock, e: ExperimentRecord, endpoint: EndpointRecord | undefined) {
  const stop = e.stop ?? END_OF_SCHEDULE(e);
  // A stop through the API or the CLI leaves the window's end to this clock, the one records are stamped on.
  if (!e.stoppedAt) await deps.experiments.change(e.name, ['Stopping'], { stoppedAt: clock.now() });
  if (!endpoint || endpoint.configName !== e.experimentConfigName)
    return finish(deps, clock, e, 'Cancelled', `Endpoint "${e.endpointName}" no longer serves the experiment's config.`);
  if (endpoint.status !== 'InService' || endpoint.pendingConfigName) return;
  const current = await deps.endpoints.getEndpointConfig(endpoint.configName);
  const base = e.baseConfigName ? await deps.endpoints.getEndpointConfig(e.baseConfigName) : undefined;
  const config = current && finalConfig(e, current, endpoint.variants, stop, base?.dataCapture);
  if (!config) return finish(deps, clock, e, stop.desiredState, stop.reason);
  if (!(await moveEndpoint(deps, e.endpointName, config, stop.deploymentConfig))) return;
  await deps.experiments.change(e.name, ['Stopping'], { finalConfigName: config.name });
}

async function stopped(deps: ExperimentsDeps, clock: Clock, e: ExperimentRecord, endpoint: EndpointRecord | undefined) {
  const state = e.stop?.desiredState ?? 'Completed';
  const outcome = landed(endpoint, e.finalConfigName as string);
  if (outcome === true) await finish(deps, clock, e, state, e.stop?.reason);
  else if (outcome && endpoint?.configName === e.experimentConfigName && e.stop?.actions[e.shadowVariant] !== 'Remove') {
    // The promotion (or retention) did not take, typically rolled back by an alarm: the endpoint
    // is back on the test's config, so the shadow is removed as at the end of the schedule.
    const stop = {
      ...END_OF_SCHEDULE(e),
      desiredState: 'Cancelled' as const,
      reason: `${outcome} The shadow was removed instead.`,
    };
    await deps.experiments.change(e.name, ['Stopping'], { stop, finalConfigName: undefined, statusReason: stop.reason });
  } else if (outcome) await finish(deps, clock, e, 'Cancelled', `Stopping failed, the endpoint keeps the shadow: ${outcome}`);
}

/**
 * Whether the endpoint now serves `configName`: true once it is InService on it, a reason when
 * the update failed or was replaced by another, undefined while it is still under way.
 */
function landed(endpoint: EndpointRecord | undefined, configName: string): true | string | undefined {
  if (!endpoint) return 'the endpoint was deleted';
  if (endpoint.pendingConfigName === configName) return undefined;
  if (endpoint.configName === configName) return endpoint.status === 'InService' ? true : undefined;
  if (endpoint.pendingConfigName) return `the endpoint is updating to another config, "${endpoint.pendingConfigName}"`;
  return endpoint.failureReason ?? `the endpoint serves config "${endpoint.configName}" instead`;
}

/** Records the config (again, after a crash: the same name) and updates the endpoint; false when the endpoint is busy. */
async function moveEndpoint(
  deps: ExperimentsDeps,
  endpoint: string,
  config: NewEndpointConfig,
  deploymentConfig?: DeploymentConfig,
): Promise<boolean> {
  try {
    await createEndpointConfig(deps, config);
  } catch (err) {
    if (!(err instanceof GodwitError && err.code === 'E_ENDPOINT_CONFIG_EXISTS')) throw err;
  }
  try {
    await updateEndpoint(deps, endpoint, config.name, { ...(deploymentConfig && { deploymentConfig }), alarms: deps.alarms });
    return true;
  } catch (err) {
    if (err instanceof GodwitError && err.code === 'E_ENDPOINT_IN_USE') return false;
    throw err;
  }
}

const UNFINISHED: readonly ExperimentStatus[] = ['Created', 'Starting', 'Running', 'Updating', 'Stopping'];

async function finish(
  deps: ExperimentsDeps,
  clock: Clock,
  e: ExperimentRecord,
  status: 'Completed' | 'Cancelled',
  reason?: string,
) {
  const now = clock.now();
  const change: ExperimentChange = {
    status,
    completionTime: now,
    statusReason: reason,
    ...(e.runningSince && !e.stoppedAt && { stoppedAt: now }),
  };
  await deps.experiments.change(e.name, UNFINISHED, change);
}
