/**
 * Steps around a model, the inverse of src/compile/aws/model-requests.ts:
 *
 * - Model (CreateModel, the SDK's `ModelStep` create form) → an IR model step, which creates the
 *   named model locally as CreateModel does. A transform that names it (`Get Steps.m.ModelName`)
 *   reads the model data its container points at (transform-import.ts) and waits for it; any other
 *   `Steps.m.ModelName` is a ModelName reference (sagemaker-values.ts).
 * - Transform: transform-import.ts.
 * - RegisterModel (CreateModelPackage; the SDK's `RegisterModel` and `ModelStep(model.register())`,
 *   whose step is named `<name>-RegisterModel`) → an IR register-model step.
 */
import { isRef, type ModelStep, type RegisterModelStep, type Value } from '../../pipeline/ir.js';
import { type At, type ImportContext, importError, type Mutable, type RawStep } from './import-context.js';
import { isObject, noteCloudOnly } from './job-fields.js';
import { child, type JsonObject, optArray, optObject, optString, optStringList, reqObject, reqString } from './json-fields.js';
import { importEnvelope } from './policies-import.js';
import { importValue } from './sagemaker-values.js';

/** The container of a Model step or a model package: PrimaryContainer, else the first of Containers. */
export function firstContainer(args: JsonObject, at: At, ctx: ImportContext, step: string): { container: JsonObject; at: At } {
  const primary = optObject(args, 'PrimaryContainer', at);
  if (primary) return { container: primary, at: child(at, 'PrimaryContainer') };
  const list = optArray(args, 'Containers', at);
  if (!list?.length || !isObject(list[0]))
    throw importError(child(at, 'PrimaryContainer'), 'is missing', 'Give the model a PrimaryContainer with its ModelDataUrl.');
  if (list.length > 1)
    ctx.note(step, 'Containers', 'dropped', `an inference pipeline of ${list.length} containers: only the first is kept`);
  return { container: list[0], at: child(at, 'Containers[0]') };
}

export function modelData(container: JsonObject, ctx: ImportContext, at: At): Value {
  if (container.ModelDataUrl === undefined) {
    if (isObject(container.ModelDataSource)) {
      const s3 = optObject(container.ModelDataSource, 'S3DataSource', child(at, 'ModelDataSource'));
      if (s3?.S3Uri !== undefined) return importValue(s3.S3Uri, ctx, child(at, 'ModelDataSource.S3DataSource.S3Uri'));
    }
    throw importError(child(at, 'ModelDataUrl'), 'is missing', 'Point the container at the model data (ModelDataUrl).');
  }
  return importValue(container.ModelDataUrl, ctx, child(at, 'ModelDataUrl'));
}

/** A Model step: its container's image, environment and model data, and its role (recorded only). */
export function importModel(step: RawStep, ctx: ImportContext): ModelStep {
  const at: At = { step: step.Name, field: 'Arguments' };
  const args = reqObject(step, 'Arguments', { step: step.Name, field: '' });
  noteCloudOnly(args, ctx, step.Name);
  const { container, at: cAt } = firstContainer(args, at, ctx, step.Name);
  const out: Mutable<ModelStep> = {
    name: step.Name,
    type: 'model',
    ...importEnvelope(step, ctx, { step: step.Name, field: '' }),
    model: modelData(container, ctx, cAt),
  };
  if (out.cache) {
    delete out.cache;
    ctx.note(step.Name, 'CacheConfig', 'dropped', 'a model step creates its model in each run and is never cached');
  }
  const image = optString(container, 'Image', cAt);
  if (image) out.image = image;
  const environment = optObject(container, 'Environment', cAt);
  if (environment && Object.keys(environment).length > 0) {
    const eAt = child(cAt, 'Environment');
    out.env = Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, importValue(v, ctx, child(eAt, k))]));
  }
  const role = optString(args, 'ExecutionRoleArn', at);
  if (role) out.executionRole = role;
  ctx.note(step.Name, 'Model', 'mapped', 'a model step: it creates the named model, as CreateModel does');
  return out;
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
  const value = importValue(stats.S3Uri, ctx, child(mAt, 'ModelQuality.Statistics.S3Uri'));
  // `<output>/<file>.json`, as the SDK and Godwit's compiler write it: the output is the report, whose JSON file Godwit finds.
  if (isRef(value) && value.kind === 'Join' && value.on === '/' && value.values.length === 2) {
    const [output, file] = value.values;
    if (isRef(output) && output.kind === 'StepOutput' && typeof file === 'string') return output;
  }
  return value;
}
