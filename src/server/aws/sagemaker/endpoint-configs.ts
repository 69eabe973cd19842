import type { DataCaptureSpec, EndpointConfigRecord, ServerlessSpec, VariantSpec } from '../../../endpoints/endpoint-records.js';
import { createEndpointConfig } from '../../../endpoints/endpoints.js';
import { warmInstances } from '../../../endpoints/serverless-config.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalString, requiredString } from '../aws-input.js';
import { asyncInferenceIn, asyncInferenceOut } from './async-inference-config.js';
import { inSageMakerTerms } from './catalog-errors.js';
import { list, optionalBoolean, optionalNumber, refuse, strings, struct, tags } from './hosting-input.js';
import { epochSeconds, listPage } from './list-request.js';
import { endpointConfigArn } from './sagemaker-arns.js';

/**
 * CreateEndpointConfig, DescribeEndpointConfig, DeleteEndpointConfig, ListEndpointConfigs.
 * Instance types, KMS keys, VPC and network settings are recorded or accepted as given (nothing
 * local depends on them); features that would change serving and that Godwit lacks are refused.
 */
export async function createEndpointConfigAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'EndpointConfigName');
  refuse(input, ['ExplainerConfig'], 'CreateEndpointConfig');
  const capture = struct(input, 'DataCaptureConfig');
  const asyncConfig = struct(input, 'AsyncInferenceConfig');
  await inSageMakerTerms(req.region, () =>
    createEndpointConfig(services.metadata, {
      name,
      productionVariants: list(input, 'ProductionVariants').map(variantIn),
      shadowVariants: list(input, 'ShadowProductionVariants').map(variantIn),
      ...(capture && { dataCapture: captureIn(capture) }),
      ...(asyncConfig && { asyncInference: asyncInferenceIn(asyncConfig) }),
      tags: tags(input),
    }),
  );
  return { EndpointConfigArn: endpointConfigArn(req.region, name) };
}

function variantIn(v: Input): VariantSpec {
  refuse(v, ['ManagedInstanceScaling', 'RoutingConfig', 'CoreDumpConfig'], 'CreateEndpointConfig variant');
  const instanceType = optionalString(v, 'InstanceType');
  const count = optionalNumber(v, 'InitialInstanceCount');
  const serverless = serverlessIn(v, instanceType, count);
  return {
    variantName: requiredString(v, 'VariantName'),
    modelName: requiredString(v, 'ModelName'),
    // A serverless variant has no instance count: its warm floor (ProvisionedConcurrency, or 0) stands in.
    initialInstanceCount: serverless ? warmInstances(serverless) : (count ?? Number.NaN),
    initialVariantWeight: optionalNumber(v, 'InitialVariantWeight') ?? 1,
    ...(instanceType !== undefined && { instanceType }),
    ...(serverless && { serverless }),
  };
}

/** A variant's `ServerlessConfig`; SageMaker's refusal when it comes with instance fields. */
function serverlessIn(v: Input, instanceType: string | undefined, count: number | undefined): ServerlessSpec | undefined {
  const s = struct(v, 'ServerlessConfig');
  if (!s) return undefined;
  if (instanceType !== undefined || count !== undefined) {
    throw new AwsError(
      'ValidationException',
      `Variant "${String(v.VariantName)}" has a ServerlessConfig and ${instanceType !== undefined ? 'an InstanceType' : 'an InitialInstanceCount'}: a production variant is either serverless or instance-based. Remove InstanceType and InitialInstanceCount, or the ServerlessConfig.`,
    );
  }
  const provisioned = optionalNumber(s, 'ProvisionedConcurrency');
  return {
    memorySizeInMB: optionalNumber(s, 'MemorySizeInMB') ?? Number.NaN,
    maxConcurrency: optionalNumber(s, 'MaxConcurrency') ?? Number.NaN,
    ...(provisioned !== undefined && { provisionedConcurrency: provisioned }),
  };
}

