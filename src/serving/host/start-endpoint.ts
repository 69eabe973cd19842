import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { GodwitHome } from '../../core/home.js';
import type { EndpointCatalog, ModelRecord, VariantSpec, VariantState } from '../../endpoints/endpoint-records.js';
import { warmInstances } from '../../endpoints/serverless-config.js';
import { stageModelData } from '../model-data.js';
import type { ModelInstance } from '../model-runtime.js';
import { startPipeline } from '../pipeline-instance.js';
import { shadowSamplingPercentage } from '../shadow/shadow-sampling.js';
import type { HostSeams } from './host-seams.js';
import { InstancePool, type SlotStarter } from './instance-pool.js';
import { type LiveCapture, LiveEndpoint, type LiveVariant, type ShadowVariant } from './live-endpoint.js';
import { startContainer as startWithRuntime } from './runtime-choice.js';
import { serverlessPool } from './serverless-start.js';

export interface StartContext {
  readonly catalog: EndpointCatalog;
  readonly home: GodwitHome;
  readonly seams: HostSeams;
  readonly clock: Clock;
  readonly random?: () => number;
  readonly log: (line: string) => void;
  /** How long a serverless variant's instance may be unused before it stops (the pool's default without). */
  readonly serverlessIdleMs?: number;
}

/**
 * Where an endpoint's staged models and instance folders live: `<home>/endpoints/<endpoint>/serving/`,
 * beside what outlives a restart or a deletion (its shadow-test records in `shadow/`).
 */
export function endpointDir(home: GodwitHome, endpointName: string): string {
  return join(home.root, 'endpoints', endpointName, 'serving');
}

/**
 * Where an endpoint's instances write their output: `<home>/endpoints/<endpoint>/logs/<variant>/
 * <instance id>.log` (and `<instance id>/container-<i>.log` for an inference pipeline's later
 * containers), the CloudWatch Logs door's streams. Beside `serving/`, not in it: the host removes
 * `serving/` on restart, update and deletion, and logs outlive all three, as CloudWatch's do.
 */
export function endpointLogDir(home: GodwitHome, endpointName: string): string {
  return join(home.root, 'endpoints', endpointName, 'logs');
}

/**
 * Starts every variant of `configName` for an endpoint: model data staged under
 * `<home>/endpoints/<endpoint>/serving/<config>.<generation>/<variant>/`, instances started through the runtimes.
 * `states` (weights and counts recorded for the endpoint) win over the config's initial ones.
 * Any failure closes what was started and throws a GodwitError naming the variant and the problem.
 */
export async function startEndpoint(
  ctx: StartContext,
  endpointName: string,
  configName: string,
  states: readonly VariantState[] = [],
  generation = 0,
): Promise<LiveEndpoint> {
  const config = await ctx.catalog.getEndpointConfig(configName);
  if (!config) throw new GodwitError('E_ENDPOINT_CONFIG_MISSING', `Endpoint config "${configName}" does not exist.`);
  const started: InstancePool[] = [];
  try {
    // One folder per start, so a config started again beside itself never overwrites live files.
    const root = join(endpointDir(ctx.home, endpointName), `${configName}.${generation}`);
    const production: LiveVariant[] = [];
    // An asynchronous endpoint's instances each take MaxConcurrentInvocationsPerInstance requests at once.
    const perInstance = config.asyncInference?.maxConcurrentInvocationsPerInstance ?? 1;
    for (const spec of config.productionVariants) {
      const state = states.find((s) => s.variantName === spec.variantName);
      const pool = await startVariant(ctx, root, spec, state ?? initialState(spec), endpointName, perInstance);
      started.push(pool);
      production.push({ name: spec.variantName, weight: state?.weight ?? spec.initialVariantWeight, pool });
    }
    const total = production.reduce((sum, v) => sum + v.weight, 0);
    const shadows: ShadowVariant[] = [];
    for (const spec of config.shadowVariants) {
      const pool = await startVariant(ctx, root, spec, initialState(spec), endpointName);
      started.push(pool);
      shadows.push({ name: spec.variantName, percentage: shadowSamplingPercentage(total, spec.initialVariantWeight), pool });
    }
    const capture = await openCapture(ctx, endpointName, config.dataCapture);
    const live = new LiveEndpoint(endpointName, configName, production, shadows, capture, ctx.seams, ctx.clock, ctx.random);
    live.dir = root;
    return live;
  } catch (err) {
    await Promise.allSettled(started.map((p) => p.close()));
    throw err;
  }
}

