import { rm } from 'node:fs/promises';
import { GodwitError } from '../../core/errors.js';
import type { DeploymentConfig } from '../../endpoints/deployment-config.js';
import { fleetCapacity } from '../../endpoints/deployment-validation.js';
import type { EndpointConfigRecord, EndpointRecord } from '../../endpoints/endpoint-records.js';
import type { RolloutProgress } from '../../endpoints/rollout-records.js';
import type { EndpointHost } from '../host/endpoint-host.js';
import { LiveEndpoint, type ServingEndpoint } from '../host/live-endpoint.js';
import { endpointDir, startEndpoint } from '../host/start-endpoint.js';
import { FleetSplit } from './fleet-split.js';
import { greenAt } from './rolling-capacity.js';
import { deploymentEvent } from './rollout-events.js';
import { type RolloutPlan, rolloutPlan } from './rollout-plan.js';
import { Rollout } from './rollout-runner.js';

/**
 * Begins (or, after a restart, resumes) the guarded update of an `Updating` endpoint whose record
 * has a pending config and a blue/green or rolling `DeploymentConfig`. The new fleet starts beside
 * the old one (a restarted server starts the old one too, with its recorded weights and counts);
 * the host then holds a `FleetSplit` at the recorded share, and the update runs in the background
 * (`Rollout`), so the host's reconcile pass is not held for the baking periods. A new fleet that
 * cannot start leaves the old one serving: the update ends `InService` on the old config with the
 * reason, as an unguarded update does.
 */
export async function startRollout(
  host: EndpointHost,
  record: EndpointRecord,
  running: ServingEndpoint | undefined,
): Promise<void> {
  const { catalog, clock } = host.context;
  const greenName = record.pendingConfigName as string;
  const deployment = record.deploymentConfig as DeploymentConfig;
  const green = await catalog.getEndpointConfig(greenName);
  if (!green) throw new GodwitError('E_ENDPOINT_CONFIG_MISSING', `Endpoint config "${greenName}" does not exist.`);
  const plan = rolloutPlan(deployment, fleetCapacity(green.productionVariants));
  const saved = await catalog.getRollout(record.name);
  const progress: RolloutProgress =
    saved && saved.greenConfig === greenName && saved.blueConfig === record.configName
      ? saved
      : fresh(record, greenName, deployment, clock.now());
  const blue = running instanceof LiveEndpoint ? running : await startBlue(host, record, progress, plan);
  let greenLive: LiveEndpoint;
  try {
    greenLive = await startEndpoint(host.context, record.name, greenName, greenStates(green, progress, plan), record.generation);
  } catch (err) {
    return greenFailed(host, record, blue, progress, green, err);
  }
  if (host.isClosed) return void (await Promise.all([blue.close(), greenLive.close()]));
  const split = new FleetSplit(blue, greenLive, host.context.random);
  split.greenShare = progress.phase === 'rolling-back' ? 0 : progress.greenShare;
  const blueFull = record.variants.length > 0 ? record.variants : blue.states();
  const rollout = new Rollout(host, split, green, plan, progress, record.generation, blueFull);
  split.onClose = () => rollout.stop();
  host.live.set(record.name, progress.phase === 'terminating' ? greenLive : split);
  host.rollouts.set(record.name, rollout);
  host.reconciled.set(record.name, record.generation);
  rollout.start(saved === progress);
}

function fresh(record: EndpointRecord, greenConfig: string, deploymentConfig: DeploymentConfig, now: Date): RolloutProgress {
  return {
    endpointName: record.name,
    blueConfig: record.configName,
    greenConfig,
    deploymentConfig,
    phase: 'shifting',
    step: -1,
    greenShare: 0,
    startedAt: now,
    stepStartedAt: now,
  };
}

/** A restarted server's old fleet: with its recorded counts, less what a rolling update had replaced. */
async function startBlue(host: EndpointHost, record: EndpointRecord, progress: RolloutProgress, plan: RolloutPlan) {
  const keep = plan.kind === 'rolling' && progress.phase === 'shifting' ? 1 - progress.greenShare : 1;
  const states = record.variants.map((v) => ({ ...v, instanceCount: Math.max(1, Math.ceil(v.instanceCount * keep - 1e-9)) }));
  // Nothing of this endpoint runs: whatever an earlier server staged is stale.
  await rm(endpointDir(host.context.home, record.name), { recursive: true, force: true });
  // A generation of its own, so the old fleet's folder differs from the new one's even for the same config.
  return startEndpoint(host.context, record.name, record.configName, states, record.generation - 1);
}

function greenStates(green: EndpointConfigRecord, progress: RolloutProgress, plan: RolloutPlan) {
  if (plan.kind !== 'rolling') return [];
  const share = Math.max(progress.greenShare, plan.steps[0]?.greenShare ?? 1);
  return greenAt(green, share);
}

async function greenFailed(
  host: EndpointHost,
  record: EndpointRecord,
  blue: LiveEndpoint,
  progress: RolloutProgress,
  green: EndpointConfigRecord,
  err: unknown,
): Promise<void> {
  const { catalog, clock } = host.context;
  const reason = `Updating to endpoint config "${green.name}" failed: ${(err as Error).message}`;
  host.live.set(record.name, blue);
  const after = await catalog.reportEndpoint(record.name, {
    status: 'InService',
    configName: record.configName,
    failureReason: reason,
    variants: blue.states(),
    generation: record.generation,
  });
  if (after.status === 'InService') host.reconciled.set(record.name, after.generation);
  const ended: RolloutProgress = { ...progress, phase: 'rolling-back', greenShare: 0, reason };
  await catalog.saveRollout(record.name, undefined, [deploymentEvent('RolledBack', ended, green, clock.now())]);
}
