/**
 * CreateProcessingJob's request, checked as SageMaker checks it and read into what planning
 * needs; `validate`, `plan` and `result` all read it through `readProcessingRequest`, so the
 * rules live once. Refused, naming the member: a missing or malformed field; an input without
 * `S3Input` (a `DatasetDefinition` queries Athena or Redshift, which a local job does not);
 * Pipe mode, manifest files and Gzip inputs (Godwit stages plain files); a `LocalPath` outside
 * `/opt/ml/processing/`; two inputs or outputs with one name or one path; more than one instance.
 * `NetworkConfig` and KMS keys are accepted and noted: they change nothing on one machine.
 */
import { type Fields, fieldsOf, invalid } from './request-fields.js';

export interface ProcessingInput {
  readonly name: string;
  readonly uri: string;
  readonly localPath: string;
}

export interface ProcessingOutput {
  readonly name: string;
  readonly uri: string;
  readonly localPath: string;
}

export interface ProcessingRequest {
  readonly name: string;
  readonly imageUri: string;
  readonly entrypoint?: readonly string[];
  readonly arguments?: readonly string[];
  readonly inputs: readonly ProcessingInput[];
  readonly outputs: readonly ProcessingOutput[];
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly volumeSizeGB: number;
  readonly maxRuntimeSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  /** What is accepted but not done as the cloud does it. */
  readonly notes: readonly string[];
}

const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const DATA_URI = /^(s3|gs|file):\/\/\S+$/i;
const LOCAL_ROOT = '/opt/ml/processing/';
/** SageMaker's bounds on a processing job's MaxRuntimeInSeconds: 5 days, default 1 day. */
const MAX_RUNTIME = 5 * 24 * 3600;
const DEFAULT_MAX_RUNTIME = 24 * 3600;

export function readProcessingRequest(request: Readonly<Record<string, unknown>>): ProcessingRequest {
  const r = fieldsOf(request);
  const name = r.string('ProcessingJobName', { min: 1, max: 63, pattern: JOB_NAME });
  r.string('RoleArn', { min: 20, max: 2048, pattern: ROLE_ARN });
  const notes: string[] = [];
  if (r.has('NetworkConfig')) notes.push('NetworkConfig is not applied: the script reaches whatever this machine reaches.');
  const app = r.object('AppSpecification');
  const inputs = r.list('ProcessingInputs', { max: 10 }).map(readInput);
  const outputConfig = r.optionalObject('ProcessingOutputConfig');
  const outputs = outputConfig ? outputConfig.list('Outputs', { max: 10 }).map(readOutput) : [];
  if (outputConfig?.optionalString('KmsKeyId', { max: 2048 }))
    notes.push('ProcessingOutputConfig.KmsKeyId is not applied: outputs are not encrypted.');
  unique(
    inputs.map((i) => i.name),
    'InputName',
  );
  unique(
    outputs.map((o) => o.name),
    'OutputName',
  );
  unique(
    [...inputs, ...outputs].map((x) => x.localPath.replace(/\/+$/, '')),
    'LocalPath',
  );
  const cluster = r.object('ProcessingResources').object('ClusterConfig');
  const instanceCount = cluster.integer('InstanceCount', { min: 1, max: 100 });
  if (instanceCount > 1) {
    throw invalid(
      `ProcessingResources.ClusterConfig.InstanceCount ${instanceCount}: Godwit runs a processing job on one instance (this machine). Use 1.`,
    );
  }
  if (cluster.optionalString('VolumeKmsKeyId', { max: 2048 })) notes.push('VolumeKmsKeyId is not applied.');
  for (const tag of r.list('Tags', { max: 50 })) {
    tag.string('Key', { min: 1, max: 128 });
    tag.string('Value', { max: 256 });
  }
  return {
    name,
    imageUri: app.string('ImageUri', { max: 255 }),
    entrypoint: strings(app, 'ContainerEntrypoint', 100),
    arguments: strings(app, 'ContainerArguments', 256),
    inputs,
    outputs,
    instanceType: cluster.string('InstanceType', { min: 1 }),
    instanceCount,
    volumeSizeGB: cluster.integer('VolumeSizeInGB', { min: 1, max: 16384 }),
    maxRuntimeSeconds:
      r.optionalObject('StoppingCondition')?.integer('MaxRuntimeInSeconds', { min: 1, max: MAX_RUNTIME }) ?? DEFAULT_MAX_RUNTIME,
    environment: r.stringMap('Environment', {
      maxEntries: 100,
      maxKey: 256,
      maxValue: 256,
      keyPattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    }),
    notes,
  };
}

