/**
 * Steps that decide or stop rather than compute, and steps that run outside Godwit:
 *
 * | definition step                    | IR                                                                   |
 * | ---------------------------------- | -------------------------------------------------------------------- |
 * | Condition (IfSteps / ElseSteps)    | a condition step; its branches are steps of the pipeline it names    |
 * | Fail (ErrorMessage)                | a fail step                                                          |
 * | Callback (SqsQueueUrl, Arguments,  | a callback step: it waits for SendPipelineExecutionStepSuccess or    |
 * | OutputParameters)                  | …Failure with its token (reading its OutputParameters: E_IMPORT)     |
 * | Lambda                             | dropped with a note when nothing reads its outputs (steps that       |
 * |                                    | waited for it wait for what it waited for); E_IMPORT when read       |
 * | EMR, ClarifyCheck, AutoML, Notebook… | E_IMPORT: they need AWS services Godwit does not run |
 */
import type { CallbackOutputType, CallbackStep, ConditionStep, FailStep } from '../../pipeline/ir.js';
import { importConditions } from './condition-import.js';
import { type ImportContext, importError, type RawStep } from './import-context.js';
import { isObject } from './job-fields.js';
import { child, optArray, reqObject, reqString } from './json-fields.js';
import { importEnvelope } from './policies-import.js';
import { importValue } from './sagemaker-values.js';

/** Step types that need an AWS service with no local twin, and what to use instead. */
const REFUSED: Readonly<Record<string, string>> = {
  EMR: 'an EMR cluster; run the Spark or Hive work in a processing step (PySpark in local mode) instead',
  ClarifyCheck: 'SageMaker Clarify; compute bias or explainability in a processing step, or use godwit monitor',
  AutoML: 'SageMaker Autopilot; train a chosen algorithm in a training step instead',
  Notebook: 'SageMaker notebook jobs; export the notebook as a script and run it in a processing step',
  EMRServerless: 'EMR Serverless; run the job in a processing step instead',
};

export function refuseUnsupported(step: RawStep): never {
  const why = REFUSED[step.Type];
  if (why !== undefined) {
    throw importError(
      { step: step.Name, field: 'Type' },
      `a ${step.Type} step needs ${why.split(';')[0]}, which Godwit does not run`,
      `${capitalize(why.split('; ')[1] ?? 'remove the step')}.`,
    );
  }
  throw importError(
    { step: step.Name, field: 'Type' },
    `the step type "${step.Type}" is not one Godwit imports`,
    'Godwit imports Processing, Training, Tuning, Transform, Model, RegisterModel, Condition, Fail, Lambda and Callback steps.',
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A condition step; `then` and `else` are filled in once every branch step is known. */
export function importCondition(step: RawStep, ctx: ImportContext): ConditionStep {
  const args = reqObject(step, 'Arguments', { step: step.Name, field: '' });
  const condition = importConditions(args.Conditions, ctx, { step: step.Name, field: 'Arguments.Conditions' });
  ctx.note(step.Name, 'Condition', 'mapped', 'a condition step');
  return {
    name: step.Name,
    type: 'condition',
    ...importEnvelope(step, ctx, { step: step.Name, field: '' }),
    condition,
    then: [],
    else: [],
  };
}

export function importFail(step: RawStep, ctx: ImportContext): FailStep {
  const args = step.Arguments === undefined ? {} : reqObject(step, 'Arguments', { step: step.Name, field: '' });
  const message =
    args.ErrorMessage === undefined
      ? ''
      : importValue(args.ErrorMessage, ctx, { step: step.Name, field: 'Arguments.ErrorMessage' });
  if (args.ErrorMessage === undefined)
    ctx.note(step.Name, 'Fail', 'approximated', 'no ErrorMessage: the run fails with an empty message');
  else ctx.note(step.Name, 'Fail', 'mapped', 'a fail step');
  return { name: step.Name, type: 'fail', ...importEnvelope(step, ctx, { step: step.Name, field: '' }), message };
}

const OUTPUT_TYPES: readonly CallbackOutputType[] = ['String', 'Integer', 'Boolean', 'Float'];

/** A Callback step: the token it waits for is settled through the SageMaker door, by anyone. */
export function importCallback(step: RawStep, ctx: ImportContext): CallbackStep {
  const at = { step: step.Name, field: '' };
  const queueUrl = reqString(step, 'SqsQueueUrl', at);
  const raw = step.Arguments === undefined ? {} : reqObject(step, 'Arguments', at);
  const args = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, importValue(v, ctx, { step: step.Name, field: `Arguments.${k}` })]),
  );
  const outputParameters = (optArray(step, 'OutputParameters', at) ?? []).map((o, i) => {
    const where = child({ step: step.Name, field: 'OutputParameters' }, `[${i}]`);
    if (!isObject(o)) throw importError(where, 'is not an object', 'An output parameter is {OutputName, OutputType}.');
    const name = reqString(o, 'OutputName', where);
    const type = o.OutputType ?? 'String';
    if (!OUTPUT_TYPES.includes(type as CallbackOutputType))
      throw importError(
        where,
        `OutputType ${JSON.stringify(type)} is not one of ${OUTPUT_TYPES.join(', ')}`,
        'Use a SageMaker output type.',
      );
    return { name, type: type as CallbackOutputType };
  });
  ctx.note(
    step.Name,
    'Callback',
    'mapped',
    'a callback step: it waits until SendPipelineExecutionStepSuccess or …Failure settles its token',
  );
  return {
    name: step.Name,
    type: 'callback',
    ...importEnvelope(step, ctx, at),
    queueUrl,
    ...(Object.keys(args).length > 0 ? { args } : {}),
    ...(outputParameters.length > 0 ? { outputParameters } : {}),
  };
}

/**
 * A Lambda step: there is no Lambda to call and no queue to wait on locally, so the
 * step is dropped when nothing reads its OutputParameters (the reader is refused in
 * sagemaker-values.ts with the step named) and the steps after it keep their order.
 */
export function dropExternal(step: RawStep, ctx: ImportContext, deps: readonly string[]): void {
  ctx.folded.set(step.Name, deps);
  const what =
    step.Type === 'Lambda'
      ? 'a Lambda function runs in AWS; do its work in a processing step to run it locally'
      : 'a callback waits for a message from outside the pipeline (SQS); Godwit runs the steps after it without waiting';
  ctx.note(step.Name, step.Type, 'dropped', what);
}
