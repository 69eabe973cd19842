import type { EndpointCatalog, VariantState } from '../endpoints/endpoint-records.js';
import { invalidScaling } from './autoscaling-errors.js';
import { parseVariantResourceId, SAGEMAKER_SERVICE, type TargetKey, VARIANT_DIMENSION } from './scaling-records.js';

/**
 * What Godwit can scale: a SageMaker production variant's instance count. Other services'
 * namespaces and dimensions are refused naming what is offered, in AWS's words where it has them.
 */
export function checkTargetKey(key: TargetKey): void {
  if (key.serviceNamespace !== SAGEMAKER_SERVICE) {
    throw invalidScaling(
      `Unsupported service namespace ${key.serviceNamespace}.`,
      `Godwit scales SageMaker endpoint variants: ServiceNamespace "${SAGEMAKER_SERVICE}".`,
    );
  }
  if (key.scalableDimension !== VARIANT_DIMENSION) {
    throw invalidScaling(
      `Unsupported scalable dimension ${key.scalableDimension} for service namespace ${key.serviceNamespace}.`,
      `A SageMaker variant scales on "${VARIANT_DIMENSION}".`,
    );
  }
  if (!parseVariantResourceId(key.resourceId)) {
    throw invalidScaling(
      `Unsupported resource ID ${key.resourceId} for service namespace ${key.serviceNamespace}.`,
      'A variant is named endpoint/<endpoint name>/variant/<variant name>.',
    );
  }
}

/** The variant's current weight and count; a missing endpoint or variant is a ValidationException, as AWS answers. */
export async function variantOf(endpoints: EndpointCatalog, key: TargetKey): Promise<VariantState> {
  const { endpoint, variant } = parseVariantResourceId(key.resourceId) as { endpoint: string; variant: string };
  const record = await endpoints.getEndpoint(endpoint);
  if (!record) {
    throw invalidScaling(
      `The endpoint "${endpoint}" in resource ID ${key.resourceId} does not exist.`,
      'See: godwit endpoints list',
    );
  }
  const live = record.variants.find((v) => v.variantName === variant);
  if (live) return live;
  // Before the host's first reconcile the record has no variant states yet: the config's are the ones it will start.
  const config = await endpoints.getEndpointConfig(record.configName);
  const spec = config?.productionVariants.find((v) => v.variantName === variant);
  if (!spec) {
    const names = (config?.productionVariants ?? record.variants).map((v) => v.variantName).join(', ');
    throw invalidScaling(
      `The endpoint "${endpoint}" has no production variant "${variant}" (resource ID ${key.resourceId}).`,
      `Its variants: ${names}.`,
    );
  }
  return { variantName: variant, weight: spec.initialVariantWeight, instanceCount: spec.initialInstanceCount };
}

/**
 * The least MinCapacity a variant takes: 1, or 0 for an asynchronous endpoint's variant, whose
 * requests wait in its queue while it has no instance (AWS's "scale to zero" for async inference).
 */
export async function lowestCapacity(endpoints: EndpointCatalog, key: TargetKey): Promise<number> {
  const endpoint = parseVariantResourceId(key.resourceId)?.endpoint;
  const record = endpoint === undefined ? undefined : await endpoints.getEndpoint(endpoint);
  const config = record && (await endpoints.getEndpointConfig(record.configName));
  return config?.asyncInference ? 0 : 1;
}
