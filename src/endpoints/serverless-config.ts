import { GodwitError } from '../core/errors.js';
import type { EndpointCatalog, ServerlessSpec, VariantChange, VariantSpec, VariantState } from './endpoint-records.js';
import type { Problems } from './endpoint-validation.js';
import type { NewEndpointConfig } from './endpoints.js';

/**
 * SageMaker's rules for serverless variants (`ServerlessConfig`, `ServerlessUpdateConfig`), in
 * its words: memory 1024–6144 MB in steps of 1024, `MaxConcurrency` 1–200, `ProvisionedConcurrency`
 * 1–`MaxConcurrency`; a variant is serverless or instance-based, never both.
 */
export const MEMORY_SIZES = [1024, 2048, 3072, 4096, 5120, 6144] as const;
const MAX_CONCURRENCY = 200;

/** The serverless part of a production variant's checks (`checkVariant` calls it). */
export function checkServerlessVariant(p: Problems, path: string, v: VariantSpec): void {
  const s = v.serverless;
  if (!s) return;
  const at = `${path}.serverlessConfig`;
  if (!MEMORY_SIZES.includes(s.memorySizeInMB as (typeof MEMORY_SIZES)[number])) {
    p.value(`${at}.memorySizeInMB`, s.memorySizeInMB, `Member must be one of ${MEMORY_SIZES.join(', ')}`);
  }
  checkLimits(p, at, s.maxConcurrency, s.provisionedConcurrency);
  if (v.instanceType !== undefined) {
    p.say(`${path}: a production variant takes either InstanceType or ServerlessConfig, not both (variant "${v.variantName}")`);
  }
}

function checkLimits(p: Problems, at: string, max: number | undefined, provisioned: number | undefined): void {
  if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= MAX_CONCURRENCY)) {
    p.value(`${at}.maxConcurrency`, max, `Member must have value between 1 and ${MAX_CONCURRENCY}`);
  }
  if (provisioned === undefined) return;
  if (!(Number.isInteger(provisioned) && provisioned >= 1 && provisioned <= MAX_CONCURRENCY)) {
    p.value(`${at}.provisionedConcurrency`, provisioned, `Member must have value between 1 and ${MAX_CONCURRENCY}`);
  } else if (max !== undefined && Number.isInteger(max) && provisioned > max) {
    p.say(`ProvisionedConcurrency (${provisioned}) must be less than or equal to MaxConcurrency (${max})`);
  }
}

/**
 * What a serverless endpoint config cannot have, as SageMaker's feature exclusions list them: a
 * second production variant, shadow variants, data capture.
 */
export function checkServerlessEndpointConfig(p: Problems, config: NewEndpointConfig): void {
  const serverless = config.productionVariants.filter((v) => v.serverless).map((v) => v.variantName);
  const shadows = (config.shadowVariants ?? []).filter((v) => v.serverless).map((v) => v.variantName);
  if (shadows.length > 0) p.say(`Shadow variants cannot be serverless (${shadows.join(', ')})`);
  if (serverless.length === 0) return;
  if (config.productionVariants.length > 1) {
    p.say(
      `A serverless endpoint config has exactly one production variant; "${serverless[0]}" is serverless and the config has ${config.productionVariants.length}`,
    );
  }
  if ((config.shadowVariants ?? []).length > 0) p.say('A serverless endpoint config cannot have shadow variants');
  if (config.dataCapture?.enableCapture) p.say('Data capture is not supported for serverless endpoints');
}

/**
 * SageMaker's one-way door: an instance-based endpoint cannot be updated to a serverless config
 * (a serverless one may become instance-based).
 */
export async function checkServerlessUpdate(catalog: EndpointCatalog, name: string, configName: string): Promise<void> {
  const endpoint = await catalog.getEndpoint(name);
  const [current, next] = await Promise.all([
    endpoint && catalog.getEndpointConfig(endpoint.configName),
    catalog.getEndpointConfig(configName),
  ]);
  if (!current || !next) return;
  const wasServerless = current.productionVariants.some((v) => v.serverless);
  if (wasServerless || !next.productionVariants.some((v) => v.serverless)) return;
  throw new GodwitError(
    'E_ENDPOINT_VALIDATION',
    `Endpoint "${name}" is instance-based and cannot be updated to serverless endpoint config "${configName}".`,
    {
      hint: 'Create a new endpoint with the serverless config; a serverless endpoint can become instance-based, not the reverse.',
    },
  );
}

/** A `ServerlessUpdateConfig`'s own field rules (`checkVariantChanges` calls it). */
export function checkServerlessChange(p: Problems, path: string, c: VariantChange): void {
  if (!c.serverless) return;
  const at = `${path}.serverlessUpdateConfig`;
  const { maxConcurrency, provisionedConcurrency } = c.serverless;
  if (maxConcurrency === undefined && provisionedConcurrency === undefined) {
    p.say(`${at}: give a MaxConcurrency, a ProvisionedConcurrency or both`);
  }
  checkLimits(p, at, maxConcurrency, provisionedConcurrency);
  if (c.instanceCount !== undefined) {
    p.say(`${path}: give either DesiredInstanceCount or ServerlessUpdateConfig, not both`);
  }
}

/** A serverless variant's warm floor, which its recorded `instanceCount` holds. */
export function warmInstances(s: ServerlessSpec): number {
  return s.provisionedConcurrency ?? 0;
}

/**
 * The variant's state after `change`: weight, instance count or serverless limits. A serverless
 * change to an instance-based variant, an instance count for a serverless one, or limits that
 * leave `ProvisionedConcurrency` above `MaxConcurrency` are refused, naming the variant.
 */
export function changedState(endpointName: string, state: VariantState, change: VariantChange): VariantState {
  const weight = change.weight ?? state.weight;
  if (!state.serverless) {
    if (change.serverless) refuse(endpointName, state, 'has no ServerlessConfig, so it takes no ServerlessUpdateConfig');
    return { ...state, weight, instanceCount: change.instanceCount ?? state.instanceCount };
  }
  if (change.instanceCount !== undefined) {
    refuse(endpointName, state, 'is serverless, so it takes a ServerlessUpdateConfig, not a DesiredInstanceCount');
  }
  const serverless: ServerlessSpec = { ...state.serverless, ...definedOnly(change.serverless) };
  const { maxConcurrency: max, provisionedConcurrency: provisioned } = serverless;
  if (provisioned !== undefined && provisioned > max) {
    refuse(endpointName, state, `would have ProvisionedConcurrency (${provisioned}) above MaxConcurrency (${max})`);
  }
  return { ...state, weight, instanceCount: warmInstances(serverless), serverless };
}

function definedOnly(change: VariantChange['serverless']): Partial<ServerlessSpec> {
  const out: { maxConcurrency?: number; provisionedConcurrency?: number } = {};
  if (change?.maxConcurrency !== undefined) out.maxConcurrency = change.maxConcurrency;
  if (change?.provisionedConcurrency !== undefined) out.provisionedConcurrency = change.provisionedConcurrency;
  return out;
}

function refuse(endpointName: string, state: VariantState, why: string): never {
  throw new GodwitError('E_ENDPOINT_VALIDATION', `Variant "${state.variantName}" of endpoint "${endpointName}" ${why}.`, {
    hint: 'Serverless variants change through ServerlessUpdateConfig (MaxConcurrency, ProvisionedConcurrency); instance-based ones through DesiredInstanceCount.',
  });
}
