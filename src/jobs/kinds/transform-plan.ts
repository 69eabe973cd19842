/**
 * A transform job as a one-step pipeline: a `transform` step (`src/serving/transform/`) serving
 * the job's `ModelName` as the endpoints catalog holds it — its container's image, model data and
 * environment, with the job's `Environment` on top, as SageMaker starts the model's container for
 * a transform job. Its predictions (`<input file>.out`) are copied under `S3OutputPath` by
 * `transformResult` once the run has ended.
 *
 * ```ts
 * transformStep(request, { image: 'file:///srv/byoc/serve.py', modelDataUrl: 's3://models/m.tar.gz' }, staging)
 * // { type: 'transform', name: 'batch-1', model: 's3://models/m.tar.gz', image: 'file:///srv/byoc/serve.py',
 * //   input: 's3://data/batch/', splitType: 'Line', outputs: [{ name: 'predictions', type: 'dataset' }], … }
 * ```
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { ModelRecord } from '../../endpoints/endpoint-records.js';
import type { TransformStep } from '../../pipeline/ir.js';
import { AwsError } from '../../server/aws/aws-error.js';
import type { JobPlan, PlanContext } from '../job-kind.js';
import type { JobRecord } from '../job-records.js';
import { irName, oneStepPipeline } from './job-plan.js';
import { readTransformRequest, type TransformRequest } from './transform-request.js';

type Container = ModelRecord['containers'][number];

export async function planTransform(job: JobRecord, context: PlanContext): Promise<JobPlan> {
  const request = readTransformRequest(job.request);
  const container = await modelContainer(request.modelName, context);
  // A container whose model is inside its image has no model data: it sees an empty /opt/ml/model.
  const model = container.modelDataUrl ?? (await emptyModel(context.stagingDir));
  const step = transformStep(request, container, model);
  const description = [`CreateTransformJob ${request.name} with model ${request.modelName}`, ...request.notes].join(' ');
  return { ir: oneStepPipeline(request.name, step, description), parameters: {}, baseDir: context.stagingDir };
}

export function transformStep(request: TransformRequest, container: Container, model: string): TransformStep {
  const { instanceCount, ...options } = request.options;
  const dp = options.dataProcessing;
  return {
    type: 'transform',
    name: irName(request.name),
    model,
    ...(container.image === undefined ? {} : { image: container.image }),
    environment: { ...container.environment, ...request.environment },
    input: request.inputUri,
    ...defined({
      contentType: options.contentType,
      splitType: options.splitType as TransformStep['splitType'],
      batchStrategy: options.batchStrategy,
      maxPayloadInMB: options.maxPayloadInMB,
      maxConcurrentTransforms: options.maxConcurrentTransforms,
      accept: options.accept,
      assembleWith: options.assembleWith,
      dataProcessing: dp ? defined({ ...dp }) : undefined,
      dataCapture: options.dataCapture,
    }),
    outputs: [{ name: 'predictions', type: 'dataset' }],
    resources: { instanceType: request.instanceType, instanceCount },
    retry: { maxAttempts: 1 },
  };
}

/** The model's one container; SageMaker's own wording when the model does not exist. */
export async function modelContainer(name: string, context: PlanContext): Promise<Container> {
  if (!context.models) {
    throw new GodwitError('E_JOB_MODEL', `Transform job cannot look up model "${name}": no endpoints catalog was given.`, {
      hint: 'Run transform jobs through godwit server, which holds the models CreateModel records.',
    });
  }
  const model = await context.models.getModel(name);
  if (!model) throw new AwsError('ValidationException', `Could not find model "${name}".`);
  if (model.containers.length !== 1) {
    throw new GodwitError(
      'E_JOB_MODEL',
      `Model "${name}" is an inference pipeline of ${model.containers.length} containers; Godwit's transform jobs serve a model of one container.`,
      { hint: 'Create a model with one PrimaryContainer for the transform job, or deploy the pipeline model to an endpoint.' },
    );
  }
  return model.containers[0];
}

async function emptyModel(stagingDir: string): Promise<string> {
  const dir = join(stagingDir, 'empty-model');
  await mkdir(dir, { recursive: true });
  return dir;
}

function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
