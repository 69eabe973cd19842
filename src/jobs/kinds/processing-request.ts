/**
 * A `CreateProcessingJob` request, checked field by field and read into what planning needs.
 * Refused with a `ValidationException` naming the member: a missing or malformed field, an input
 * without `S3Input` (a `DatasetDefinition` reads Athena or Redshift, which Godwit's jobs do not),
 * a `LocalPath` outside `/opt/ml/processing/`, two inputs or outputs with one name or one path.
 */
import {
  choice,
  dataUri,
  type Fields,
  flag,
  integer,
  invalid,
  list,
  object,
  requiredObject,
  requiredText,
  resourceName,
  stringMap,
  strings,
  text,
} from './request-fields.js';

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
  readonly maxRuntimeSeconds?: number;
  readonly environment: Readonly<Record<string, string>>;
}

const LOCAL_ROOT = '/opt/ml/processing/';

export function readProcessingRequest(request: Fields): ProcessingRequest {
  const name = resourceName(request, 'ProcessingJobName');
  requiredText(request, 'RoleArn');
  const app = requiredObject(request, 'AppSpecification');
  const resources = requiredObject(request, 'ProcessingResources');
  const cluster = requiredObject(resources, 'ClusterConfig', 'ProcessingResources.ClusterConfig');
  const stopping = object(request, 'StoppingCondition');
  const inputs = list(request, 'ProcessingInputs', 'ProcessingInputs', 10).map((v, i) => readInput(v, i + 1));
  const outputConfig = object(request, 'ProcessingOutputConfig');
  const outputs = outputConfig
    ? list(outputConfig, 'Outputs', 'ProcessingOutputConfig.Outputs', 10).map((v, i) => readOutput(v, i + 1))
    : [];
  text(outputConfig ?? {}, 'KmsKeyId', 'ProcessingOutputConfig.KmsKeyId');
  unique('ProcessingInputs', inputs.map((i) => i.name), 'InputName');
  unique('ProcessingOutputConfig.Outputs', outputs.map((o) => o.name), 'OutputName');
  unique('ProcessingInputs and Outputs', [...inputs, ...outputs].map((x) => x.localPath.replace(/\/+$/, '')), 'LocalPath');
  return {
    name,
    imageUri: requiredText(app, 'ImageUri', 'AppSpecification.ImageUri'),
    entrypoint: strings(app, 'ContainerEntrypoint', 100),
    arguments: strings(app, 'ContainerArguments', 256),
    inputs,
    outputs,
    instanceType: requiredText(cluster, 'InstanceType', 'ProcessingResources.ClusterConfig.InstanceType'),
    instanceCount: integer(cluster, 'InstanceCount', 1, 100, 'ProcessingResources.ClusterConfig.InstanceCount') ?? 1,
    volumeSizeGB: integer(cluster, 'VolumeSizeInGB', 1, 16384, 'ProcessingResources.ClusterConfig.VolumeSizeInGB') ?? 30,
    maxRuntimeSeconds: stopping
      ? integer(stopping, 'MaxRuntimeInSeconds', 1, 777600, 'StoppingCondition.MaxRuntimeInSeconds')
      : undefined,
    environment: stringMap(request, 'Environment', 100),
  };
}

function readInput(value: unknown, n: number): ProcessingInput {
  const path = `ProcessingInputs.${n}`;
  if (typeof value !== 'object' || value === null) throw invalid(path, 'Member must be a structure', value);
  const input = value as Fields;
  const name = requiredText(input, 'InputName', `${path}.InputName`);
  flag(input, 'AppManaged', `${path}.AppManaged`);
  if (input.DatasetDefinition !== undefined && input.DatasetDefinition !== null) {
    throw invalid(
      `${path}.DatasetDefinition`,
      `Godwit's processing jobs read S3Input only: input "${name}" names a DatasetDefinition (an Athena or Redshift query). Run the query first (godwit sql, or UNLOAD to s3://) and give its output as S3Input`,
    );
  }
  const s3 = requiredObject(input, 'S3Input', `${path}.S3Input`);
  const at = `${path}.S3Input`;
  choice(s3, 'S3InputMode', ['File', 'Pipe'], `${at}.S3InputMode`);
  if (s3.S3InputMode === 'Pipe') throw invalid(`${at}.S3InputMode`, 'Godwit stages inputs as files: use File', 'Pipe');
  choice(s3, 'S3DataDistributionType', ['FullyReplicated', 'ShardedByS3Key'], `${at}.S3DataDistributionType`);
  const dataType = choice(s3, 'S3DataType', ['S3Prefix', 'ManifestFile'], `${at}.S3DataType`) ?? 'S3Prefix';
  if (dataType === 'ManifestFile') throw invalid(`${at}.S3DataType`, 'Godwit reads S3Prefix inputs only', dataType);
  // As in SageMaker, Gzip is for Pipe mode only, and Godwit stages files.
  const compression = choice(s3, 'S3CompressionType', ['None', 'Gzip'], `${at}.S3CompressionType`) ?? 'None';
  if (compression === 'Gzip') throw invalid(`${at}.S3CompressionType`, 'Gzip needs S3InputMode Pipe; use None', compression);
  return { name, uri: dataUri(s3, 'S3Uri', `${at}.S3Uri`), localPath: localPath(s3, `${at}.LocalPath`) };
}

function readOutput(value: unknown, n: number): ProcessingOutput {
  const path = `ProcessingOutputConfig.Outputs.${n}`;
  if (typeof value !== 'object' || value === null) throw invalid(path, 'Member must be a structure', value);
  const output = value as Fields;
  const name = requiredText(output, 'OutputName', `${path}.OutputName`);
  flag(output, 'AppManaged', `${path}.AppManaged`);
  if (output.FeatureStoreOutput !== undefined && output.FeatureStoreOutput !== null) {
    throw invalid(`${path}.FeatureStoreOutput`, `Godwit has no Feature Store: give output "${name}" an S3Output`);
  }
  const s3 = requiredObject(output, 'S3Output', `${path}.S3Output`);
  const upload = choice(s3, 'S3UploadMode', ['Continuous', 'EndOfJob'], `${path}.S3Output.S3UploadMode`);
  if (upload === undefined) throw invalid(`${path}.S3Output.S3UploadMode`, 'Member must not be null');
  return { name, uri: dataUri(s3, 'S3Uri', `${path}.S3Output.S3Uri`), localPath: localPath(s3, `${path}.S3Output.LocalPath`) };
}

function localPath(fields: Fields, path: string): string {
  const value = requiredText(fields, 'LocalPath', path);
  if (!value.startsWith(LOCAL_ROOT) || value.split('/').includes('..')) {
    throw invalid(path, `Member must be a path under ${LOCAL_ROOT}`, value);
  }
  return value;
}

function unique(path: string, values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw invalid(path, `${what} "${v}" is used twice; each must be unique`);
    seen.add(v);
  }
}
