import { GodwitError } from '../../../core/errors.js';
import { EXPERIMENT_STATUSES, type VariantAction } from '../../../experiments/experiment-records.js';
import {
  createExperiment,
  deleteExperiment,
  describeExperiment,
  startExperiment,
  stopExperiment,
  updateExperiment,
} from '../../../experiments/experiments.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { arn } from '../arns.js';
import { AwsError } from '../aws-error.js';
import { type Input, optionalEnum, optionalString, requiredString } from '../aws-input.js';
import { inSageMakerTerms } from './catalog-errors.js';
import { struct, tags } from './hosting-input.js';
import {
  experimentOut,
  experimentSummary,
  modelVariantsIn,
  requiredStruct,
  scheduleIn,
  shadowModeIn,
  storageIn,
} from './inference-experiment-shapes.js';
import { listPage } from './list-request.js';

/**
 * SageMaker's inference experiments (shadow tests): Create, Describe, List, Start, Stop, Update and
 * Delete map onto the experiments library; the server's experiment runner does the endpoint work,
 * so each call returns at once, as SageMaker's do.
 */
const experimentArn = (region: string, name: string) => arn('sagemaker', region, `inference-experiment/${name}`);

export async function createInferenceExperiment(input: Input, { services, clock }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'Name');
  optionalEnum(input, 'Type', ['ShadowMode']);
  requiredString(input, 'Type');
  const description = optionalString(input, 'Description');
  const kmsKey = optionalString(input, 'KmsKey');
  const dataStorage = storageIn(input);
  await inExperimentTerms(req.region, () =>
    createExperiment(services.metadata, clock, {
      name,
      ...(description !== undefined && { description }),
      roleArn: requiredString(input, 'RoleArn'),
      endpointName: requiredString(input, 'EndpointName'),
      modelVariants: modelVariantsIn(input, 'ModelVariants'),
      ...shadowModeIn(requiredStruct(input, 'ShadowModeConfig')),
      ...scheduleIn(input),
      ...(dataStorage !== undefined && { dataStorage }),
      ...(kmsKey !== undefined && { kmsKey }),
      tags: tags(input),
    }),
  );
  return { InferenceExperimentArn: experimentArn(req.region, name) };
}

export async function describeInferenceExperiment(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'Name');
  const e = await inExperimentTerms(req.region, () => describeExperiment(services.metadata, name));
  const endpoint = await services.metadata.endpoints.getEndpoint(e.endpointName);
  return experimentOut(e, experimentArn(req.region, name), endpoint);
}

export async function listInferenceExperiments(input: Input, { services }: ServerContext) {
  optionalEnum(input, 'Type', ['ShadowMode']);
  const { items, nextToken } = listPage(input, await services.metadata.experiments.list(), {
    name: (e) => e.name,
    created: (e) => e.createdAt,
    modified: (e) => e.lastModifiedAt,
    status: (e) => e.status,
    statuses: EXPERIMENT_STATUSES,
    sortBy: { CreationTime: (e) => e.createdAt.getTime(), Name: (e) => e.name, Status: (e) => e.status },
  });
  return {
    InferenceExperiments: items.map(experimentSummary),
    NextToken: nextToken,
  };
}

export async function startInferenceExperiment(input: Input, { services, clock }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'Name');
  await inExperimentTerms(req.region, () => startExperiment(services.metadata, clock, name));
  return { InferenceExperimentArn: experimentArn(req.region, name) };
}

export async function stopInferenceExperiment(input: Input, { services, clock }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'Name');
  const actions = requiredStruct(input, 'ModelVariantActions') as Record<string, VariantAction>;
  const desiredState = optionalEnum(input, 'DesiredState', ['Completed', 'Cancelled'] as const);
  const reason = optionalString(input, 'Reason');
  const desiredVariants = input.DesiredModelVariants === undefined ? undefined : modelVariantsIn(input, 'DesiredModelVariants');
  await inExperimentTerms(req.region, () =>
    stopExperiment(services.metadata, clock, name, {
      actions,
      ...(desiredVariants !== undefined && { desiredVariants }),
      ...(desiredState !== undefined && { desiredState }),
      ...(reason !== undefined && { reason }),
    }),
  );
  return { InferenceExperimentArn: experimentArn(req.region, name) };
}

export async function updateInferenceExperiment(input: Input, { services, clock }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'Name');
  const shadowMode = struct(input, 'ShadowModeConfig');
  const dataStorage = storageIn(input);
  const change = {
    description: optionalString(input, 'Description'),
    ...scheduleIn(input),
    modelVariants: input.ModelVariants === undefined ? undefined : modelVariantsIn(input, 'ModelVariants'),
    samplingPercentage: shadowMode ? shadowModeIn(shadowMode).samplingPercentage : undefined,
    dataStorage,
  };
  await inExperimentTerms(req.region, async () => {
    const e = await describeExperiment(services.metadata, name);
    if (shadowMode) {
      const roles = shadowModeIn(shadowMode);
      if (roles.productionVariant !== e.productionVariant || roles.shadowVariant !== e.shadowVariant)
        throw new AwsError(
          'ValidationException',
          'UpdateInferenceExperiment cannot change which variants are the source and the shadow.',
        );
    }
    return updateExperiment(services.metadata, clock, name, change);
  });
  return { InferenceExperimentArn: experimentArn(req.region, name) };
}

export async function deleteInferenceExperiment(input: Input, { services }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'Name');
  await inExperimentTerms(req.region, () => deleteExperiment(services.metadata, name));
  return { InferenceExperimentArn: experimentArn(req.region, name) };
}

/** The experiments' errors as SageMaker's types; endpoint and model errors as the hosting actions state them. */
const TYPES: Readonly<Record<string, string>> = {
  E_EXPERIMENT_NOT_FOUND: 'ResourceNotFound',
  E_EXPERIMENT_EXISTS: 'ResourceInUse',
  E_EXPERIMENT_OVERLAP: 'ResourceInUse',
  E_EXPERIMENT_STATE: 'ConflictException',
  E_EXPERIMENT_VALIDATION: 'ValidationException',
};

async function inExperimentTerms<T>(region: string, work: () => Promise<T>): Promise<T> {
  return inSageMakerTerms(region, async () => {
    try {
      return await work();
    } catch (err) {
      const type = err instanceof GodwitError ? TYPES[err.code] : undefined;
      if (!type) throw err;
      throw new AwsError(type, (err as GodwitError).message);
    }
  });
}
