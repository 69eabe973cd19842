/**
 * CreateTrainingJob as a one-step Godwit run: a `training` step named after the job, whose process
 * is what the image map gives for the image, under SageMaker's training contract.
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
import { IR_API_VERSION, type ParameterValue, type ProcessSpec, type TrainingStep } from '../../pipeline/ir.js';
import { downloadPrefix, objectIn } from '../../store/index.js';
import type { JobPlan, PlanContext } from '../job-kind.js';
import type { JobRecord } from '../job-records.js';
import { type ImageResolver, resolveTrainingImage } from './training-image.js';
import { readTrainingRequest, type TrainingRequest } from './training-request.js';

/** Where a remote CheckpointConfig.S3Uri is mirrored while the job runs (see `checkpointFolder`). */
export const CHECKPOINT_MIRROR = 'checkpoints';

export async function planTraining(
  job: JobRecord,
  context: PlanContext,
  resolve: ImageResolver = resolveTrainingImage,
): Promise<JobPlan> {
  const request = readTrainingRequest(job.request);
  const image = await resolve(request.image, 'training', context.config, request.hyperParameters, context);
  const process = withEnvironment(image.process, request.environment);
  const scriptMode = process.code !== undefined;
  await mkdir(context.stagingDir, { recursive: true });
  const step: TrainingStep = {
    type: 'training',
    name: request.name,
    description: [`${request.imageField} ${request.image} (${image.mappedBy})`, ...request.notes].join(' '),
    process,
    hyperparameters: hyperparametersFor(request.hyperParameters, scriptMode),
    inputs: request.channels.map((c) => ({ name: c.name, type: 'dataset' as const, source: c.source })),
    outputs: [{ name: 'model', type: 'model' }],
    metricDefinitions: request.metricDefinitions.map((m) => ({ name: m.Name, regex: m.Regex })),
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

/** `Environment` on top of the image's own variables, as SageMaker sets it in the container. */
function withEnvironment(process: ProcessSpec, environment: Readonly<Record<string, string>>): ProcessSpec {
  return Object.keys(environment).length === 0 ? process : { ...process, env: { ...process.env, ...environment } };
}

/**
 * The request's hyperparameters as the step takes them. SageMaker hands the strings to the
 * container exactly as sent. A command without code gets them that way (`str()` of a string is
 * itself). Script mode re-encodes each value as JSON, so there each string is first decoded the
 * toolkit's way — `"50"` → 50, `"\"reg:squarederror\""` → `reg:squarederror` — when it encodes
 * back to the same text, and kept as text otherwise; `sagemaker_*` entries are the image map's
 * business (program and submit directory) and are written again by the contract.
 */
export function hyperparametersFor(
  values: Readonly<Record<string, string>>,
  scriptMode: boolean,
): Record<string, ParameterValue> {
  const out: Record<string, ParameterValue> = {};
  for (const [name, text] of Object.entries(values)) {
    if (!scriptMode) {
      out[name] = text;
      continue;
    }
    if (name.startsWith('sagemaker_')) continue;
    out[name] = decoded(text);
  }
  return out;
}

function decoded(text: string): ParameterValue {
  try {
    const value: unknown = JSON.parse(text);
    if ((typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && JSON.stringify(value) === text)
      return value;
  } catch {
    // Not JSON: the toolkit keeps the raw string, and so does Godwit.
  }
  return text;
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