async function openCapture(ctx: StartContext, endpointName: string, spec: LiveCapture['spec'] | undefined) {
  if (!spec?.enableCapture || !ctx.seams.openCapture) return undefined;
  return { spec, sink: await ctx.seams.openCapture(endpointName, spec) };
}

function initialState(spec: VariantSpec): VariantState {
  const { variantName, initialVariantWeight: weight, initialInstanceCount: instanceCount, serverless } = spec;
  return { variantName, weight, instanceCount, ...(serverless && { serverless }) };
}

async function startVariant(
  ctx: StartContext,
  root: string,
  spec: VariantSpec,
  state: VariantState,
  endpointName: string,
  perInstance = 1,
): Promise<InstancePool> {
  const model = await ctx.catalog.getModel(spec.modelName);
  if (!model) {
    throw new GodwitError(
      'E_ENDPOINT_MODEL_MISSING',
      `Variant "${spec.variantName}" serves model "${spec.modelName}", which does not exist.`,
    );
  }
  const dir = join(root, spec.variantName);
  try {
    const options = { home: ctx.home, storeOptions: ctx.seams.storeOptions };
    await Promise.all(model.containers.map((c, i) => stageModelData(c.modelDataUrl, join(dir, `model-${i}`), options)));
  } catch (err) {
    throw inVariant(spec, err);
  }
  const serverless = state.serverless ?? spec.serverless;
  const logDir = join(endpointLogDir(ctx.home, endpointName), spec.variantName);
  const memoryLimitMb = serverless?.memorySizeInMB;
  const start: SlotStarter = (slot, onExit) => startInstance(ctx, model, dir, slot, onExit, logDir, memoryLimitMb);
  const log = (line: string) => ctx.log(`${spec.variantName}: ${line}`);
  const pool = serverless
    ? serverlessPool(ctx, start, { endpointName, variantName: spec.variantName, config: serverless, log })
    : new InstancePool(start, perInstance, log);
  await pool.open(serverless ? warmInstances(serverless) : state.instanceCount).catch((err) => {
    throw inVariant(spec, err);
  });
  return pool;
}

function startInstance(
  ctx: StartContext,
  model: ModelRecord,
  dir: string,
  slot: number,
  onExit: (r: string) => void,
  logDir: string,
  memoryLimitMb: number | undefined,
) {
  // EC2's shape, as SageMaker's stream names show it; a replacement instance gets a new one.
  const instanceId = `i-${randomBytes(9).toString('hex').slice(0, 17)}`;
  const startContainer = async (index: number): Promise<ModelInstance> => {
    const container = model.containers[index];
    const workDir = join(dir, `instance-${slot}`, `container-${index}`);
    const logPath = join(logDir, index === 0 ? `${instanceId}.log` : join(instanceId, `container-${index}.log`));
    const modelDir = join(dir, `model-${index}`);
    return startWithRuntime({ container, modelDir, home: ctx.home, workDir, onExit, logPath, memoryLimitMb });
  };
  if (model.containers.length === 1) return startContainer(0);
  return startPipeline(model, startContainer);
}

function inVariant(spec: VariantSpec, err: unknown): GodwitError {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof GodwitError ? err.code : 'E_MODEL_ERROR';
  return new GodwitError(code, `Variant "${spec.variantName}" (model "${spec.modelName}"): ${message}`, { cause: err });
}
