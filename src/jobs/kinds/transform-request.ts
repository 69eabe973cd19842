/**
 * CreateTransformJob's request, checked as SageMaker checks it and read into what planning needs;
 * `validate`, `plan` and `result` all read it through `readTransformRequest`. Option combinations
 * and JSONPath filters are checked by batch transform's own rules (`resolveTransformOptions`,
 * `parseTransformPath`), so a job and a pipeline's transform step refuse the same things.
 * Refused, naming the member: manifest inputs, Gzip inputs and RecordIO/TFRecord splitting (the
 * transform reads plain files), more than 100 instances. KMS keys and `ModelClientConfig` are
 * accepted and noted.
 */
import { GodwitError } from '../../core/errors.js';
import { resolveTransformOptions, type TransformOptions } from '../../serving/transform/transform-options.js';
import { parseTransformPath } from '../../serving/transform/transform-path.js';
import { type Fields, fieldsOf, invalid } from './request-fields.js';

export interface TransformRequest {
  readonly name: string;
  readonly modelName: string;
  readonly inputUri: string;
  readonly outputPath: string;
  readonly instanceType: string;
  readonly options: TransformOptions & { readonly instanceCount: number };
  readonly environment: Readonly<Record<string, string>>;
  /** What is accepted but not done as the cloud does it. */
  readonly notes: readonly string[];
}

const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const DATA_URI = /^(s3|gs|file):\/\/\S+$/i;

export function readTransformRequest(request: Readonly<Record<string, unknown>>): TransformRequest {
  const r = fieldsOf(request);
  const name = r.string('TransformJobName', { min: 1, max: 63, pattern: NAME });
  const modelName = r.string('ModelName', { min: 1, max: 63, pattern: NAME });
  const notes: string[] = [];
  if (r.has('ModelClientConfig')) notes.push('ModelClientConfig is recorded; requests are not retried or timed out by it.');
  const input = r.object('TransformInput');
  const s3 = input.object('DataSource').object('S3DataSource');
  const dataType = s3.enumOf('S3DataType', ['ManifestFile', 'S3Prefix', 'AugmentedManifestFile']);
  if (dataType !== 'S3Prefix') throw invalid(`TransformInput S3DataType ${dataType} is not supported locally; use S3Prefix.`);
  const inputUri = uri(s3, 'S3Uri', 'TransformInput.DataSource.S3DataSource.S3Uri');
  if (input.optionalEnum('CompressionType', ['None', 'Gzip']) === 'Gzip')
    throw invalid('TransformInput CompressionType Gzip is not supported locally: give uncompressed files (None).');
  const splitType = input.optionalEnum('SplitType', ['None', 'Line', 'RecordIO', 'TFRecord']);
  if (splitType === 'RecordIO' || splitType === 'TFRecord')
    throw invalid(
      `TransformInput SplitType ${splitType} is not supported locally: no local runtime reads that framing. Use Line or None.`,
    );
  const output = r.object('TransformOutput');
  const outputPath = uri(output, 'S3OutputPath', 'TransformOutput.S3OutputPath');
  if (output.optionalString('KmsKeyId', { max: 2048 }))
    notes.push('TransformOutput.KmsKeyId is not applied: outputs are not encrypted.');
  const resources = r.object('TransformResources');
  const options: TransformOptions & { instanceCount: number } = {
    contentType: input.optionalString('ContentType', { max: 256 }),
    // SageMaker's default: each input object is one record, one request.
    splitType: splitType ?? 'None',
    batchStrategy: r.optionalEnum('BatchStrategy', ['MultiRecord', 'SingleRecord']),
    maxPayloadInMB: r.optionalInteger('MaxPayloadInMB', { min: 0, max: 100 }),
    // SageMaker reads 0 as "the algorithm's choice", which is one request at a time here.
    maxConcurrentTransforms: r.optionalInteger('MaxConcurrentTransforms', { min: 0, max: 1000 }) || undefined,
    instanceCount: resources.integer('InstanceCount', { min: 1, max: 100 }),
    accept: output.optionalString('Accept', { max: 256 }),
    assembleWith: output.optionalEnum('AssembleWith', ['None', 'Line']),
    dataProcessing: readDataProcessing(r.optionalObject('DataProcessing')),
    dataCapture: readCapture(r.optionalObject('DataCaptureConfig'), notes),
  };
  checkOptions(options);
  for (const tag of r.list('Tags', { max: 50 })) {
    tag.string('Key', { min: 1, max: 128 });
    tag.string('Value', { max: 256 });
  }
  return {
    name,
    modelName,
    inputUri,
    outputPath,
    instanceType: resources.string('InstanceType', { min: 1 }),
    options,
    environment: r.stringMap('Environment', {
      maxEntries: 16,
      maxKey: 1024,
      maxValue: 10240,
      keyPattern: /^[a-zA-Z_][a-zA-Z0-9_]{0,1023}$/,
    }),
    notes,
  };
}

function uri(fields: Fields, name: string, path: string): string {
  const value = fields.string(name, { max: 1024 });
  if (!DATA_URI.test(value)) throw invalid(`${path} "${value}" is not an s3://, gs:// or file:// URI.`);
  return value;
}

function readDataProcessing(dp: Fields | undefined): TransformOptions['dataProcessing'] {
  if (!dp) return undefined;
  const inputFilter = dp.optionalString('InputFilter', { max: 63 });
  const outputFilter = dp.optionalString('OutputFilter', { max: 63 });
  for (const [field, path] of [
    ['InputFilter', inputFilter],
    ['OutputFilter', outputFilter],
  ] as const) {
    if (path !== undefined) asValidation(() => parseTransformPath(path, `DataProcessing.${field}`));
  }
  return { inputFilter, outputFilter, joinSource: dp.optionalEnum('JoinSource', ['Input', 'None']) };
}

function readCapture(capture: Fields | undefined, notes: string[]): TransformOptions['dataCapture'] {
  if (!capture) return undefined;
  const destination = uri(capture, 'DestinationS3Uri', 'DataCaptureConfig.DestinationS3Uri');
  if (capture.optionalString('KmsKeyId', { max: 2048 })) notes.push('DataCaptureConfig.KmsKeyId is not applied.');
  return { destination, generateInferenceId: capture.boolean('GenerateInferenceId', false) };
}

/** Batch transform's own rules on option combinations, answered as SageMaker's ValidationException. */
function checkOptions(options: TransformOptions): void {
  asValidation(() => resolveTransformOptions(options));
}

function asValidation(check: () => unknown): void {
  try {
    check();
  } catch (err) {
    if (err instanceof GodwitError) throw invalid(err.message);
    throw err;
  }
}
