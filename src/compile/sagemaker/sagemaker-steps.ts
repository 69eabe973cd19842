/**
 * Each IR step kind as SageMaker Pipelines steps: one visitor per kind, so a new kind fails to
 * compile until it is handled here.
 *
 * | IR step          | SageMaker steps                                                        |
 * | ---------------- | ---------------------------------------------------------------------- |
 * | processing       | Processing (CreateProcessingJob) with PropertyFiles                    |
 * | training         | Training (CreateTrainingJob)                                           |
 * | transform `t`    | Model `t-create-model` (CreateModel), then Transform `t`               |
 * | condition        | Condition, its branches nested in IfSteps / ElseSteps                  |
 * | fail             | Fail                                                                   |
 * | register-model   | RegisterModel (CreateModelPackage)                                     |
 * | model            | Model (CreateModel)                                                    |
 * | function         | CompileError: it runs inside the Godwit process                        |
 * | sql `s`          | Processing `s`: `godwit sql` on Redshift (Data API); with unloaded      |
 * |                  | outputs, Processing `s-unload` running Redshift's UNLOAD to its outputs |
 * | callback         | Callback (SqsQueueUrl, Arguments, OutputParameters)                    |
 * | quality-check    | QualityCheck (CheckType DATA_QUALITY): Model Monitor's analyzer job    |
 */
import type { JsonValue, StepIR, StepKind } from '../../pipeline/ir.js';
import { createModelRequest, modelPackageRequest, modelStepRequest, transformRequest } from '../aws/model-requests.js';
import { processingRequest } from '../aws/processing-request.js';
import { qualityCheckFields, qualityCheckRequest } from '../aws/quality-check-request.js';
import type { RequestObject } from '../aws/request-value.js';
import { sqlAsProcessing } from '../aws/sql-processing.js';
import { trainingRequest } from '../aws/training-request.js';
import { functionStepRefused } from '../compile-error.js';
import { sageMakerConditions } from './sagemaker-conditions.js';
import type { SageMakerContext } from './sagemaker-context.js';
import { createModelStepName, renderForSageMaker, sageMakerValue } from './sagemaker-expressions.js';
import { type StepSupport, stepPolicies } from './sagemaker-policies.js';

type JsonObject = { [key: string]: JsonValue };
type StepCompiler<K extends StepKind> = (step: Extract<StepIR, { type: K }>, ctx: SageMakerContext) => JsonObject[];

const JOB: StepSupport = { retry: 'job', cache: true, timeout: true };
const TRANSFORM: StepSupport = { retry: 'job', cache: true, timeout: false };
const MODEL: StepSupport = { retry: 'step', cache: false, timeout: false };
const CONTROL: StepSupport = { retry: 'none', cache: false, timeout: false };

const STEP_COMPILERS: { readonly [K in StepKind]: StepCompiler<K> } = {
  processing: (step, ctx) => [
    envelope(step, ctx, 'Processing', processingRequest(step, ctx), JOB, {
      PropertyFiles: step.propertyFiles?.map((f) => ({ PropertyFileName: f.name, OutputName: f.output, FilePath: f.path })),
    }),
  ],
  training: (step, ctx) => [envelope(step, ctx, 'Training', trainingRequest(step, ctx), JOB)],
  transform: (step, ctx) => [
    // The model step carries the transform's retry and dependencies; caching and timeouts belong to the job.
    envelope(
      {
        ...step,
        name: createModelStepName(step.name),
        displayName: undefined,
        description: undefined,
        cache: undefined,
        timeoutSeconds: undefined,
      },
      ctx,
      'Model',
      createModelRequest(step, ctx),
      MODEL,
    ),
    envelope(step, ctx, 'Transform', transformRequest(step, ctx), TRANSFORM),
  ],
  condition: (step, ctx) => [
    envelope(
      step,
      ctx,
      'Condition',
      {
        Conditions: sageMakerConditions(step.condition, ctx, step.name),
        IfSteps: ctx.branch(step.then),
        ElseSteps: ctx.branch(step.else),
      },
      CONTROL,
    ),
  ],
  fail: (step, ctx) => {
    const message =
      typeof step.message === 'string' || typeof step.message === 'object'
        ? sageMakerValue(step.message, ctx)
        : String(step.message);
    return [envelope(step, ctx, 'Fail', { ErrorMessage: message }, CONTROL)];
  },
  'register-model': (step, ctx) => [envelope(step, ctx, 'RegisterModel', modelPackageRequest(step, ctx), MODEL)],
  model: (step, ctx) => [envelope(step, ctx, 'Model', modelStepRequest(step, ctx), MODEL)],
  function: (step, ctx) => {
    throw functionStepRefused(ctx.target, step.name);
  },
  callback: (step, ctx) => {
    const args = Object.fromEntries(Object.entries(step.args ?? {}).map(([k, v]) => [k, sageMakerValue(v, ctx)]));
    return [
      envelope(step, ctx, 'Callback', args, CONTROL, {
        SqsQueueUrl: step.queueUrl,
        OutputParameters: (step.outputParameters ?? []).map((o) => ({ OutputName: o.name, OutputType: o.type })),
      }),
    ];
  },
  'quality-check': (step, ctx) => [
    envelope(
      step,
      ctx,
      'QualityCheck',
      qualityCheckRequest(step, ctx),
      JOB,
      qualityCheckFields(step, (v) => sageMakerValue(v, ctx)),
    ),
  ],
  // A processing job in Godwit's image running `godwit sql` (see aws/sql-processing.ts).
  sql: (step, ctx) => sqlAsProcessing(step, ctx).flatMap((job) => STEP_COMPILERS.processing(job, ctx)),
};

export function compileStep(step: StepIR, ctx: SageMakerContext): JsonObject[] {
  const compile = STEP_COMPILERS[step.type] as StepCompiler<StepKind>;
  return compile(step as never, ctx);
}

/** The step object as the SDK's `Step.to_request()` orders it. */
function envelope(
  step: StepIR,
  ctx: SageMakerContext,
  type: string,
  args: RequestObject | Record<string, JsonValue>,
  support: StepSupport,
  extra: Record<string, JsonValue | undefined> = {},
): JsonObject {
  const out: JsonObject = { Name: step.name, Type: type, Arguments: renderForSageMaker(args as RequestObject, ctx) ?? {} };
  if (step.dependsOn?.length) out.DependsOn = [...step.dependsOn];
  if (step.displayName) out.DisplayName = step.displayName;
  if (step.description) out.Description = step.description;
  Object.assign(out, stepPolicies(step, ctx, support, type));
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out;
}
