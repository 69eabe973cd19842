import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import type { DeploymentConfig } from '../endpoints/deployment-config.js';
import { checkDeploymentConfig, checkRollbackAlarms } from '../endpoints/deployment-validation.js';
import type { EndpointRecord } from '../endpoints/endpoint-records.js';
import { createEndpointConfig, updateEndpoint } from '../endpoints/endpoints.js';
import { EXPERIMENT_TAG, finalConfig, promoted, stepConfigName } from './experiment-configs.js';
import { wrongState } from './experiment-errors.js';
import type { ExperimentRecord, ExperimentVariant, StopRequest } from './experiment-records.js';
import { describeExperiment, type ExperimentsDeps, stopExperiment } from './experiments.js';

export interface PromoteOptions {
  /** The promoted variant's instances; the production variant's count unless given (AWS's advice). */
  readonly instanceCount?: number;
  readonly reason?: string;
  /**
   * A guarded update (UpdateEndpoint's DeploymentConfig: a canary or linear rollout, baking,
   * auto-rollback alarms), checked here against the config the promotion makes. Without it the
   * endpoint swaps in one step.
   */
  readonly deploymentConfig?: DeploymentConfig;
}

export interface Promotion {
  readonly experiment: ExperimentRecord;
  /** `stop`: the runner promotes as the experiment stops; `update`: the endpoint is updating to `configName` now. */
  readonly how: 'stop' | 'update';
  readonly configName?: string;
  readonly endpoint?: EndpointRecord;
}

/**
 * Makes a shadow test's shadow the production variant. While it runs, that is
 * StopInferenceExperiment with `{shadow: Promote, production: Remove}` (the runner makes the
 * endpoint update). After it has ended, it is an endpoint update of its own: a new config whose
 * production variant is the shadow's model in the source variant's place, everything else kept.
 */
export async function promoteExperiment(
  deps: ExperimentsDeps,
  clock: Clock,
  name: string,
  options: PromoteOptions = {},
): Promise<Promotion> {
  const e = await describeExperiment(deps, name);
  const shadow = e.modelVariants.find((v) => v.variantName === e.shadowVariant) as ExperimentVariant;
  const desiredVariants = options.instanceCount === undefined ? [] : [{ ...shadow, instanceCount: options.instanceCount }];
  const { deploymentConfig } = options;
  if (e.status === 'Running') {
    const actions = { [e.productionVariant]: 'Remove', [e.shadowVariant]: 'Promote' } as const;
    const stop = { actions, desiredVariants, desiredState: 'Completed' as const, reason: options.reason ?? 'Promoted.' };
    if (deploymentConfig) await checkGuard(deps, e, deploymentConfig, { ...stop, deploymentConfig });
    const stopped = await stopExperiment(deps, clock, name, { ...stop, ...(deploymentConfig && { deploymentConfig }) });
    return { experiment: stopped, how: 'stop' };
  }
  if ((e.status !== 'Completed' && e.status !== 'Cancelled') || !e.runningSince)
    throw wrongState(e, 'promote', ['Running', 'Completed after it ran']);
  const endpoint = await deps.endpoints.getEndpoint(e.endpointName);
  const current = endpoint && (await deps.endpoints.getEndpointConfig(endpoint.configName));
  const source = current?.productionVariants.find((v) => v.variantName === e.productionVariant);
  if (!endpoint || !current || !source) {
    throw new GodwitError(
      'E_EXPERIMENT_PROMOTE',
      `Endpoint "${e.endpointName}" no longer has production variant "${e.productionVariant}" to replace with "${e.shadowVariant}".`,
      {
        hint: `See what it serves with: godwit endpoint describe ${e.endpointName}`,
      },
    );
  }
  const state = endpoint.variants.find((s) => s.variantName === source.variantName);
  const live = state ? { ...source, initialVariantWeight: state.weight, initialInstanceCount: state.instanceCount } : source;
  const spec = {
    variantName: shadow.variantName,
    modelName: shadow.modelName,
    initialInstanceCount: shadow.instanceCount,
    initialVariantWeight: 0,
    instanceType: shadow.instanceType,
  };
  const configName = stepConfigName(e, 'promote');
  const productionVariants = current.productionVariants.map((v) =>
    v.variantName === source.variantName ? promoted(spec, live, desiredVariants[0]) : v,
  );
  if (deploymentConfig) {
    checkDeploymentConfig(deploymentConfig, productionVariants);
    await checkRollbackAlarms(deploymentConfig, deps.alarms);
  }
  await createEndpointConfig(deps, {
    name: configName,
    productionVariants,
    shadowVariants: current.shadowVariants.filter((v) => v.variantName !== e.shadowVariant),
    ...(current.dataCapture && { dataCapture: current.dataCapture }),
    tags: [{ Key: EXPERIMENT_TAG, Value: e.name }],
  });
  const updated = await updateEndpoint(deps, e.endpointName, configName, {
    ...(deploymentConfig && { deploymentConfig }),
    alarms: deps.alarms,
  });
  return { experiment: e, how: 'update', configName, endpoint: updated };
}

/** A promotion's DeploymentConfig checked against the config the stop will make, before anything is recorded. */
async function checkGuard(
  deps: ExperimentsDeps,
  e: ExperimentRecord,
  config: DeploymentConfig,
  stop: StopRequest,
): Promise<void> {
  const endpoint = await deps.endpoints.getEndpoint(e.endpointName);
  const current = endpoint && (await deps.endpoints.getEndpointConfig(endpoint.configName));
  const next = current && finalConfig(e, current, endpoint.variants, stop);
  if (next) checkDeploymentConfig(config, next.productionVariants);
  await checkRollbackAlarms(config, deps.alarms);
}
