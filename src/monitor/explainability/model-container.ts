/**
 * The model `godwit monitor explain` explains, as the job's `PrimaryContainer`: `--model` resolved
 * as `godwit recommend` resolves MODEL (a folder or URI, a registry reference, a SageMaker model in
 * the catalog), or `--endpoint`'s first production variant's model from the endpoint catalog.
 */
import { GodwitError } from '../../core/errors.js';
import type { Metadata } from '../../meta/index.js';
import { resolveModelTarget } from '../../recommend/model-target.js';

/** SageMaker's `ContainerDefinition` fields the job reads. */
export interface ModelContainer {
  readonly Image?: string;
  readonly ModelDataUrl: string;
  readonly Environment?: Record<string, string>;
}

/** Exactly one of `model` and `endpoint` is given (the CLI checks it). */
export async function modelContainer(
  values: { readonly model?: string; readonly endpoint?: string },
  cwd: string,
  metadata: Pick<Metadata, 'registry' | 'endpoints'>,
): Promise<ModelContainer> {
  if (values.model !== undefined) {
    const target = await resolveModelTarget(values.model, cwd, metadata);
    return fromSpec(target.containers[0], values.model);
  }
  const name = values.endpoint as string;
  const endpoint = await metadata.endpoints.getEndpoint(name);
  const config = endpoint && (await metadata.endpoints.getEndpointConfig(endpoint.configName));
  const modelName = config?.productionVariants[0]?.modelName;
  const model = modelName === undefined ? undefined : await metadata.endpoints.getModel(modelName);
  if (!model)
    throw new GodwitError('E_EXPLAIN_MODEL', `There is no endpoint "${name}" with a model in the endpoint catalog.`, {
      hint: 'See godwit endpoint list; or give the model itself with --model.',
    });
  return fromSpec(model.containers[0], `endpoint "${name}"`);
}

function fromSpec(
  spec: { image?: string; modelDataUrl?: string; environment?: Readonly<Record<string, string>> } | undefined,
  what: string,
): ModelContainer {
  if (!spec?.modelDataUrl)
    throw new GodwitError('E_EXPLAIN_MODEL', `The model of ${what} has no model data to load.`, {
      hint: 'Explain a model with model data (a folder or model.tar.gz); a container that carries its own model is not loaded in process.',
    });
  return {
    Image: spec.image,
    ModelDataUrl: spec.modelDataUrl,
    Environment: spec.environment ? { ...spec.environment } : undefined,
  };
}
