import type { EndpointStatus } from '../../../endpoints/endpoint-records.js';
import { createEndpoint, updateEndpoint, updateWeightsAndCapacities } from '../../../endpoints/endpoints.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, requiredString } from '../aws-input.js';
import { inSageMakerTerms } from './catalog-errors.js';
import { deploymentConfigIn, serverAlarms } from './deployment-config-input.js';
import { list, optionalBoolean, optionalNumber, refuse, tags } from './hosting-input.js';
import { epochSeconds, listPage } from './list-request.js';
import { endpointArn } from './sagemaker-arns.js';

/**
 * CreateEndpoint, UpdateEndpoint, UpdateEndpointWeightsAndCapacities, DeleteEndpoint and
 * ListEndpoints: they record desired state and return at once, as SageMaker does; the server's
 * endpoint host then brings the endpoint `InService` (DescribeEndpoint shows where it is).
 */
export async function createEndpointAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'EndpointName');
  const config = requiredString(input, 'EndpointConfigName');
  const deploymentConfig = deploymentConfigIn(input);
  const alarms = serverAlarms(services);
  await inSageMakerTerms(req.region, () =>
    createEndpoint(services.metadata, name, config, tags(input), { deploymentConfig, alarms }),
  );
  return { EndpointArn: endpointArn(req.region, name) };
}

export async function updateEndpointAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'EndpointName');
  const config = requiredString(input, 'EndpointConfigName');
  refuse(input, ['ExcludeRetainedVariantProperties'], 'UpdateEndpoint');
  const deploymentConfig = deploymentConfigIn(input);
  const retain = optionalBoolean(input, 'RetainDeploymentConfig') ?? false;
  if (optionalBoolean(input, 'RetainAllVariantProperties')) {
    throw new AwsError(
      'ValidationException',
      "Godwit's UpdateEndpoint takes the new config's weights and instance counts; RetainAllVariantProperties is not supported.",
    );
  }
  const alarms = serverAlarms(services);
  await inSageMakerTerms(req.region, () => updateEndpoint(services.metadata, name, config, { deploymentConfig, retain, alarms }));
  return { EndpointArn: endpointArn(req.region, name) };
}

export async function updateWeightsAndCapacitiesAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'EndpointName');
  const changes = list(input, 'DesiredWeightsAndCapacities').map((c) => {
    refuse(c, ['ServerlessUpdateConfig'], 'UpdateEndpointWeightsAndCapacities');
    return {
      variantName: requiredString(c, 'VariantName'),
      weight: optionalNumber(c, 'DesiredWeight'),
      instanceCount: optionalNumber(c, 'DesiredInstanceCount'),
    };
  });
  await inSageMakerTerms(req.region, () => updateWeightsAndCapacities(services.metadata, name, changes));
  return { EndpointArn: endpointArn(req.region, name) };
}

/** Marks the endpoint `Deleting`; the host stops it and removes the record. */
export async function deleteEndpointAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'EndpointName');
  await inSageMakerTerms(req.region, () => services.metadata.endpoints.deleteEndpoint(name));
  return {};
}

const STATUSES: readonly EndpointStatus[] = [
  'OutOfService',
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'InService',
  'Deleting',
  'Failed',
];

export async function listEndpointsAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const { items, nextToken } = listPage(input, await services.metadata.endpoints.listEndpoints(), {
    name: (e) => e.name,
    created: (e) => e.createdAt,
    modified: (e) => e.lastModifiedAt,
    status: (e) => e.status,
    statuses: STATUSES,
    sortBy: { CreationTime: (e) => e.createdAt.getTime(), Name: (e) => e.name, Status: (e) => e.status },
  });
  return {
    Endpoints: items.map((e) => ({
      EndpointName: e.name,
      EndpointArn: endpointArn(req.region, e.name),
      CreationTime: epochSeconds(e.createdAt),
      LastModifiedTime: epochSeconds(e.lastModifiedAt),
      EndpointStatus: e.status,
    })),
    NextToken: nextToken,
  };
}
