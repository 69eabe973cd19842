import type { EndpointConfigRecord, EndpointRecord, VariantSpec, VariantState } from '../../../endpoints/endpoint-records.js';
import type { Metadata } from '../../../meta/index.js';
import { pendingVariants } from '../../../serving/rollout/deployment-summary.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, requiredString } from '../aws-input.js';
import { deploymentConfigOut } from './deployment-config-input.js';
import { variantOut } from './endpoint-configs.js';
import { epochSeconds } from './list-request.js';
import { endpointArn } from './sagemaker-arns.js';

/**
 * DescribeEndpoint reads the record the host keeps current. Desired weights and counts are the
 * record's (or the config's initial ones before the first reconcile); the current ones equal them
 * once the endpoint is `InService` and are left out while it is still getting there, because
 * Godwit records where an endpoint is going, not each step on the way.
 */
export async function describeEndpointAction(input: Input, { services, clock }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'EndpointName');
  const endpoint = await services.metadata.endpoints.getEndpoint(name);
  if (!endpoint) throw new AwsError('ValidationException', `Could not find endpoint "${endpointArn(req.region, name)}".`);
  const config = await services.metadata.endpoints.getEndpointConfig(endpoint.configName);
  const settled = endpoint.status === 'InService';
  const variants = config
    ? await variantsOut(services.metadata, endpoint, config.productionVariants, endpoint.variants, settled)
    : [];
  const shadows = config ? await variantsOut(services.metadata, endpoint, config.shadowVariants, [], settled) : [];
  const pending = endpoint.pendingConfigName ? await pendingSummary(services.metadata, endpoint, clock.now()) : undefined;
  return {
    EndpointName: endpoint.name,
    EndpointArn: endpointArn(req.region, endpoint.name),
    EndpointConfigName: endpoint.configName,
    ProductionVariants: variants.length > 0 ? variants : undefined,
    ShadowProductionVariants: shadows.length > 0 ? shadows : undefined,
    DataCaptureConfig: config?.dataCapture && {
      EnableCapture: config.dataCapture.enableCapture,
      CaptureStatus: config.dataCapture.enableCapture ? 'Started' : 'Stopped',
      CurrentSamplingPercentage: config.dataCapture.initialSamplingPercentage,
      DestinationS3Uri: config.dataCapture.destinationS3Uri,
      KmsKeyId: config.dataCapture.kmsKeyId,
    },
    EndpointStatus: endpoint.status,
    FailureReason: endpoint.failureReason,
    CreationTime: epochSeconds(endpoint.createdAt),
    LastModifiedTime: epochSeconds(endpoint.lastModifiedAt),
    PendingDeploymentSummary: pending,
    LastDeploymentConfig: deploymentConfigOut(endpoint.deploymentConfig),
  };
}

async function variantsOut(
  metadata: Metadata,
  endpoint: EndpointRecord,
  specs: readonly VariantSpec[],
  desired: readonly VariantState[],
  settled: boolean,
) {
  const out = [];
  for (const spec of specs) {
    const state = desired.find((d) => d.variantName === spec.variantName);
    const weight = state?.weight ?? spec.initialVariantWeight;
    const count = state?.instanceCount ?? spec.initialInstanceCount;
    const serverless = variantOut(spec).ServerlessConfig;
    out.push({
      VariantName: spec.variantName,
      DeployedImages: await deployedImages(metadata, spec.modelName, endpoint.lastModifiedAt),
      CurrentWeight: settled ? weight : undefined,
      DesiredWeight: weight,
      CurrentInstanceCount: settled && !serverless ? count : undefined,
      DesiredInstanceCount: serverless ? undefined : count,
      CurrentServerlessConfig: settled ? serverless : undefined,
      DesiredServerlessConfig: serverless,
    });
  }
  return out;
}

/** Each container's image as given; locally an image is resolved by name, at the endpoint's last change. */
async function deployedImages(metadata: Metadata, modelName: string, at: Date) {
  const model = await metadata.endpoints.getModel(modelName);
  const images = (model?.containers ?? []).flatMap((c) => (c.image ? [c.image] : []));
  return images.length > 0
    ? images.map((image) => ({ SpecifiedImage: image, ResolvedImage: image, ResolutionTime: epochSeconds(at) }))
    : undefined;
}

/**
 * The update under way: the new config's variants with their traffic and status. A guarded
 * update shows its recorded progress (`Baking` with the step's share, …); an unguarded one is
 * `Creating` until the swap.
 */
async function pendingSummary(metadata: Metadata, endpoint: EndpointRecord, now: Date) {
  const config: EndpointConfigRecord | undefined = await metadata.endpoints.getEndpointConfig(endpoint.pendingConfigName ?? '');
  const progress = await metadata.endpoints.getRollout(endpoint.name);
  return {
    EndpointConfigName: endpoint.pendingConfigName,
    StartTime: epochSeconds(progress?.startedAt ?? endpoint.lastModifiedAt),
    ProductionVariants: config
      ? pendingVariants(config, progress, progress?.startedAt ?? now).map((v) => ({
          ...v,
          VariantStatus: v.VariantStatus.map((s) => ({ ...s, StartTime: epochSeconds(s.StartTime) })),
        }))
      : undefined,
  };
}
