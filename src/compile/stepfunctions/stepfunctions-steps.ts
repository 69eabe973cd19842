/**
 * Each IR step kind as Step Functions states, one visitor per kind:
 *
 * | IR step        | states                                                                                 |
 * | -------------- | -------------------------------------------------------------------------------------- |
 * | processing     | Task `sagemaker:createProcessingJob.sync`, then per property file a Task               |
 * |                | `aws-sdk:s3:getObject` whose body is parsed with `States.StringToJson`                  |
 * | training       | Task `sagemaker:createTrainingJob.sync`                                                |
 * | transform `t`  | Task `sagemaker:createModel` (`t (create model)`), then `sagemaker:createTransformJob.sync` |
 * | register-model | Task `aws-sdk:sagemaker:createModelPackage`                                            |
 * | model `m`      | Task `sagemaker:createModel`, the model named as a job of `m` is (`ModelName` refs read it) |
 * | condition      | Choice (after a Pass computing operands, when needed), branches as their own chains    |
 * | fail           | Fail (`Cause`, or `CausePath` with `States.Format` for a message built at run time)    |
 * | function       | CompileError: it runs inside the Godwit process                                        |
 * | sql            | per statement: Task `aws-sdk:redshiftdata:executeStatement`, a Wait, Task              |
 * |                | `describeStatement` and a Choice on its Status (see stepfunctions-sql.ts)              |
 * | callback       | Task `sqs:sendMessage.waitForTaskToken`: `{token, arguments}` to the queue; the task     |
 * |                | ends with SendTaskSuccess (its output under `$.steps.<step>`) or SendTaskFailure        |
 * | quality-check  | CompileError: the drift check and FailOnViolation are SageMaker Pipelines' own         |
 */
import type { PropertyFileSpec, StepIR, StepKind } from '../../pipeline/ir.js';
import { createModelRequest, modelPackageRequest, modelStepRequest, transformRequest } from '../aws/model-requests.js';
import { processingRequest } from '../aws/processing-request.js';
import type { RequestObject } from '../aws/request-value.js';
import { trainingRequest } from '../aws/training-request.js';
import { CompileError, functionStepRefused } from '../compile-error.js';
import { choiceRule } from './stepfunctions-conditions.js';
import type { AslContext, Fragment, State } from './stepfunctions-context.js';
import {
  aslValue,
  asString,
  concat,
  exprText,
  jobName,
  metricKey,
  pathKey,
  renderForAsl,
  stepPath,
} from './stepfunctions-expressions.js';
import { checkControlPolicies, isRetried, taskPolicies } from './stepfunctions-policies.js';
import { sqlFragment } from './stepfunctions-sql.js';

type UnitCompiler<K extends StepKind> = (step: Extract<StepIR, { type: K }>, ctx: AslContext) => Fragment;

const SAGEMAKER = 'arn:aws:states:::sagemaker';

const UNIT_COMPILERS: { readonly [K in StepKind]: UnitCompiler<K> } = {
  processing: (step, ctx) => {
    const files = step.propertyFiles ?? [];
    const job = jobTask(step, ctx, 'createProcessingJob.sync', 'ProcessingJobName', processingRequest(step, ctx), {
      'ProcessingJobName.$': '$.ProcessingJobName',
      ...(files.length > 0 ? { PropertyFiles: {} } : {}),
    });
    return sequence([[ctx.stateName(step.name, step.name), job], ...files.map((f) => propertyFileRead(step, f, ctx))]);
  },
  training: (step, ctx) => {
    const metrics = ctx.metricsUsed.get(step.name) ?? [];
    const job = jobTask(step, ctx, 'createTrainingJob.sync', 'TrainingJobName', trainingRequest(step, ctx), {
      'TrainingJobName.$': '$.TrainingJobName',
      'ModelArtifacts.$': '$.ModelArtifacts.S3ModelArtifacts',
      ...(metrics.length > 0
        ? {
            Metrics: Object.fromEntries(
              metrics.map((m) => [
                `${metricKey(m)}.$`,
                `$.FinalMetricDataList[?(@.MetricName == '${quotable(m, step.name, ctx)}')].Value`,
              ]),
            ),
          }
        : {}),
    });
    return sequence([[ctx.stateName(step.name, step.name), job]]);
  },
  transform: (step, ctx) => {
    const { Retry } = taskPolicies(step, ctx);
    const createModel: State = {
      Type: 'Task',
      Resource: `${SAGEMAKER}:createModel`,
      Parameters: {
        'ModelName.$': exprText(jobName(ctx, step.name, false)),
        ...(renderForAsl(createModelRequest(step, ctx), ctx) as State),
      },
      ResultPath: null,
      ...(Retry ? { Retry } : {}),
    };
    const job = jobTask(step, ctx, 'createTransformJob.sync', 'TransformJobName', transformRequest(step, ctx), {
      'TransformJobName.$': '$.TransformJobName',
    });
    return sequence([
      [ctx.stateName(`${step.name} (create model)`, step.name), createModel],
      [ctx.stateName(step.name, step.name), job],
    ]);
  },
  'register-model': (step, ctx) => {
    const task: State = {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:sagemaker:createModelPackage',
      Parameters: renderForAsl(modelPackageRequest(step, ctx), ctx) ?? {},
      ResultSelector: { 'ModelPackageArn.$': '$.ModelPackageArn' },
      ResultPath: stepPath(ctx, step.name),
      ...taskPolicies(step, ctx),
    };
    return sequence([[ctx.stateName(step.name, step.name), task]]);
  },
  model: (step, ctx) => {
    const task: State = {
      Type: 'Task',
      Resource: `${SAGEMAKER}:createModel`,
      Parameters: {
        'ModelName.$': exprText(jobName(ctx, step.name, false)),
        ...(renderForAsl(modelStepRequest(step, ctx), ctx) as State),
      },
      ResultPath: null,
      ...taskPolicies(step, ctx),
    };
    return sequence([[ctx.stateName(step.name, step.name), task]]);
  },
  condition: (step, ctx) => {
    checkControlPolicies(step, ctx);
    const { rule, operands } = choiceRule(step.condition, step.name, ctx);
    const computeName = Object.keys(operands).length > 0 ? ctx.stateName(`${step.name} (operands)`, step.name) : undefined;
    const choiceName = ctx.stateName(step.name, step.name);
    const then = ctx.chain(step.then) ?? emptyBranch(step.name, 'then', ctx);
    const otherwise = ctx.chain(step.else) ?? emptyBranch(step.name, 'else', ctx);
    const states: Record<string, State> = {};
    if (computeName)
      states[computeName] = { Type: 'Pass', Parameters: operands, ResultPath: stepPath(ctx, step.name), Next: choiceName };
    states[choiceName] = { Type: 'Choice', Choices: [{ ...rule, Next: then.start }], Default: otherwise.start };
    return {
      start: computeName ?? choiceName,
      states: { ...states, ...then.states, ...otherwise.states },
      tails: [...then.tails, ...otherwise.tails],
    };
  },
  fail: (step, ctx) => {
    checkControlPolicies(step, ctx);
    const message = asString(aslValue(step.message, ctx));
    const cause: State = 'literal' in message ? { Cause: String(message.literal) } : { CausePath: exprText(message) };
    const name = ctx.stateName(step.name, step.name);
    return { start: name, states: { [name]: { Type: 'Fail', Error: step.name, ...cause } }, tails: [] };
  },
  function: (step, ctx) => {
    throw functionStepRefused(ctx.target, step.name);
  },
  sql: sqlFragment,
  'quality-check': (step, ctx) => {
    throw new CompileError(
      ctx.target,
      step.name,
      'a quality-check step (a Model Monitor baseline and drift check)',
      'Step Functions has no QualityCheck step: the check against a supplied baseline and FailOnViolation are done by SageMaker Pipelines. Compile with --target sagemaker, or run `godwit monitor baseline` in a processing step.',
    );
  },
  callback: (step, ctx) => {
    const args: State = {};
    for (const [k, v] of Object.entries(step.args ?? {})) {
      const e = aslValue(v, ctx);
      if ('literal' in e) args[k] = e.literal;
      else args[`${k}.$`] = exprText(e);
    }
    const task: State = {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: step.queueUrl, MessageBody: { 'token.$': '$$.Task.Token', arguments: args } },
      ResultPath: stepPath(ctx, step.name),
      ...taskPolicies(step, ctx),
    };
    return sequence([[ctx.stateName(step.name, step.name), task]]);
  },
};

