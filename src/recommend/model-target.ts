import { GodwitError } from '../core/errors.js';
import type { EndpointCatalog } from '../endpoints/endpoint-records.js';
import { resolveModelPackage } from '../endpoints/model-package-ref.js';
import { containerFor } from '../endpoints/model-source.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import type { BenchContainers } from './bench-endpoint.js';

/** What MODEL named, ready to serve: its containers with model data resolved, and a one-line description. */
export interface ModelTarget {
  readonly containers: BenchContainers;
  readonly resolved: string;
}

/**
 * Resolves MODEL the way `godwit endpoint create --model` does (`containerFor`: a folder or file,
 * a store URI such as `s3://…/model.tar.gz`, a registry reference `Group/3`,
 * `Group/latest-approved` or a model package ARN, only Approved versions), and beyond that a
 * SageMaker model recorded in the endpoint catalog (`godwit endpoint create`, CreateModel), by name.
 */
export async function resolveModelTarget(
  source: string,
  cwd: string,
  deps: { readonly registry: ModelRegistry; readonly endpoints: EndpointCatalog },
): Promise<ModelTarget> {
  let container: ReturnType<typeof containerFor>;
  try {
    container = containerFor(source, cwd);
  } catch (err) {
    if ((err as GodwitError).code !== 'E_MODEL_SOURCE') throw err;
    const model = await deps.endpoints.getModel(source);
    if (model) return { containers: model.containers, resolved: `SageMaker model "${model.name}"` };
    throw new GodwitError(
      'E_RECOMMEND_MODEL',
      `MODEL "${source}" is neither a model folder, a store URI, a registry reference nor a SageMaker model in the catalog.`,
      {
        hint: 'Give a model folder, s3://…/model.tar.gz, Group/latest-approved (see godwit models list) or a model name from godwit endpoint list.',
      },
    );
  }
  if (container.modelPackageName === undefined) return { containers: [container], resolved: container.modelDataUrl ?? source };
  const version = await resolveModelPackage(deps.registry, container.modelPackageName);
  const image = version.inference?.image;
  return {
    containers: [{ ...(image !== undefined && { image }), modelDataUrl: version.modelUri, modelPackageName: version.arn }],
    resolved: `${version.arn} (${version.modelUri})`,
  };
}
