import type { PipelineRecord } from '../../../pipelines/pipeline-records.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { epochSeconds, type Input, optionalString, requiredString } from '../aws-input.js';
import { struct, tags } from './hosting-input.js';
import { listPage } from './list-request.js';
import { pipelineArn, pipelineName } from './sagemaker-arns.js';

/** SageMaker's pipeline name pattern (letters, digits, hyphens; up to 256). */
const PIPELINE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;

/** CreatePipeline: the definition inline or at PipelineDefinitionS3Location; ResourceInUse when the name is taken. */
export async function createPipeline(input: Input, { pipelines }: ServerContext, req: ServerRequest) {
  const name = requiredString(input, 'PipelineName');
  if (!PIPELINE_NAME.test(name))
    throw new AwsError('ValidationException', `PipelineName "${name}" must match ${PIPELINE_NAME.source}.`);
  const definition = await definitionOf(input, pipelines, true);
  try {
    await pipelines.create({
      name,
      displayName: optionalString(input, 'PipelineDisplayName') ?? name,
      description: optionalString(input, 'PipelineDescription'),
      definition: definition as string,
      roleArn: requiredString(input, 'RoleArn'),
      maxParallelSteps: parallelism(input),
      tags: tags(input).map((t) => ({ key: t.Key, value: t.Value })),
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'E_SM_PIPELINE_EXISTS')
      throw new AwsError('ResourceInUse', `Pipeline ${pipelineArn(req.region, name)} already exists.`);
    throw err;
  }
  return { PipelineArn: pipelineArn(req.region, name) };
}

export async function updatePipeline(input: Input, { pipelines }: ServerContext, req: ServerRequest) {
  const name = pipelineName(requiredString(input, 'PipelineName'));
  const updated = await pipelines.update(name, {
    displayName: optionalString(input, 'PipelineDisplayName'),
    description: optionalString(input, 'PipelineDescription'),
    definition: await definitionOf(input, pipelines, false),
    roleArn: optionalString(input, 'RoleArn'),
    maxParallelSteps: parallelism(input),
  });
  return { PipelineArn: pipelineArn(req.region, updated.name), PipelineVersionId: updated.version };
}

export async function describePipeline(input: Input, { pipelines }: ServerContext, req: ServerRequest) {
  const p = await pipelines.get(pipelineName(requiredString(input, 'PipelineName')));
  const last = (await pipelines.lastExecutionTimes()).get(p.name);
  return {
    PipelineArn: pipelineArn(req.region, p.name),
    PipelineName: p.name,
    PipelineDisplayName: p.displayName,
    PipelineDefinition: p.definition,
    PipelineDescription: p.description,
    RoleArn: p.roleArn,
    PipelineStatus: 'Active',
    CreationTime: epochSeconds(p.createdAt),
    LastModifiedTime: epochSeconds(p.lastModifiedAt),
    LastRunTime: epochSeconds(last),
    ParallelismConfiguration: parallelismOut(p),
    PipelineVersionId: p.version,
  };
}

export async function listPipelines(input: Input, { pipelines }: ServerContext, req: ServerRequest) {
  const prefix = optionalString(input, 'PipelineNamePrefix') ?? '';
  const all = (await pipelines.list()).filter((p) => p.name.startsWith(prefix));
  // SageMaker names the time filters CreatedAfter / CreatedBefore here; the shared lister reads CreationTime*.
  const shared = { ...input, CreationTimeAfter: input.CreatedAfter, CreationTimeBefore: input.CreatedBefore };
  const { items, nextToken } = listPage(shared, all, {
    name: (p) => p.name,
    created: (p) => p.createdAt,
    sortBy: { CreationTime: (p) => p.createdAt.getTime(), Name: (p) => p.name },
  });
  const last = await pipelines.lastExecutionTimes();
  const summaries = [];
  for (const p of items) {
    summaries.push({
      PipelineArn: pipelineArn(req.region, p.name),
      PipelineName: p.name,
      PipelineDisplayName: p.displayName,
      PipelineDescription: p.description,
      RoleArn: p.roleArn,
      CreationTime: epochSeconds(p.createdAt),
      LastModifiedTime: epochSeconds(p.lastModifiedAt),
      LastExecutionTime: epochSeconds(last.get(p.name)),
    });
  }
  return { PipelineSummaries: summaries, NextToken: nextToken };
}

export async function deletePipeline(input: Input, { pipelines }: ServerContext, req: ServerRequest) {
  const name = pipelineName(requiredString(input, 'PipelineName'));
  await pipelines.delete(name);
  return { PipelineArn: pipelineArn(req.region, name) };
}

/** The definition sent inline or named by `PipelineDefinitionS3Location` (never both). */
async function definitionOf(input: Input, pipelines: ServerContext['pipelines'], required: boolean) {
  const inline = optionalString(input, 'PipelineDefinition');
  const location = struct(input, 'PipelineDefinitionS3Location');
  if (inline !== undefined && location)
    throw new AwsError('ValidationException', 'Give either PipelineDefinition or PipelineDefinitionS3Location, not both.');
  if (location) {
    const bucket = requiredString(location, 'Bucket');
    const key = requiredString(location, 'ObjectKey');
    if (location.VersionId !== undefined)
      throw new AwsError(
        'ValidationException',
        'Godwit reads the current object of PipelineDefinitionS3Location; VersionId is not supported.',
      );
    return pipelines.readDefinition(`s3://${bucket}/${key}`);
  }
  if (required && inline === undefined)
    throw new AwsError('ValidationException', 'Either PipelineDefinition or PipelineDefinitionS3Location is required.');
  return inline;
}

function parallelism(input: Input): number | undefined {
  const config = struct(input, 'ParallelismConfiguration');
  if (!config) return undefined;
  const max = config.MaxParallelExecutionSteps;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1)
    throw new AwsError('ValidationException', 'ParallelismConfiguration.MaxParallelExecutionSteps must be an integer ≥ 1.');
  return max;
}

export const parallelismOut = (p: Pick<PipelineRecord, 'maxParallelSteps'>) =>
  p.maxParallelSteps === undefined ? undefined : { MaxParallelExecutionSteps: p.maxParallelSteps };

export { parallelism };