/** The states of one IR step (a condition with its branches). */
export function compileUnit(name: string, ctx: AslContext): Fragment {
  const step = ctx.steps.get(name);
  if (!step) throw new CompileError(ctx.target, name, 'a step that is not in the pipeline', 'Check the condition branches.');
  const compile = UNIT_COMPILERS[step.type] as UnitCompiler<StepKind>;
  return compile(step as never, ctx);
}

/** A `.sync` SageMaker job: the request with a per-execution job name, its result kept under `$.steps.<step>`. */
function jobTask(step: StepIR, ctx: AslContext, action: string, nameField: string, request: RequestObject, result: State): State {
  return {
    Type: 'Task',
    Resource: `${SAGEMAKER}:${action}`,
    Parameters: {
      [`${nameField}.$`]: exprText(jobName(ctx, step.name, isRetried(step))),
      ...(renderForAsl(request, ctx) as State),
    },
    ResultSelector: result,
    ResultPath: stepPath(ctx, step.name),
    ...taskPolicies(step, ctx),
  };
}

/**
 * SageMaker Pipelines reads a property file when its step ends; here a Task reads it from S3
 * (`<root>/<pipeline>/<execution>/<step>/output/<output>/<path>`) into the step's results.
 */
function propertyFileRead(step: StepIR, file: PropertyFileSpec, ctx: AslContext): [string, State] {
  const key = concat(
    [
      [ctx.prefix, ctx.ir.name].filter((s) => s !== '').join('/'),
      '/',
      { path: '$$.Execution.Name' },
      `/${step.name}/output/${file.output}/${file.path}`,
    ],
    ctx,
  );
  const state: State = {
    Type: 'Task',
    Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
    Parameters: { Bucket: ctx.bucket, 'Key.$': exprText(key) },
    ResultSelector: { 'Content.$': 'States.StringToJson($.Body)' },
    ResultPath: `${stepPath(ctx, step.name)}.PropertyFiles${pathKey(file.name)}`,
  };
  return [ctx.stateName(`${step.name} (read ${file.name})`, step.name), state];
}

function emptyBranch(step: string, branch: 'then' | 'else', ctx: AslContext): Fragment {
  const name = ctx.stateName(`${step} (${branch}: no steps)`, step);
  return { start: name, states: { [name]: { Type: 'Pass' } }, tails: [name] };
}

/** States run one after another. */
function sequence(states: readonly [string, State][]): Fragment {
  states.forEach(([, state], i) => {
    if (i + 1 < states.length) state.Next = states[i + 1][0];
  });
  return { start: states[0][0], states: Object.fromEntries(states), tails: [states[states.length - 1][0]] };
}

function quotable(name: string, step: string, ctx: AslContext): string {
  if (name.includes("'"))
    throw new CompileError(ctx.target, step, `the metric name "${name}" with a quote`, 'Rename the metric without quotes.');
  return name;
}
