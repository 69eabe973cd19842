/**
 * Steps around a model, the inverse of src/compile/aws/model-requests.ts:
 *
 * - Model (CreateModel, the SDK's `ModelStep` create form): no IR step of its own. A transform
 *   that names it (`Get Steps.m.ModelName`) reads the model data its container points at; the
 *   step's dependencies pass to whoever waited for it.
 * - Transform (CreateTransformJob) → an IR transform step with the same options.
 * - RegisterModel (CreateModelPackage; the SDK's `RegisterModel` and `ModelStep(model.register())`,
 *   whose step is named `<name>-RegisterModel`) → an IR register-model step.
 */
import type { RegisterModelStep, TransformStep, Value } from '../../pipeline/ir.js';
import { type At, addDependency, type ImportContext, importError, type RawStep } from './import-context.js';
import { importEnvironment, importResources, isObject, literalUri, noteCloudOnly } from './job-fields.js';
import {
  child,
  type JsonObject,
  optArray,
  optNumber,
  optObject,
  optString,
  optStringList,
  reqObject,
  reqString,
} from './json-fields.js';
import { importEnvelope } from './policies-import.js';
import { importValue } from './sagemaker-values.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The container of a Model step or a model package: PrimaryContainer, else the first of Containers. */
function firstContainer(args: JsonObject, at: At, ctx: ImportContext, step: string): { container: JsonObject; at: At } {
  const primary = optObject(args, 'PrimaryContainer', at);
  if (primary) return { container: primary, at: child(at, 'PrimaryContainer') };
  const list = optArray(args, 'Containers', at);
  if (!list?.length || !isObject(list[0]))
    throw importError(child(at, 'PrimaryContainer'), 'is missing', 'Give the model a PrimaryContainer with its ModelDataUrl.');
  if (list.length > 1)
    ctx.note(step, 'Containers', 'dropped', `an inference pipeline of ${list.length} containers: only the first is kept`);
  return { container: list[0], at: child(at, 'Containers[0]') };
}

function modelData(container: JsonObject, ctx: ImportContext, at: At): Value {
  if (container.ModelDataUrl === undefined) {
    if (isObject(container.ModelDataSource)) {
      const s3 = optObject(container.ModelDataSource, 'S3DataSource', child(at, 'ModelDataSource'));
      if (s3?.S3Uri !== undefined) return importValue(s3.S3Uri, ctx, child(at, 'ModelDataSource.S3DataSource.S3Uri'));
    }
    throw importError(child(at, 'ModelDataUrl'), 'is missing', 'Point the container at the model data (ModelDataUrl).');
  }
  return importValue(container.ModelDataUrl, ctx, child(at, 'ModelDataUrl'));
}

