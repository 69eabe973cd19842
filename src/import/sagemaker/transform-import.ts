/**
 * A Transform step (CreateTransformJob) as an IR transform step, the inverse of
 * src/compile/aws/model-requests.ts's `transformRequest`: the model is the model data of the Model
 * step its `ModelName` names, the input its S3 source, and the job's options keep their meaning.
 */
import type { TransformDataProcessing, TransformStep, Value } from '../../pipeline/ir.js';
import { type At, addDependency, type ImportContext, importError, type Mutable, type RawStep } from './import-context.js';
import { importResources, isObject, literalUri, noteCloudOnly } from './job-fields.js';
import { child, type JsonObject, optNumber, optObject, optString, reqObject, reqString } from './json-fields.js';
import { firstContainer, modelData } from './model-import.js';
import { importEnvelope } from './policies-import.js';
import { importValue } from './sagemaker-values.js';

export function importTransform(step: RawStep, ctx: ImportContext): TransformStep {
  const at: At = { step: step.Name, field: 'Arguments' };
  const args = reqObject(step, 'Arguments', { step: step.Name, field: '' });
  noteCloudOnly(args, ctx, step.Name);
  const input = reqObject(args, 'TransformInput', at);
  const inAt = child(at, 'TransformInput');
  const s3 = reqObject(reqObject(input, 'DataSource', inAt), 'S3DataSource', child(inAt, 'DataSource'));
  if (s3.S3Uri === undefined)
    throw importError(child(inAt, 'DataSource.S3DataSource.S3Uri'), 'is missing', 'Give the transform its input S3Uri.');
  const output = optObject(args, 'TransformOutput', at) ?? {};
  const out: Mutable<TransformStep> = {
    name: step.Name,
    type: 'transform',
    ...importEnvelope(step, ctx, { step: step.Name, field: '' }),
    model: transformModel(args, ctx, at),
    input: importValue(s3.S3Uri, ctx, child(inAt, 'DataSource.S3DataSource.S3Uri')),
    outputs: [{ name: 'predictions', type: 'dataset' }],
  };
  Object.assign(out, transformOptions(args, input, output, ctx, at));
  if (input.CompressionType === 'Gzip')
    ctx.note(step.Name, 'CompressionType', 'dropped', 'the input is read as stored, not gunzipped');
  const uri = literalUri(output.S3OutputPath);
  if (uri !== undefined) {
    ctx.note(
      step.Name,
      'TransformOutput.S3OutputPath',
      'approximated',
      `predictions are kept in the run's artifact store, not at ${uri}`,
    );
  }
  ctx.note(step.Name, 'Transform', 'mapped', 'a transform step');
  return out;
}

/** The job's options, each only when the definition sets it. */
function transformOptions(
  args: JsonObject,
  input: JsonObject,
  output: JsonObject,
  ctx: ImportContext,
  at: At,
): Partial<TransformStep> {
  const inAt = child(at, 'TransformInput');
  const outAt = child(at, 'TransformOutput');
  const options: Partial<Mutable<TransformStep>> = {
    contentType: optString(input, 'ContentType', inAt),
    splitType: oneOf(optString(input, 'SplitType', inAt), ['Line', 'None'], child(inAt, 'SplitType'), ctx),
    batchStrategy: oneOf(optString(args, 'BatchStrategy', at), ['SingleRecord', 'MultiRecord'], child(at, 'BatchStrategy'), ctx),
    maxPayloadInMB: optNumber(args, 'MaxPayloadInMB', at),
    maxConcurrentTransforms: optNumber(args, 'MaxConcurrentTransforms', at),
    accept: optString(output, 'Accept', outAt),
    assembleWith: oneOf(optString(output, 'AssembleWith', outAt), ['Line', 'None'], child(outAt, 'AssembleWith'), ctx),
    resources: importResources(optObject(args, 'TransformResources', at), ctx, child(at, 'TransformResources')),
    dataProcessing: dataProcessing(args, ctx, at),
  };
  const capture = optObject(args, 'DataCaptureConfig', at);
  if (capture) {
    const destination = reqString(capture, 'DestinationS3Uri', child(at, 'DataCaptureConfig'));
    options.dataCapture = capture.GenerateInferenceId === true ? { destination, generateInferenceId: true } : { destination };
  }
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

function dataProcessing(args: JsonObject, ctx: ImportContext, at: At): TransformDataProcessing | undefined {
  const processing = optObject(args, 'DataProcessing', at);
  if (!processing) return undefined;
  const where = child(at, 'DataProcessing');
  const joinSource = oneOf(optString(processing, 'JoinSource', where), ['Input', 'None'], child(where, 'JoinSource'), ctx);
  const inputFilter = optString(processing, 'InputFilter', where);
  const outputFilter = optString(processing, 'OutputFilter', where);
  return {
    ...(inputFilter !== undefined ? { inputFilter } : {}),
    ...(joinSource ? { joinSource } : {}),
    ...(outputFilter !== undefined ? { outputFilter } : {}),
  };
}

/** `ModelName`: a Model step of the definition (its model data); a literal model name has no local model data. */
function transformModel(args: JsonObject, ctx: ImportContext, at: At): Value {
  const name = args.ModelName;
  const get = isObject(name) && typeof name.Get === 'string' ? /^Steps\.([A-Za-z0-9_-]+)\.ModelName$/.exec(name.Get) : null;
  const model = get ? ctx.steps.get(get[1]) : undefined;
  if (!get || !model || (model.Type !== 'Model' && model.Type !== 'CreateModel')) {
    throw importError(
      child(at, 'ModelName'),
      `${JSON.stringify(name)} names no Model step of the definition`,
      'Create the model in the pipeline (a ModelStep) so the transform knows its model data.',
    );
  }
  const modelAt: At = { step: at.step, field: `(model step "${model.Name}") Arguments` };
  const margs = reqObject(model, 'Arguments', { step: model.Name, field: '' });
  const { container, at: cAt } = firstContainer(margs, modelAt, ctx, model.Name);
  // Only whether there is one: converting the values would add dependencies and notes for a block that is dropped.
  const environment = optObject(container, 'Environment', cAt);
  if (environment && Object.keys(environment).length > 0) {
    const why = `the serving environment of model step "${model.Name}": Godwit picks the runtime from the model's files`;
    ctx.note(at.step, 'Environment', 'dropped', why);
  }
  addDependency(ctx, at.step, model.Name);
  return modelData(container, ctx, cAt);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], at: At, ctx: ImportContext): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  if (value === 'RecordIO' || value === 'TFRecord') {
    ctx.note(at.step, at.field, 'approximated', `${value} read as Line`);
    return allowed[0];
  }
  throw importError(at, `"${value}" is not one of ${allowed.join(', ')}`, `Use ${allowed.join(' or ')}.`);
}
