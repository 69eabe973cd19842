/**
 * Values that go into SageMaker requests: data locations (uploaded when local), container-side
 * paths for `InputPath` / `OutputPath`, and the images jobs run in.
 */
import { isRef, type ProcessSpec, type Value } from '../../pipeline/ir.js';
import { CompileError, emptyTrainingNote } from '../compile-error.js';
import { isLocalPath } from '../uploads.js';
import { type AwsContext, inputUploadUri } from './aws-context.js';
import { Dynamic, requestValue } from './request-value.js';

/** Which data a step reads: `slot` names its upload folder (the input's name), `field` the IR field for messages. */
export interface DataField {
  readonly slot: string;
  readonly field: string;
}

/** The input `name` of a step (`inputs.<name>.source`). */
export function inputField(name: string): DataField {
  return { slot: name, field: `inputs.${name}.source` };
}

/**
 * An S3 location a job reads: a URI or reference as is, a local path uploaded first. A path built
 * at run time (a join starting with a relative path) cannot be uploaded ahead, so it is refused.
 */
export function dataLocation(ctx: AwsContext, step: string, { slot, field }: DataField, value: Value): string | Dynamic {
  if (typeof value === 'string') {
    return isLocalPath(value)
      ? ctx.uploads.add(value, inputUploadUri(ctx, step, slot, value), `step "${step}", ${field}`)
      : value;
  }
  if (!isRef(value)) {
    throw new CompileError(
      ctx.target,
      step,
      `${field} = ${JSON.stringify(value)} as a data location`,
      "Give an s3:// URI, a path or a reference to another step's output.",
    );
  }
  const first = value.kind === 'Join' ? value.values[0] : undefined;
  if (typeof first === 'string' && isLocalPath(first)) {
    throw new CompileError(
      ctx.target,
      step,
      `${field} joined at run time from the local path "${first}"`,
      'A cloud job cannot read this machine; give an s3:// URI or a parameter whose default is a path Godwit can upload.',
    );
  }
  return new Dynamic(value);
}

/**
 * An argument or environment value as the container sees it: `InputPath` / `OutputPath` become
 * the container folder of that input or output (also inside joins); other references stay open.
 */
export function containerValue(
  ctx: AwsContext,
  step: string,
  value: Value,
  paths: ReadonlyMap<string, string>,
): string | number | boolean | Dynamic {
  return requestValue(substitutePaths(ctx, step, value, paths));
}

function substitutePaths(ctx: AwsContext, step: string, value: Value, paths: ReadonlyMap<string, string>): Value {
  if (!isRef(value)) return value;
  if (value.kind === 'InputPath' || value.kind === 'OutputPath') {
    const key = `${value.kind === 'InputPath' ? 'input' : 'output'}:${value.name}`;
    const path = paths.get(key);
    if (path === undefined) {
      throw new CompileError(
        ctx.target,
        step,
        `${value.kind}("${value.name}"), which names none of its ${value.kind === 'InputPath' ? 'inputs' : 'outputs'}`,
      );
    }
    return path;
  }
  if (value.kind === 'Join') return { ...value, values: value.values.map((v) => substitutePaths(ctx, step, v, paths)) };
  return value;
}

/** Godwit's cloud images speak SageMaker's container contract; a Vertex-contract script needs porting first. */
export function checkContract(ctx: AwsContext, step: string, process: ProcessSpec): void {
  if (process.contract === 'vertex') {
    throw new CompileError(
      ctx.target,
      step,
      'process.contract "vertex" (a script written for Vertex AI\'s AIP_* environment)',
      `Run \`godwit migrate\` to port the step to SageMaker's /opt/ml contract, or set contract: 'sagemaker' if the script already follows it.`,
    );
  }
}

/** The image a process runs in: `process.image`, else the profile's image for the command's program. */
export function processImage(ctx: AwsContext, step: string, process: ProcessSpec): string {
  const program = process.command[0];
  const image = process.image ?? (program === undefined ? undefined : ctx.profile.images[program]);
  if (image === undefined) {
    throw new CompileError(
      ctx.target,
      step,
      `command "${process.command.join(' ')}" with no container image`,
      `Set image on the step, or add images.${program ?? '<program>'} to profile "${ctx.profile.name}".${emptyTrainingNote(process)}`,
    );
  }
  return image;
}

/** The image a built-in algorithm runs in (Godwit's own image, which implements it). */
export function algorithmImage(ctx: AwsContext, step: string, algorithm: string): string {
  const image = ctx.profile.images[algorithm];
  if (image === undefined) {
    throw new CompileError(
      ctx.target,
      step,
      `the built-in algorithm "${algorithm}" with no container image`,
      `Add images.${algorithm} to profile "${ctx.profile.name}" (Godwit's image implements it).`,
    );
  }
  return image;
}

/**
 * The image that serves a model: an explicit one, else the image of the training step that made
 * it (as the SDK's `estimator.create_model()` does), else Godwit's own serving image.
 */
export function inferenceImage(ctx: AwsContext, step: string, model: Value, explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  if (isRef(model) && model.kind === 'StepOutput') {
    const producer = ctx.steps.get(model.step);
    if (producer?.type === 'training') {
      if (producer.algorithm) return algorithmImage(ctx, producer.name, producer.algorithm.name);
      if (producer.process) return processImage(ctx, producer.name, producer.process);
    }
  }
  const image = ctx.profile.images.godwit;
  if (image === undefined) {
    throw new CompileError(
      ctx.target,
      step,
      'a model with no serving image',
      `Set image on the step, or add images.godwit to profile "${ctx.profile.name}".`,
    );
  }
  return image;
}

/**
 * The IR leaves the instance type optional (locally it only sets concurrency); SageMaker requires
 * one. ml.m5.xlarge is what the SageMaker examples use for processing, training and transform.
 */
export const DEFAULT_INSTANCE_TYPE = 'ml.m5.xlarge';
/** SageMaker's default ML storage volume for processing and training jobs. */
export const DEFAULT_VOLUME_GB = 30;

export function instanceType(value: Value | undefined): string | number | boolean | Dynamic {
  return requestValue(value ?? DEFAULT_INSTANCE_TYPE);
}