/** Folds a Model step: noted, and remembered as the steps it waited for. */
export function foldModel(step: RawStep, ctx: ImportContext, deps: readonly string[]): void {
  ctx.folded.set(step.Name, deps);
  ctx.note(
    step.Name,
    'Model',
    'mapped',
    'folded into the steps that use the model (Godwit transforms and registers model data, not named models)',
  );
}

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
  const outAt = child(at, 'TransformOutput');
  const out: Mutable<TransformStep> = {
    name: step.Name,
    type: 'transform',
    ...importEnvelope(step, ctx, { step: step.Name, field: '' }),
    model: transformModel(args, ctx, at),
    input: importValue(s3.S3Uri, ctx, child(inAt, 'DataSource.S3DataSource.S3Uri')),
    outputs: [{ name: 'predictions', type: 'dataset' }],
  };
  const set = <K extends keyof TransformStep>(key: K, value: TransformStep[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('contentType', optString(input, 'ContentType', inAt));
  set('splitType', oneOf(optString(input, 'SplitType', inAt), ['Line', 'None'], child(inAt, 'SplitType'), ctx));
  set(
    'batchStrategy',
    oneOf(optString(args, 'BatchStrategy', at), ['SingleRecord', 'MultiRecord'], child(at, 'BatchStrategy'), ctx),
  );
  set('maxPayloadInMB', optNumber(args, 'MaxPayloadInMB', at));
  set('maxConcurrentTransforms', optNumber(args, 'MaxConcurrentTransforms', at));
  set('accept', optString(output, 'Accept', outAt));
  set('assembleWith', oneOf(optString(output, 'AssembleWith', outAt), ['Line', 'None'], child(outAt, 'AssembleWith'), ctx));
  set('resources', importResources(optObject(args, 'TransformResources', at), ctx, child(at, 'TransformResources')));
  const processing = optObject(args, 'DataProcessing', at);
  if (processing) {
    const joinSource = oneOf(
      optString(processing, 'JoinSource', child(at, 'DataProcessing')),
      ['Input', 'None'],
      child(at, 'DataProcessing.JoinSource'),
      ctx,
    );
    set('dataProcessing', {
      ...(processing.InputFilter !== undefined ? { inputFilter: String(processing.InputFilter) } : {}),
      ...(joinSource ? { joinSource } : {}),
      ...(processing.OutputFilter !== undefined ? { outputFilter: String(processing.OutputFilter) } : {}),
    });
  }
  const capture = optObject(args, 'DataCaptureConfig', at);
  if (capture) {
    const destination = reqString(capture, 'DestinationS3Uri', child(at, 'DataCaptureConfig'));
    set('dataCapture', capture.GenerateInferenceId === true ? { destination, generateInferenceId: true } : { destination });
  }
  if (input.CompressionType === 'Gzip')
    ctx.note(step.Name, 'CompressionType', 'dropped', 'the input is read as stored, not gunzipped');
  const uri = literalUri(output.S3OutputPath);
  if (uri !== undefined)
    ctx.note(
      step.Name,
      'TransformOutput.S3OutputPath',
      'approximated',
      `predictions are kept in the run's artifact store, not at ${uri}`,
    );
  ctx.note(step.Name, 'Transform', 'mapped', 'a transform step');
  return out;
}

/** `ModelName`: a Model step of the definition (its model data), or a literal model name, which has no local model data. */
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
  if (importEnvironment(container, ctx, cAt))
    ctx.note(
      at.step,
      'Environment',
      'dropped',
      `the serving environment of model step "${model.Name}": Godwit picks the runtime from the model's files`,
    );
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

export function importRegisterModel(step: RawStep, ctx: ImportContext): RegisterModelStep {
  const at: At = { step: step.Name, field: 'Arguments' };
  const args = reqObject(step, 'Arguments', { step: step.Name, field: '' });
  noteCloudOnly(args, ctx, step.Name);
  const spec = reqObject(args, 'InferenceSpecification', at);
  const sAt = child(at, 'InferenceSpecification');
  const { container, at: cAt } = firstContainer(spec, sAt, ctx, step.Name);
  const group = reqString(args, 'ModelPackageGroupName', at);
  const out: Mutable<RegisterModelStep> = {
    name: step.Name,
    type: 'register-model',
    ...importEnvelope(step, ctx, { step: step.Name, field: '' }),
    model: modelData(container, ctx, cAt),
    modelPackageGroup: group,
    approvalStatus:
      args.ModelApprovalStatus === undefined
        ? 'PendingManualApproval'
        : importValue(args.ModelApprovalStatus, ctx, child(at, 'ModelApprovalStatus')),
  };
  const image = optString(container, 'Image', cAt);
  if (image) out.image = image;
  const description = optString(args, 'ModelPackageDescription', at);
  if (description) out.description = description;
  const lists = [
    ['contentTypes', 'SupportedContentTypes'],
    ['responseTypes', 'SupportedResponseMIMETypes'],
    ['inferenceInstances', 'SupportedRealtimeInferenceInstanceTypes'],
    ['transformInstances', 'SupportedTransformInstanceTypes'],
  ] as const;
  for (const [key, field] of lists) {
    const v = optStringList(spec, field, sAt);
    if (v?.length) out[key] = v;
  }
  const metrics = modelQualityReport(args, ctx, at);
  if (metrics !== undefined) out.metrics = metrics;
  for (const key of ['CustomerMetadataProperties', 'DriftCheckBaselines', 'Domain', 'Task', 'SamplePayloadUrl', 'ModelCard']) {
    if (args[key] !== undefined) ctx.note(step.Name, key, 'dropped', "Godwit's registry records no such field");
  }
  ctx.note(step.Name, 'RegisterModel', 'mapped', `a register-model step into group "${group}"`);
  return out;
}

/** ModelMetrics.ModelQuality.Statistics.S3Uri: the one report Godwit attaches; the others are noted. */
function modelQualityReport(args: JsonObject, ctx: ImportContext, at: At): Value | undefined {
  const metrics = optObject(args, 'ModelMetrics', at);
  if (!metrics) return undefined;
  const mAt = child(at, 'ModelMetrics');
  const others = Object.entries(metrics).filter(([k, v]) => k !== 'ModelQuality' && isObject(v) && Object.keys(v).length > 0);
  if (others.length > 0)
    ctx.note(
      at.step,
      'ModelMetrics',
      'dropped',
      `${others.map(([k]) => k).join(', ')}: only the model quality statistics are attached`,
    );
  const quality = optObject(metrics, 'ModelQuality', mAt);
  const stats = quality && optObject(quality, 'Statistics', child(mAt, 'ModelQuality'));
  if (!stats || stats.S3Uri === undefined) return undefined;
  return importValue(stats.S3Uri, ctx, child(mAt, 'ModelQuality.Statistics.S3Uri'));
}
