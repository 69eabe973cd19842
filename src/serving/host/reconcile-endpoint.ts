import { rm } from 'node:fs/promises';
import { isGuarded } from '../../endpoints/deployment-config.js';
import type { EndpointRecord, EndpointReport } from '../../endpoints/endpoint-records.js';
import { startRollout } from '../rollout/start-rollout.js';
import type { EndpointHost } from './endpoint-host.js';
import type { LiveEndpoint, ServingEndpoint } from './live-endpoint.js';
import { endpointDir, startEndpoint } from './start-endpoint.js';

/**
 * One endpoint's step towards its recorded state, by status:
 * - `Creating`, or `InService` with nothing running (a restarted server): start its config with the
 *   recorded weights and counts; report `InService`, or `Failed` with the reason;
 * - `Updating` with a pending config: start the new config beside the old, swap them in one map
 *   write (a request is served wholly by one), drain the old, report `InService` on the new config;
 *   if the new one cannot start, the old keeps serving and the report carries the reason;
 * - `Updating` with a pending config and a blue/green or rolling `DeploymentConfig`: a guarded
 *   update (`src/serving/rollout/`), run in the background, shifting traffic step by step;
 * - `Updating` without one: apply new weights and instance counts live, report `InService`;
 * - `Deleting`: drain, remove its folder, `forgetEndpoint`.
 */
export async function reconcileEndpoint(host: EndpointHost, record: EndpointRecord): Promise<void> {
  const { catalog } = host.context;
  const running = host.live.get(record.name);
  switch (record.status) {
    case 'Deleting':
      await host.rollouts.get(record.name)?.stop();
      host.live.delete(record.name);
      await running?.close();
      await rm(endpointDir(host.context.home, record.name), { recursive: true, force: true });
      await catalog.forgetEndpoint(record.name);
      host.reconciled.delete(record.name);
      return;
    case 'Creating':
      return bringUp(host, record, record.variants);
    case 'InService':
      if (!running) return bringUp(host, record, record.variants, true);
      await running.apply(record.variants);
      host.reconciled.set(record.name, record.generation);
      return;
    case 'Updating':
      if (record.pendingConfigName && isGuarded(record.deploymentConfig)) return startRollout(host, record, running);
      if (record.pendingConfigName) return switchConfig(host, record, running);
      if (!running) return bringUp(host, record, record.variants);
      await running.apply(record.variants);
      return report(host, record, { status: 'InService', variants: running.states() });
    case 'RollingBack':
      // Only a restarted server sees this: a rollback its predecessor began, finished here.
      if (record.pendingConfigName && isGuarded(record.deploymentConfig) && !host.rollouts.has(record.name))
        return startRollout(host, record, running);
      return;
    default:
      // Failed, OutOfService, …: nothing to run; remember the generation so it is not retried each tick.
      host.reconciled.set(record.name, record.generation);
  }
}

async function bringUp(host: EndpointHost, record: EndpointRecord, states: EndpointRecord['variants'], quiet = false) {
  try {
    // Nothing of this endpoint runs: whatever an earlier server staged is stale.
    await rm(endpointDir(host.context.home, record.name), { recursive: true, force: true });
    const live = await startEndpoint(host.context, record.name, record.configName, states, record.generation);
    if (host.isClosed) return live.close();
    host.live.set(record.name, live);
    if (quiet) host.reconciled.set(record.name, record.generation);
    else await report(host, record, { status: 'InService', variants: live.states() });
  } catch (err) {
    await report(host, record, { status: 'Failed', failureReason: (err as Error).message });
  }
}

async function switchConfig(host: EndpointHost, record: EndpointRecord, old: ServingEndpoint | undefined): Promise<void> {
  const pending = record.pendingConfigName as string;
  let next: LiveEndpoint;
  try {
    next = await startEndpoint(host.context, record.name, pending, [], record.generation);
  } catch (err) {
    const failureReason = `Updating to endpoint config "${pending}" failed: ${(err as Error).message}`;
    return report(host, record, {
      status: old ? 'InService' : 'Failed',
      failureReason,
      configName: record.configName,
      variants: old?.states(),
    });
  }
  if (host.isClosed) return next.close();
  host.live.set(record.name, next);
  await report(host, record, { status: 'InService', configName: pending, variants: next.states() });
  if (old) {
    await old.close();
    await rm(old.dir, { recursive: true, force: true });
  }
}

/**
 * Reports what was reached for the generation it was reached for. The catalog ignores a stale
 * report (the record moved on meanwhile: its status is not the one reported); the endpoint is then
 * left unreconciled, so the next pass works on the newer record.
 */
async function report(host: EndpointHost, record: EndpointRecord, reached: Omit<EndpointReport, 'generation'>): Promise<void> {
  const after = await host.context.catalog.reportEndpoint(record.name, { ...reached, generation: record.generation });
  if (after.status === reached.status) host.reconciled.set(record.name, after.generation);
  else host.reconciled.delete(record.name);
}
