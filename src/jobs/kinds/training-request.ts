/**
 * CreateTrainingJob's request, checked as SageMaker checks it and read into what planning needs.
 * `validate` and `plan` both read the request through `readTrainingRequest`, so the rules live once.
 *
 * Fields Godwit cannot honour on one machine are either refused (Pipe mode, more than one
 * instance, manifest files) or accepted with a note that says what happens instead (`VpcConfig`:
 * the script reaches what this machine reaches; KMS keys: nothing is encrypted). Notes are in the
 * job's step log and its description.
 */

import { type Fields, fieldsOf, invalid } from './request-fields.js';
import { readChannels, type TrainingChannel } from './training-channels.js';

export interface TrainingRequest {
  readonly name: string;
  /** `AlgorithmSpecification.TrainingImage`, or its `AlgorithmName` (one of the two). */
  readonly image: string;
  readonly imageField: 'TrainingImage' | 'AlgorithmName';
  readonly metricDefinitions: readonly { readonly Name: string; readonly Regex: string }[];
  readonly channels: readonly TrainingChannel[];
  readonly outputPath: string;
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly volumeSizeGB: number;
  readonly maxRuntimeSeconds: number;
  readonly maxWaitSeconds?: number;
  readonly spot: boolean;
  readonly checkpoint?: { readonly uri: string; readonly localPath?: string };
  readonly environment: Readonly<Record<string, string>>;
  readonly hyperParameters: Readonly<Record<string, string>>;
  /** `RetryStrategy.MaximumRetryAttempts`: attempts after an infrastructure failure. */
  readonly retryAttempts?: number;
  /** What is accepted but not done as the cloud does it. */
  readonly notes: readonly string[];
}

const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const OUTPUT_URI = /^(s3|gs|file):\/\/\S+$/i;
/** SageMaker's limit on MaxRuntimeInSeconds and MaxWaitTimeInSeconds: 28 days. */
const MAX_SECONDS = 28 * 24 * 3600;
const DEFAULT_MAX_RUNTIME = 24 * 3600;

/** Members a Create request may carry that change nothing locally, and what to say about each. */
const NOTED: Readonly<Record<string, string>> = {
  VpcConfig: 'VpcConfig is not applied: the script reaches whatever this machine reaches.',
  EnableNetworkIsolation: 'EnableNetworkIsolation is not applied: the script keeps this machine’s network.',
  EnableInterContainerTrafficEncryption: 'EnableInterContainerTrafficEncryption has no effect on one instance.',
  DebugHookConfig: 'DebugHookConfig is recorded; SageMaker Debugger does not run locally.',
  DebugRuleConfigurations: 'DebugRuleConfigurations are recorded; Debugger rules do not run locally.',
  ProfilerConfig: 'ProfilerConfig is recorded; the profiler does not run locally.',
  ProfilerRuleConfigurations: 'ProfilerRuleConfigurations are recorded; profiler rules do not run locally.',
  TensorBoardOutputConfig: 'TensorBoardOutputConfig is recorded; TensorBoard files are not uploaded.',
  ExperimentConfig: 'ExperimentConfig is recorded; no SageMaker Experiments trial is made.',
};

export function readTrainingRequest(request: Readonly<Record<string, unknown>>): TrainingRequest {
  const r = fieldsOf(request);
  const name = r.string('TrainingJobName', { min: 1, max: 63, pattern: JOB_NAME });
  r.string('RoleArn', { min: 20, max: 2048, pattern: ROLE_ARN });
  const notes: string[] = Object.keys(NOTED)
    .filter((k) => r.has(k))
    .map((k) => NOTED[k]);
  const algorithm = readAlgorithm(r.object('AlgorithmSpecification'));
  const output = r.object('OutputDataConfig');
  const outputPath = output.string('S3OutputPath', { max: 1024 });
  if (!OUTPUT_URI.test(outputPath)) {
    throw invalid(
      `OutputDataConfig.S3OutputPath "${outputPath}" is not an s3://, gs:// or file:// URI: it is where the job writes <job>/output/model.tar.gz.`,
    );
  }
  if (output.optionalString('KmsKeyId', { max: 2048 }))
    notes.push('OutputDataConfig.KmsKeyId is not applied: model.tar.gz is not encrypted.');
  output.optionalEnum('CompressionType', ['GZIP', 'NONE']);
  const resources = readResources(r.object('ResourceConfig'), notes);
  const stopping = readStopping(r.object('StoppingCondition'));
  for (const tag of r.list('Tags', { max: 50 })) {
    tag.string('Key', { min: 1, max: 128 });
    tag.string('Value', { max: 256 });
  }
  const spot = r.boolean('EnableManagedSpotTraining', false);
  checkSpot(spot, stopping);
  return {
    name,
    ...algorithm,
    channels: readChannels(r, algorithm.inputMode),
    outputPath,
    ...resources,
    ...stopping,
    spot,
    checkpoint: readCheckpoint(r.optionalObject('CheckpointConfig')),
    environment: r.stringMap('Environment', {
      maxEntries: 100,
      maxKey: 512,
      maxValue: 512,
      keyPattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    }),
    hyperParameters: r.stringMap('HyperParameters', { maxEntries: 100, maxKey: 256, maxValue: 2500 }),
    retryAttempts: r.optionalObject('RetryStrategy')?.integer('MaximumRetryAttempts', { min: 1, max: 30 }),
    notes,
  };
}

