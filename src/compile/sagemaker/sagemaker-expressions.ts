/**
 * Run-time values in SageMaker Pipelines' own spelling, as the SDK writes them:
 *
 * | IR reference                     | definition JSON                                                                  |
 * | -------------------------------- | -------------------------------------------------------------------------------- |
 * | Parameter `x`                    | `{"Get": "Parameters.x"}`                                                        |
 * | ExecutionVariable ExecutionId    | `{"Get": "Execution.PipelineExecutionId"}` (StartDateTime, PipelineName alike)    |
 * | StepOutput of a processing step  | `{"Get": "Steps.s.ProcessingOutputConfig.Outputs['o'].S3Output.S3Uri"}`          |
 * | StepOutput `model` of training   | `{"Get": "Steps.s.ModelArtifacts.S3ModelArtifacts"}`                              |
 * | StepOutput `output` of training  | `Std:Join` of OutputDataConfig.S3OutputPath, TrainingJobName, `output/output.tar.gz` |
 * | StepOutput of a transform        | `{"Get": "Steps.s.TransformOutput.S3OutputPath"}`                                 |
 * | StepOutput `statistics` / `constraints` of a quality check | `{"Get": "Steps.s.CalculatedBaselineStatistics"}` / `…Constraints` |
 * | JsonGet                          | `{"Std:JsonGet": {"PropertyFile": {"Get": "Steps.s.PropertyFiles.F"}, "Path": p}}` |
 * | StepMetric                       | `{"Get": "Steps.s.FinalMetricDataList['m'].Value"}`                               |
 * | ModelName of model step `m`      | `{"Get": "Steps.m.ModelName"}`                                                    |
 * | CallbackOutput `n` of step `c`   | `{"Get": "Steps.c.OutputParameters['n']"}`                                        |
 * | Join                             | `{"Std:Join": {"On": on, "Values": [...]}}`                                        |
 */
import type { JsonValue, Value } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import type { AwsContext } from '../aws/aws-context.js';
import { checkMetricSource } from '../aws/aws-support.js';
import { Dynamic, type DynamicRef, type RequestValue } from '../aws/request-value.js';
import { sqlUnloadStepName } from '../aws/sql-processing.js';
import { CompileError, misplacedPathRef } from '../compile-error.js';

const EXECUTION_PROPERTY = {
  ExecutionId: 'PipelineExecutionId',
  StartDateTime: 'StartDateTime',
  PipelineName: 'PipelineName',
} as const;

/** The SageMaker step that creates the model an IR transform step uses. */
export function createModelStepName(transformStep: string): string {
  return `${transformStep}-create-model`;
}

export function sageMakerExpression(ref: DynamicRef, ctx: AwsContext): JsonValue {
  switch (ref.kind) {
    case 'Parameter':
      return { Get: `Parameters.${ref.name}` };
    case 'ExecutionVariable':
      return { Get: `Execution.${EXECUTION_PROPERTY[ref.name]}` };
    case 'StepOutput':
      return stepOutput(ref.step, ref.output, ctx);
    case 'JsonGet':
      return { 'Std:JsonGet': { PropertyFile: { Get: `Steps.${ref.step}.PropertyFiles.${ref.propertyFile}` }, Path: ref.path } };
    case 'StepMetric':
      checkMetricSource(ref.step, ref.metric, ctx);
      return { Get: `Steps.${ref.step}.FinalMetricDataList[${quoted(ref.metric, ctx, ref.step)}].Value` };
    case 'ModelName':
      return { Get: `Steps.${ref.step}.ModelName` };
    case 'CallbackOutput':
      return { Get: `Steps.${ref.step}.OutputParameters[${quoted(ref.name, ctx, ref.step)}]` };
    case 'Join':
      return { 'Std:Join': { On: ref.on, Values: ref.values.map((v) => sageMakerValue(v, ctx)) } };
    case 'CreatedModelName':
      return { Get: `Steps.${createModelStepName(ref.step)}.ModelName` };
    case 'InputPath':
    case 'OutputPath':
      throw misplacedPathRef(ctx.target, ref);
  }
}

export function sageMakerValue(value: Value, ctx: AwsContext): JsonValue {
  return isRef(value) ? sageMakerExpression(value, ctx) : value;
}

function stepOutput(step: string, output: string, ctx: AwsContext): JsonValue {
  const producer = ctx.steps.get(step);
  switch (producer?.type) {
    case 'sql':
      return {
        Get: `Steps.${sqlUnloadStepName(step)}.ProcessingOutputConfig.Outputs[${quoted(output, ctx, step)}].S3Output.S3Uri`,
      };
    case 'processing':
      return { Get: `Steps.${step}.ProcessingOutputConfig.Outputs[${quoted(output, ctx, step)}].S3Output.S3Uri` };
    case 'training':
      if (output === 'model') return { Get: `Steps.${step}.ModelArtifacts.S3ModelArtifacts` };
      if (output === 'output') {
        return {
          'Std:Join': {
            On: '/',
            Values: [
              { Get: `Steps.${step}.OutputDataConfig.S3OutputPath` },
              { Get: `Steps.${step}.TrainingJobName` },
              'output',
              'output.tar.gz',
            ],
          },
        };
      }
      break;
    case 'transform':
      if (output === 'predictions') return { Get: `Steps.${step}.TransformOutput.S3OutputPath` };
      break;
    case 'quality-check':
      if (output === 'statistics') return { Get: `Steps.${step}.CalculatedBaselineStatistics` };
      if (output === 'constraints') return { Get: `Steps.${step}.CalculatedBaselineConstraints` };
      break;
  }
  throw new CompileError(
    ctx.target,
    undefined,
    `output "${output}" of step "${step}"`,
    `Step "${step}" (${producer?.type ?? 'not in the pipeline'}) has no such output SageMaker can refer to.`,
  );
}

/** `'name'` for a property index; the SDK does not escape, so a quote in the name cannot be written. */
function quoted(name: string, ctx: AwsContext, step: string): string {
  if (name.includes("'"))
    throw new CompileError(
      ctx.target,
      step,
      `the name "${name}" with a quote in a property reference`,
      'Rename it without quotes.',
    );
  return `'${name}'`;
}

/** A request as definition JSON: `Dynamic` leaves spelled as above, `undefined` fields left out. */
export function renderForSageMaker(value: RequestValue, ctx: AwsContext): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Dynamic) return sageMakerExpression(value.ref, ctx);
  if (Array.isArray(value)) return value.map((v) => renderForSageMaker(v, ctx) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const rendered = renderForSageMaker(v, ctx);
      if (rendered !== undefined) out[k] = rendered;
    }
    return out;
  }
  return value as JsonValue;
}
