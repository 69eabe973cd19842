import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { alreadyExists, inProgress, notFound } from './endpoint-errors.js';
import type { DataCaptureSpec, EndpointRecord, VariantSpec } from './endpoint-records.js';
import { checkResourceName } from './endpoint-validation.js';
import {
  createEndpoint,
  createEndpointConfig,
  createModel,
  type DeploymentOptions,
  type EndpointsDeps,
  type NewContainer,
  updateEndpoint,
} from './endpoints.js';

/** One variant of a one-verb deploy: its name, what serves it, its share and its instances. */
export interface DeployVariant {
  readonly variantName: string;
  readonly container: NewContainer;
  readonly weight: number;
  readonly instanceCount: number;
  readonly instanceType?: string;
}

export interface Deployment {
  /** The endpoint's name; models and the config are named after it with a time stamp. */
  readonly name: string;
  readonly variants: readonly DeployVariant[];
  readonly shadows?: readonly DeployVariant[];
  readonly dataCapture?: DataCaptureSpec;
}

export interface Deployed {
  readonly endpoint: EndpointRecord;
  readonly configName: string;
  readonly modelNames: readonly string[];
}

/**
 * `godwit endpoint create NAME --model …`: a model per variant, one endpoint config, then the
 * endpoint, as a SageMaker user would make them by hand. The endpoint's name is checked free
 * first, so a taken name leaves no stray model or config behind.
 */
export async function deployModel(deps: EndpointsDeps, clock: Clock, d: Deployment): Promise<Deployed> {
  checkResourceName('endpointName', d.name);
  if (await deps.endpoints.getEndpoint(d.name)) {
    throw alreadyExists('endpoint', d.name, `Change what it serves with: godwit endpoint update ${d.name} --model …`);
  }
  const { configName, modelNames } = await recordConfig(deps, clock, d);
  return { endpoint: await createEndpoint(deps, d.name, configName), configName, modelNames };
}

/** `godwit endpoint update NAME --model …`: new models and config, then UpdateEndpoint to them. */
export async function redeployModel(
  deps: EndpointsDeps,
  clock: Clock,
  d: Deployment,
  options: DeploymentOptions = {},
): Promise<Deployed> {
  checkResourceName('endpointName', d.name);
  const current = await deps.endpoints.getEndpoint(d.name);
  if (!current) throw notFound('endpoint', d.name);
  // Checked before anything is recorded; the catalog checks again in its transaction.
  if (current.status !== 'InService' && current.status !== 'Failed') throw inProgress(current);
  const { configName, modelNames } = await recordConfig(deps, clock, d);
  return { endpoint: await updateEndpoint(deps, d.name, configName, options), configName, modelNames };
}

async function recordConfig(deps: EndpointsDeps, clock: Clock, d: Deployment) {
  const stamp = `${clock.now().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const modelNames: string[] = [];
  const variantsOf = async (list: readonly DeployVariant[], tag: string): Promise<VariantSpec[]> => {
    const out: VariantSpec[] = [];
    for (const [i, v] of list.entries()) {
      // The variant stays in the name (clipped names could collide, so a long one is its position).
      const variantPart = v.variantName.length <= 20 ? v.variantName : `${tag}${i + 1}`;
      const modelName = `${d.name.slice(0, 20)}-${variantPart}-${stamp}`;
      await createModel(deps, { name: modelName, containers: [v.container] });
      modelNames.push(modelName);
      out.push({
        variantName: v.variantName,
        modelName,
        initialInstanceCount: v.instanceCount,
        initialVariantWeight: v.weight,
        ...(v.instanceType !== undefined && { instanceType: v.instanceType }),
      });
    }
    return out;
  };
  const configName = derived(d.name, stamp);
  await createEndpointConfig(deps, {
    name: configName,
    productionVariants: await variantsOf(d.variants, 'v'),
    shadowVariants: await variantsOf(d.shadows ?? [], 's'),
    ...(d.dataCapture !== undefined && { dataCapture: d.dataCapture }),
  });
  return { configName, modelNames };
}

/** `<base>-<stamp>`, the base clipped so the whole stays within SageMaker's 63 characters. */
function derived(base: string, stamp: string): string {
  return `${base.slice(0, 62 - stamp.length)}-${stamp}`;
}