function readAlgorithm(a: Fields) {
  const trainingImage = a.optionalString('TrainingImage', { max: 255 });
  const algorithmName = a.optionalString('AlgorithmName', { min: 1, max: 170 });
  if ((trainingImage === undefined) === (algorithmName === undefined)) {
    throw invalid('AlgorithmSpecification must have exactly one of TrainingImage and AlgorithmName.');
  }
  const mode = a.enumOf('TrainingInputMode', ['Pipe', 'File', 'FastFile']);
  if (mode === 'Pipe') {
    throw invalid(
      'AlgorithmSpecification.TrainingInputMode Pipe streams data through named pipes; Godwit’s local training stages channels as files. Use File or FastFile.',
    );
  }
  const metricDefinitions = a.list('MetricDefinitions', { max: 40 }).map((m) => {
    const definition = { Name: m.string('Name', { min: 1, max: 255 }), Regex: m.string('Regex', { min: 1, max: 500 }) };
    checkRegex(definition.Name, definition.Regex);
    return definition;
  });
  a.boolean('EnableSageMakerMetricsTimeSeries', false);
  a.list('ContainerEntrypoint', { max: 100 });
  a.list('ContainerArguments', { max: 100 });
  return {
    image: (trainingImage ?? algorithmName) as string,
    imageField: trainingImage !== undefined ? ('TrainingImage' as const) : ('AlgorithmName' as const),
    inputMode: mode,
    metricDefinitions,
  };
}

function checkRegex(name: string, regex: string): void {
  try {
    new RegExp(regex);
  } catch (err) {
    throw invalid(`MetricDefinitions "${name}": Regex ${regex} does not compile (${(err as Error).message}).`);
  }
  if (!/\((?!\?)/.test(regex.replace(/\\\\|\\\(/g, ''))) {
    throw invalid(
      `MetricDefinitions "${name}": Regex ${regex} has no capture group; put the number in parentheses, e.g. "loss = ([0-9.]+)".`,
    );
  }
}

function readResources(res: Fields, notes: string[]) {
  if (res.has('InstanceGroups')) {
    throw invalid(
      'ResourceConfig.InstanceGroups (heterogeneous clusters) are not supported locally; give InstanceType and InstanceCount 1.',
    );
  }
  const instanceType = res.string('InstanceType', { pattern: /^ml\.[a-z0-9]+\.[a-z0-9]+$/ });
  const instanceCount = res.integer('InstanceCount', { min: 1 });
  if (instanceCount > 1) {
    throw invalid(
      `ResourceConfig.InstanceCount is ${instanceCount}: Godwit trains on one local instance (algo-1). Give InstanceCount 1, or run distributed training in the cloud.`,
    );
  }
  const volumeSizeGB = res.integer('VolumeSizeInGB', { min: 1, max: 16384 });
  if (res.optionalString('VolumeKmsKeyId'))
    notes.push('ResourceConfig.VolumeKmsKeyId is not applied: the local volume is not encrypted.');
  res.optionalInteger('KeepAlivePeriodInSeconds', { min: 0, max: 3600 });
  return { instanceType, instanceCount, volumeSizeGB };
}

function readStopping(s: Fields): { maxRuntimeSeconds: number; maxWaitSeconds?: number } {
  s.optionalInteger('MaxPendingTimeInSeconds', { min: 7200, max: 2419200 });
  return {
    maxRuntimeSeconds: s.optionalInteger('MaxRuntimeInSeconds', { min: 1, max: MAX_SECONDS }) ?? DEFAULT_MAX_RUNTIME,
    maxWaitSeconds: s.optionalInteger('MaxWaitTimeInSeconds', { min: 1, max: MAX_SECONDS }),
  };
}

function checkSpot(spot: boolean, s: { maxRuntimeSeconds: number; maxWaitSeconds?: number }): void {
  if (spot && s.maxWaitSeconds === undefined) {
    throw invalid('StoppingCondition.MaxWaitTimeInSeconds must be given when EnableManagedSpotTraining is true.');
  }
  if (!spot && s.maxWaitSeconds !== undefined) {
    throw invalid(
      'StoppingCondition.MaxWaitTimeInSeconds is only for managed spot training: set EnableManagedSpotTraining true, or leave it out.',
    );
  }
  if (s.maxWaitSeconds !== undefined && s.maxWaitSeconds < s.maxRuntimeSeconds) {
    throw invalid(
      `Invalid MaxWaitTimeInSeconds (${s.maxWaitSeconds}): it must be greater than or equal to MaxRuntimeInSeconds (${s.maxRuntimeSeconds}).`,
    );
  }
}

function readCheckpoint(c: Fields | undefined): TrainingRequest['checkpoint'] {
  if (!c) return undefined;
  const uri = c.string('S3Uri', { max: 1024 });
  if (!OUTPUT_URI.test(uri)) throw invalid(`CheckpointConfig.S3Uri "${uri}" is not an s3://, gs:// or file:// URI.`);
  const localPath = c.optionalString('LocalPath', { max: 4096 });
  if (localPath !== undefined && !localPath.startsWith('/'))
    throw invalid(`CheckpointConfig.LocalPath "${localPath}" must be an absolute path.`);
  return { uri, localPath };
}
