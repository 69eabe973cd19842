/**
 * Requests around a trained model: CreateModel and CreateTransformJob for an IR transform step
 * (SageMaker transforms a dataset with a named model, so the step first creates one, as the SDK's
 * `ModelStep` + `TransformStep` do), CreateModel for an IR model step, and CreateModelPackage
 * for an IR register-model step.
 */
import { isRef, type ModelStep, type RegisterModelStep, type TransformStep, type Value } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { type AwsContext, runPrefix } from './aws-context.js';
import { dataLocation, inferenceImage, instanceType } from './request-inputs.js';
import { Dynamic, type RequestObject, type RequestValue, requestValue } from './request-value.js';

export function createModelRequest(step: TransformStep, ctx: AwsContext): RequestObject {
  return {
    ExecutionRoleArn: ctx.role,
    PrimaryContainer: inferenceContainer(ctx, step.name, step.model, step.image, step.environment),
  };
}

/** CreateModel for a model step: its role (else the profile's), image, environment and model data. */
export function modelStepRequest(step: ModelStep, ctx: AwsContext): RequestObject {
  return {
    ExecutionRoleArn: step.executionRole ?? ctx.role,
    PrimaryContainer: {
      Image: inferenceImage(ctx, step.name, step.model, step.image),
      Environment: Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, requestValue(v)])),
      ModelDataUrl: dataLocation(ctx, step.name, { slot: 'model', field: 'model' }, step.model),
    },
  };
}

export function transformRequest(step: TransformStep, ctx: AwsContext): RequestObject {
  const extra = step.outputs.find((o) => o.name !== 'predictions');
  if (extra) {
    throw new CompileError(
      ctx.target,
      step.name,
      `the transform output "${extra.name}"`,
      'A SageMaker transform job has one output, predictions.',
    );
  }
  if (step.resources?.volumeSizeGB !== undefined) {
    throw new CompileError(
      ctx.target,
      step.name,
      'resources.volumeSizeGB on a transform',
      'SageMaker chooses the volume of transform instances; drop volumeSizeGB.',
    );
  }
  return {
    ModelName: new Dynamic({ kind: 'CreatedModelName', step: step.name }),
    TransformInput: {
      DataSource: {
        S3DataSource: {
          S3DataType: 'S3Prefix',
          S3Uri: dataLocation(ctx, step.name, { slot: 'input', field: 'input' }, step.input),
        },
      },
      ContentType: step.contentType,
      SplitType: step.splitType,
    },
    TransformOutput: {
      S3OutputPath: requestValue(runPrefix(ctx, step.name)),
      Accept: step.accept,
      AssembleWith: step.assembleWith,
    },
    TransformResources: {
      InstanceCount: step.resources?.instanceCount ?? 1,
      InstanceType: instanceType(step.resources?.instanceType),
    },
    BatchStrategy: step.batchStrategy,
    MaxPayloadInMB: step.maxPayloadInMB,
    MaxConcurrentTransforms: step.maxConcurrentTransforms,
    DataProcessing: step.dataProcessing && {
      InputFilter: step.dataProcessing.inputFilter,
      JoinSource: step.dataProcessing.joinSource,
      OutputFilter: step.dataProcessing.outputFilter,
    },
    DataCaptureConfig: step.dataCapture && {
      DestinationS3Uri: captureDestination(step, ctx, step.dataCapture.destination),
      GenerateInferenceId: step.dataCapture.generateInferenceId,
    },
  };
}

/** A transform's capture destination must be an S3 URI in the cloud: a local folder has no cloud twin. */
function captureDestination(step: TransformStep, ctx: AwsContext, destination: string): string {
  if (/^s3:\/\//i.test(destination)) return destination;
  throw new CompileError(
    ctx.target,
    step.name,
    `the data capture destination "${destination}"`,
    'SageMaker writes batch capture manifests to S3 only; give dataCapture.destination as an s3:// URI.',
  );
}

export function modelPackageRequest(step: RegisterModelStep, ctx: AwsContext): RequestObject {
  const report = step.metrics === undefined ? undefined : metricsReport(ctx, step, step.metrics);
  return {
    ModelPackageGroupName: step.modelPackageGroup,
    ModelPackageDescription: step.description,
    ModelMetrics:
      report === undefined ? undefined : { ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: report } } },
    InferenceSpecification: {
      Containers: [inferenceContainer(ctx, step.name, step.model, step.image)],
      SupportedContentTypes: step.contentTypes,
      SupportedResponseMIMETypes: step.responseTypes,
      SupportedRealtimeInferenceInstanceTypes: step.inferenceInstances,
      SupportedTransformInstanceTypes: step.transformInstances,
    },
    ModelApprovalStatus: requestValue(step.approvalStatus),
  };
}

function inferenceContainer(
  ctx: AwsContext,
  step: string,
  model: Value,
  image: string | undefined,
  environment: Readonly<Record<string, string>> = {},
): RequestValue {
  return {
    Image: inferenceImage(ctx, step, model, image),
    Environment: { ...environment },
    ModelDataUrl: dataLocation(ctx, step, { slot: 'model', field: 'model' }, model),
  };
}

/**
 * The registry wants the report file, not its folder. When the metrics are a step output that
 * holds exactly one property file (the abalone evaluation report), that file is the report, as in
 * the SDK example's `"{}/evaluation.json".format(<output S3Uri>)`; otherwise the value is used as given.
 */
function metricsReport(ctx: AwsContext, step: RegisterModelStep, metrics: Value): string | Dynamic {
  if (isRef(metrics) && metrics.kind === 'StepOutput') {
    const producer = ctx.steps.get(metrics.step);
    const files = (producer && 'propertyFiles' in producer ? (producer.propertyFiles ?? []) : []).filter(
      (f) => f.output === metrics.output,
    );
    if (files.length === 1) return new Dynamic({ kind: 'Join', on: '/', values: [metrics, files[0].path] });
  }
  return dataLocation(ctx, step.name, { slot: 'metrics', field: 'metrics' }, metrics);
}
