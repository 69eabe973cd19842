import type { AlarmService } from '../alarms/alarm-records.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import type { ContainerSpec } from '../serving/model-runtime.js';
import type { DeploymentConfig } from './deployment-config.js';
import { checkDeploymentConfig, checkRollbackAlarms } from './deployment-validation.js';
import type {
  DataCaptureSpec,
  EndpointCatalog,
  EndpointConfigRecord,
  EndpointRecord,
  ModelRecord,
  VariantSpec,
} from './endpoint-records.js';
import { checkEndpointConfig, checkModel, checkResourceName, checkVariantChanges } from './endpoint-validation.js';
import { resolveModelPackage } from './model-package-ref.js';

/**
 * The endpoints library: what `godwit endpoint …` and the SageMaker front door both call to
 * change desired state. It checks SageMaker's field rules, resolves model packages through the
 * registry, and records through the catalog; the server's endpoint host does the serving.
 */
export interface EndpointsDeps {
  readonly endpoints: EndpointCatalog;
  readonly registry: ModelRegistry;
}

/** One container as CreateModel gives it: its own image and data, or a model package to resolve. */
export interface NewContainer extends ContainerSpec {
  /** An ARN, or (CLI) `Group/3` / `Group/latest-approved`. */
  readonly modelPackageName?: string;
  readonly hostname?: string;
}

export interface NewModel {
  readonly name: string;
  readonly containers: readonly NewContainer[];
  readonly executionRoleArn?: string;
  readonly inferenceMode?: 'Serial' | 'Direct';
  readonly tags?: ModelRecord['tags'];
}

export interface NewEndpointConfig {
  readonly name: string;
  readonly productionVariants: readonly VariantSpec[];
  readonly shadowVariants?: readonly VariantSpec[];
  readonly dataCapture?: DataCaptureSpec;
  readonly tags?: EndpointConfigRecord['tags'];
}

/** Checks the model, resolves every `modelPackageName` to the package's image and model data, records it. */
export async function createModel(deps: EndpointsDeps, input: NewModel): Promise<ModelRecord> {
  checkModel(input);
  const containers = [];
  for (const c of input.containers) containers.push(await resolveContainer(deps.registry, c));
  return deps.endpoints.createModel({
    name: input.name,
    containers,
    ...(input.executionRoleArn !== undefined && { executionRoleArn: input.executionRoleArn }),
    inferenceMode: input.inferenceMode ?? 'Serial',
    tags: input.tags ?? [],
  });
}

async function resolveContainer(registry: ModelRegistry, c: NewContainer): Promise<ModelRecord['containers'][number]> {
  if (c.modelPackageName === undefined) return c;
  const pkg = await resolveModelPackage(registry, c.modelPackageName);
  const { modelPackageName: _ref, ...rest } = c;
  return {
    ...rest,
    ...(pkg.inference?.image !== undefined && { image: pkg.inference.image }),
    modelDataUrl: pkg.modelUri,
    modelPackageName: pkg.arn,
  };
}

export async function createEndpointConfig(deps: EndpointsDeps, input: NewEndpointConfig): Promise<EndpointConfigRecord> {
  checkEndpointConfig(input);
  return deps.endpoints.createEndpointConfig({
    name: input.name,
    productionVariants: input.productionVariants,
    shadowVariants: input.shadowVariants ?? [],
    ...(input.dataCapture !== undefined && { dataCapture: input.dataCapture }),
    tags: input.tags ?? [],
  });
}

/** How an update moves traffic, and the alarms that can name rollback alarms' existence. */
export interface DeploymentOptions {
  readonly deploymentConfig?: DeploymentConfig;
  /** Where `AutoRollbackConfiguration` alarms are looked up; without it, naming one is refused. */
  readonly alarms?: Pick<AlarmService, 'get'>;
}

export async function createEndpoint(
  deps: EndpointsDeps,
  name: string,
  configName: string,
  tags: EndpointRecord['tags'] = [],
  options: DeploymentOptions = {},
): Promise<EndpointRecord> {
  checkResourceName('endpointName', name);
  checkResourceName('endpointConfigName', configName);
  await checkDeployment(deps, configName, options);
  return deps.endpoints.createEndpoint(name, configName, tags, options.deploymentConfig);
}

/**
 * UpdateEndpoint: with a blue/green or rolling `DeploymentConfig` (given, or kept from an earlier
 * create or update when `retain` is set) the host runs a guarded update; without one it swaps.
 */
export async function updateEndpoint(
  deps: EndpointsDeps,
  name: string,
  configName: string,
  options: DeploymentOptions & { readonly retain?: boolean } = {},
): Promise<EndpointRecord> {
  checkResourceName('endpointName', name);
  checkResourceName('endpointConfigName', configName);
  let deploymentConfig = options.deploymentConfig;
  if (deploymentConfig === undefined && options.retain)
    deploymentConfig = (await deps.endpoints.getEndpoint(name))?.deploymentConfig;
  await checkDeployment(deps, configName, { ...options, deploymentConfig });
  return deps.endpoints.updateEndpoint(name, configName, deploymentConfig ?? NO_POLICY);
}

/** An update without a DeploymentConfig clears the last one, so it is not reused unasked. */
const NO_POLICY: DeploymentConfig = {};

async function checkDeployment(deps: EndpointsDeps, configName: string, options: DeploymentOptions): Promise<void> {
  const config = options.deploymentConfig;
  if (config === undefined) return;
  const green = await deps.endpoints.getEndpointConfig(configName);
  // A missing config is the catalog's error (SageMaker's "Could not find endpoint configuration").
  if (green) checkDeploymentConfig(config, green.productionVariants);
  await checkRollbackAlarms(config, options.alarms);
}

export async function updateWeightsAndCapacities(
  deps: EndpointsDeps,
  name: string,
  changes: readonly { variantName: string; weight?: number; instanceCount?: number }[],
): Promise<EndpointRecord> {
  checkResourceName('endpointName', name);
  checkVariantChanges(changes);
  return deps.endpoints.updateWeightsAndCapacities(name, changes);
}