function captureIn(c: Input): DataCaptureSpec {
  const header = struct(c, 'CaptureContentTypeHeader') ?? {};
  const kmsKeyId = optionalString(c, 'KmsKeyId');
  const sampling = optionalNumber(c, 'InitialSamplingPercentage');
  if (sampling === undefined) throw missing('dataCaptureConfig.initialSamplingPercentage');
  return {
    enableCapture: optionalBoolean(c, 'EnableCapture') ?? true,
    initialSamplingPercentage: sampling,
    destinationS3Uri: requiredString(c, 'DestinationS3Uri'),
    captureModes: list(c, 'CaptureOptions').map((o) => requiredString(o, 'CaptureMode') as 'Input' | 'Output'),
    csvContentTypes: strings(header, 'CsvContentTypes'),
    jsonContentTypes: strings(header, 'JsonContentTypes'),
    ...(kmsKeyId !== undefined && { kmsKeyId }),
  };
}

function missing(path: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
  );
}

export function variantOut(v: VariantSpec) {
  return {
    VariantName: v.variantName,
    ModelName: v.modelName,
    InitialInstanceCount: v.serverless ? undefined : v.initialInstanceCount,
    InstanceType: v.instanceType,
    InitialVariantWeight: v.initialVariantWeight,
    ServerlessConfig: v.serverless && serverlessOut(v.serverless),
  };
}

/** `ServerlessConfig` (and DescribeEndpoint's `Current`/`DesiredServerlessConfig`) as SageMaker writes it. */
export function serverlessOut(s: ServerlessSpec) {
  return {
    MemorySizeInMB: s.memorySizeInMB,
    MaxConcurrency: s.maxConcurrency,
    ProvisionedConcurrency: s.provisionedConcurrency,
  };
}

function captureOut(c: DataCaptureSpec) {
  const header = {
    CsvContentTypes: c.csvContentTypes.length > 0 ? c.csvContentTypes : undefined,
    JsonContentTypes: c.jsonContentTypes.length > 0 ? c.jsonContentTypes : undefined,
  };
  return {
    EnableCapture: c.enableCapture,
    InitialSamplingPercentage: c.initialSamplingPercentage,
    DestinationS3Uri: c.destinationS3Uri,
    KmsKeyId: c.kmsKeyId,
    CaptureOptions: c.captureModes.map((m) => ({ CaptureMode: m })),
    CaptureContentTypeHeader: header.CsvContentTypes || header.JsonContentTypes ? header : undefined,
  };
}

export async function describeEndpointConfigAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'EndpointConfigName');
  const config = await services.metadata.endpoints.getEndpointConfig(name);
  if (!config)
    throw new AwsError('ValidationException', `Could not find endpoint configuration "${endpointConfigArn(req.region, name)}".`);
  return describeConfig(config, req.region);
}

function describeConfig(config: EndpointConfigRecord, region: string) {
  return {
    EndpointConfigName: config.name,
    EndpointConfigArn: endpointConfigArn(region, config.name),
    ProductionVariants: config.productionVariants.map(variantOut),
    ShadowProductionVariants: config.shadowVariants.length > 0 ? config.shadowVariants.map(variantOut) : undefined,
    DataCaptureConfig: config.dataCapture && captureOut(config.dataCapture),
    AsyncInferenceConfig: config.asyncInference && asyncInferenceOut(config.asyncInference),
    CreationTime: epochSeconds(config.createdAt),
  };
}

export async function deleteEndpointConfigAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'EndpointConfigName');
  await inSageMakerTerms(req.region, () => services.metadata.endpoints.deleteEndpointConfig(name));
  return {};
}

export async function listEndpointConfigsAction(input: Input, { services }: ServerContext, req: ServerRequest) {
  const { items, nextToken } = listPage(input, await services.metadata.endpoints.listEndpointConfigs(), {
    name: (c) => c.name,
    created: (c) => c.createdAt,
    sortBy: { CreationTime: (c) => c.createdAt.getTime(), Name: (c) => c.name },
  });
  return {
    EndpointConfigs: items.map((c) => ({
      EndpointConfigName: c.name,
      EndpointConfigArn: endpointConfigArn(req.region, c.name),
      CreationTime: epochSeconds(c.createdAt),
    })),
    NextToken: nextToken,
  };
}
