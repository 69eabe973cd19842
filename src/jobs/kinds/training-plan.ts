/**
 * CreateTrainingJob as a one-step Godwit run: a `training` step named after the job, whose process
 * is what the image map (`resolveImage`) gives for the image, under SageMaker's training contract.
 *
 * ```
 * { TrainingJobName: 'abalone-1', AlgorithmSpecification: { TrainingImage, MetricDefinitions },
 *   InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: 's3://b/train' } } }],
 *   StoppingCondition: { MaxRuntimeInSeconds: 3600 }, HyperParameters: { num_round: '50' }, … }
 * → steps: [{ type: 'training', name: 'abalone-1', process: <image map>, inputs: [{ name: 'train', source: 's3://b/train' }],
 *             outputs: [{ name: 'model', type: 'model' }], timeoutSeconds: 3600, hyperparameters: { num_round: 50 }, … }]
 * ```
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { IR_API_VERSION, type TrainingStep } from '../../pipeline/ir.js';
import { downloadPrefix, objectIn } from '../../store/index.js';
import { type ImageContext, type ImageRequest, type LocalImage, resolveImage } from '../image-map.js';
import type { JobPlan, PlanContext } from '../job-kind.js';
import type { JobRecord } from '../job-records.js';
import { readTrainingRequest, type TrainingRequest } from './training-request.js';

/** Where a remote CheckpointConfig.S3Uri is mirrored while the job runs (see `checkpointFolder`). */
export const CHECKPOINT_MIRROR = 'checkpoints';

/** The image map's `resolveImage`; tests may stand another in. */
export type ImageResolver = (request: ImageRequest, context: ImageContext) => Promise<LocalImage>;

export async function planTraining(
  job: JobRecord,
  context: PlanContext,
  resolve: ImageResolver = resolveImage,
): Promise<JobPlan> {
  const request = readTrainingRequest(job.request);
  await mkdir(context.stagingDir, { recursive: true });
  const image = await resolve(
    {
      image: request.image,
      use: 'training',
      hyperparameters: request.hyperParameters,
      environment: request.environment,
      entrypoint: request.entrypoint.length > 0 ? request.entrypoint : undefined,
      arguments: request.arguments.length > 0 ? request.arguments : undefined,
    },
    { config: context.config, stagingDir: context.stagingDir, storeOptions: context.storeOptions },
  );
  const step: TrainingStep = {
    type: 'training',
    name: request.name,
    description: [`${request.imageField} ${request.image} (${image.mappedBy}).`, ...request.notes].join(' '),
    process: image.process,
    hyperparameters: image.hyperparameters,
    // Each channel's settings, which the contract writes to inputdataconfig.json.
    inputs: request.channels.map((c) => ({ name: c.name, type: 'dataset' as const, source: c.source, channel: c.settings })),
    outputs: [{ name: 'model', type: 'model' }],
    metricDefinitions: [...request.metricDefinitions.map((m) => ({ name: m.Name, regex: m.Regex })), ...image.metricDefinitions],
    resources: { instanceType: request.instanceType, instanceCount: request.instanceCount, volumeSizeGB: request.volumeSizeGB },
    timeoutSeconds: request.maxRuntimeSeconds,
    ...(request.checkpoint ? { checkpoint: await checkpointFolder(request, context) } : {}),
    ...(request.spot ? { spot: { maxWaitSeconds: request.maxWaitSeconds } } : {}),
    ...(request.retryAttempts ? { retry: { maxAttempts: request.retryAttempts + 1, on: ['infrastructure' as const] } } : {}),
  };
  return {
    ir: {
      apiVersion: IR_API_VERSION,
      kind: 'Pipeline',
      name: request.name,
      description: 'CreateTrainingJob',
      parameters: [],
      steps: [step],
    },
    parameters: {},
    baseDir: context.stagingDir,
  };
}

/**
 * The step's checkpoint folder. A `file://` URI is used in place, so checkpoints are copied there
 * while the job runs, as SageMaker copies them to S3. An `s3://` or `gs://` URI is mirrored in the
 * job's staging folder: what is there now is fetched before the job starts (a spot restart or a
 * new job resumes from it), and `result` copies the folder back when the job ends.
 */
async function checkpointFolder(request: TrainingRequest, context: PlanContext): Promise<{ uri: string; localPath?: string }> {
  const checkpoint = request.checkpoint as NonNullable<TrainingRequest['checkpoint']>;
  if (/^file:\/\//i.test(checkpoint.uri)) return { uri: checkpoint.uri, localPath: checkpoint.localPath };
  const mirror = join(context.stagingDir, CHECKPOINT_MIRROR);
  const { store, key } = await objectIn(withSlash(checkpoint.uri), context.storeOptions);
  await downloadPrefix(store, key, mirror);
  return { uri: mirror, localPath: checkpoint.localPath };
}

export function withSlash(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}
