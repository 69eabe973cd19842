import type { ModelRecord } from '../../../endpoints/endpoint-records.js';
import type { NewContainer } from '../../../endpoints/endpoints.js';
import { createModel } from '../../../endpoints/endpoints.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalEnum, optionalString, requiredString } from '../aws-input.js';
import { inSageMakerTerms } from './catalog-errors.js';
import { list, refuse, stringMap, struct, tags } from './hosting-input.js';
import { epochSeconds, listPage } from './list-request.js';
import { modelArn } from './sagemaker-arns.js';

/**
 * CreateModel, DescribeModel, DeleteModel, ListModels over the endpoints library. A model is one
 * container (`PrimaryContainer`) or an inference pipeline (`Containers`, run in sequence); a
 * `ModelPackageName` is resolved through the registry to its image and model data.
 */
export async function createModelAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'ModelName');
  refuse(input, ['VpcConfig'], 'CreateModel');
  const primary = struct(input, 'PrimaryContainer');
  const many = list(input, 'Containers');
  if (primary && many.length > 0) throw new AwsError('ValidationException', 'Give PrimaryContainer or Containers, not both.');
  if (!primary && many.length === 0) throw new AwsError('ValidationException', 'A model needs a PrimaryContainer or Containers.');
  const mode = optionalEnum(struct(input, 'InferenceExecutionConfig') ?? {}, 'Mode', ['Serial', 'Direct'] as const);
  await inSageMakerTerms(req.region, () =>
    createModel(services.metadata, {
      name,
      containers: (primary ? [primary] : many).map(container),
      executionRoleArn: optionalString(input, 'ExecutionRoleArn'),
      inferenceMode: mode,
      tags: tags(input),
    }),
  );
  return { ModelArn: modelArn(req.region, name) };
}

function container(c: Input): NewContainer {
  refuse(c, ['ModelDataSource', 'MultiModelConfig', 'ImageConfig', 'InferenceSpecificationName'], 'CreateModel container');
  const mode = optionalEnum(c, 'Mode', ['SingleModel', 'MultiModel'] as const);
  if (mode === 'MultiModel')
    throw new AwsError('ValidationException', "Godwit's CreateModel serves SingleModel containers only.");
  const fields = {
    image: optionalString(c, 'Image'),
    modelDataUrl: optionalString(c, 'ModelDataUrl'),
    environment: stringMap(c, 'Environment'),
    modelPackageName: optionalString(c, 'ModelPackageName'),
    hostname: optionalString(c, 'ContainerHostname'),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export async function describeModelAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'ModelName');
  const model = await services.metadata.endpoints.getModel(name);
  if (!model) throw new AwsError('ValidationException', `Could not find model "${modelArn(req.region, name)}".`);
  const containers = model.containers.map(containerOut);
  return {
    ModelName: model.name,
    ModelArn: modelArn(req.region, model.name),
    ...(containers.length === 1 ? { PrimaryContainer: containers[0] } : { Containers: containers }),
    InferenceExecutionConfig: { Mode: model.inferenceMode },
    ExecutionRoleArn: model.executionRoleArn,
    CreationTime: epochSeconds(model.createdAt),
    EnableNetworkIsolation: false,
  };
}

function containerOut(c: ModelRecord['containers'][number]) {
  return {
    ContainerHostname: c.hostname,
    Image: c.image,
    Mode: 'SingleModel',
    ModelDataUrl: c.modelDataUrl,
    Environment: c.environment,
    ModelPackageName: c.modelPackageName,
  };
}

export async function deleteModelAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'ModelName');
  await inSageMakerTerms(req.region, () => services.metadata.endpoints.deleteModel(name));
  return {};
}

export async function listModelsAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const { items, nextToken } = listPage(input, await services.metadata.endpoints.listModels(), {
    name: (m) => m.name,
    created: (m) => m.createdAt,
    sortBy: { CreationTime: (m) => m.createdAt.getTime(), Name: (m) => m.name },
  });
  return {
    Models: items.map((m) => ({
      ModelName: m.name,
      ModelArn: modelArn(req.region, m.name),
      CreationTime: epochSeconds(m.createdAt),
    })),
    NextToken: nextToken,
  };
}