function readInput(input: Fields): ProcessingInput {
  const name = input.string('InputName', { min: 1, max: 256 });
  input.boolean('AppManaged', false);
  if (input.has('DatasetDefinition')) {
    throw invalid(
      `ProcessingInputs "${name}" has a DatasetDefinition (an Athena or Redshift query), which Godwit's processing jobs do not run. Run the query first (godwit sql, or UNLOAD to s3://) and give its output as S3Input.`,
    );
  }
  if (!input.has('S3Input')) throw invalid(`ProcessingInputs "${name}" needs an S3Input.`);
  const s3 = input.object('S3Input');
  const uri = s3.string('S3Uri', { max: 1024 });
  if (!DATA_URI.test(uri)) throw invalid(`ProcessingInputs "${name}": S3Uri "${uri}" is not an s3://, gs:// or file:// URI.`);
  const mode = s3.optionalEnum('S3InputMode', ['File', 'Pipe']);
  if (mode === 'Pipe') throw invalid(`ProcessingInputs "${name}": S3InputMode Pipe is not supported locally; use File.`);
  s3.enumOf('S3DataType', ['S3Prefix', 'ManifestFile']);
  if (s3.raw.S3DataType === 'ManifestFile')
    throw invalid(`ProcessingInputs "${name}": S3DataType ManifestFile is not supported locally; use S3Prefix.`);
  s3.optionalEnum('S3DataDistributionType', ['FullyReplicated', 'ShardedByS3Key']);
  // As in SageMaker, Gzip is for Pipe mode only.
  if (s3.optionalEnum('S3CompressionType', ['None', 'Gzip']) === 'Gzip')
    throw invalid(`ProcessingInputs "${name}": S3CompressionType Gzip needs S3InputMode Pipe; use None.`);
  return { name, uri, localPath: localPath(s3, `ProcessingInputs "${name}"`) };
}

function readOutput(output: Fields): ProcessingOutput {
  const name = output.string('OutputName', { min: 1, max: 256 });
  output.boolean('AppManaged', false);
  if (output.has('FeatureStoreOutput'))
    throw invalid(
      `ProcessingOutputConfig.Outputs "${name}" has a FeatureStoreOutput; Godwit has no Feature Store. Use S3Output.`,
    );
  if (!output.has('S3Output')) throw invalid(`ProcessingOutputConfig.Outputs "${name}" needs an S3Output.`);
  const s3 = output.object('S3Output');
  const uri = s3.string('S3Uri', { max: 1024 });
  if (!DATA_URI.test(uri))
    throw invalid(`ProcessingOutputConfig.Outputs "${name}": S3Uri "${uri}" is not an s3://, gs:// or file:// URI.`);
  s3.enumOf('S3UploadMode', ['Continuous', 'EndOfJob']);
  return { name, uri, localPath: localPath(s3, `ProcessingOutputConfig.Outputs "${name}"`) };
}

function localPath(fields: Fields, where: string): string {
  const value = fields.string('LocalPath', { max: 256 });
  if (!value.startsWith(LOCAL_ROOT) || value.split('/').includes('..'))
    throw invalid(`${where}: LocalPath "${value}" must be a folder under ${LOCAL_ROOT}`);
  return value;
}

function strings(fields: Fields, name: string, max: number): readonly string[] | undefined {
  if (!fields.has(name)) return undefined;
  const value = fields.raw[name];
  if (!Array.isArray(value) || value.length < 1 || value.length > max || value.some((v) => typeof v !== 'string'))
    throw invalid(`AppSpecification.${name} must be a list of 1 to ${max} strings.`);
  return value as string[];
}

function unique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw invalid(`${what} "${v}" is used twice in the job's inputs and outputs; each must be unique.`);
    seen.add(v);
  }
}
