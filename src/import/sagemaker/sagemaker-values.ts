/**
 * SageMaker Pipelines expressions as IR values, the inverse of src/compile/sagemaker/sagemaker-expressions.ts:
 *
 * | definition JSON                                                              | IR value                      |
 * | ---------------------------------------------------------------------------- | ----------------------------- |
 * | `{"Get": "Parameters.x"}`                                                    | Parameter x                   |
 * | `{"Get": "Execution.PipelineExecutionId"}` (StartDateTime, PipelineName)     | ExecutionVariable             |
 * | `{"Get": "Steps.s.ProcessingOutputConfig.Outputs['o'].S3Output.S3Uri"}`     | StepOutput s/o (also `[0]`)   |
 * | `{"Get": "Steps.s.ModelArtifacts.S3ModelArtifacts"}`                         | StepOutput s/model            |
 * | `{"Get": "Steps.s.TransformOutput.S3OutputPath"}`                            | StepOutput s/predictions      |
 * | `{"Get": "Steps.s.FinalMetricDataList['m'].Value"}`                          | StepMetric s/m                |
 * | `{"Get": "Steps.m.ModelName"}` (a Model step `m`)                            | ModelName m                   |
 * | `{"Get": "Steps.c.OutputParameters['n']"}` (a Callback step `c`)             | CallbackOutput c/n            |
 * | `{"Std:JsonGet": {"PropertyFile": {"Get": "Steps.s.PropertyFiles.F"}, "Path": p}}` | JsonGet s/F/p            |
 * | `{"Std:Join": {"On": on, "Values": [...]}}`                                  | Join                          |
 *
 * Properties Godwit has no value for (a job's name, an ARN) are approximated by a string unique
 * to the step and the run (`<step>-<execution id>`), with a note, and the step waits for the one it
 * names as SageMaker's reference made it.
 */
import type { ExecutionVariableName, Value } from '../../pipeline/ir.js';
import { type At, addDependency, type ImportContext, importError } from './import-context.js';
import { child, describe, isObject, type JsonObject } from './json-fields.js';

const EXECUTION: Readonly<Record<string, ExecutionVariableName>> = {
  PipelineExecutionId: 'ExecutionId',
  StartDateTime: 'StartDateTime',
  PipelineName: 'PipelineName',
};
/** Execution variables Godwit has no twin for, and the one that stands in. */
const EXECUTION_APPROXIMATED: Readonly<Record<string, ExecutionVariableName>> = {
  PipelineExecutionArn: 'ExecutionId',
  CurrentDateTime: 'StartDateTime',
};

export function importValue(raw: unknown, ctx: ImportContext, at: At): Value {
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (isObject(raw)) {
    if (typeof raw.Get === 'string') return importGet(raw.Get, ctx, at);
    if (isObject(raw['Std:Join'])) return importJoin(raw['Std:Join'], ctx, child(at, 'Std:Join'));
    if (isObject(raw['Std:JsonGet'])) return importJsonGet(raw['Std:JsonGet'], ctx, child(at, 'Std:JsonGet'));
  }
  throw importError(
    at,
    `${describe(raw)} is neither a literal nor a Get, Std:Join or Std:JsonGet expression`,
    'Write a string, number, boolean or one of the expressions pipeline.definition() writes.',
  );
}

function importGet(path: string, ctx: ImportContext, at: At): Value {
  const parameter = /^Parameters\.(.+)$/.exec(path);
  if (parameter) return { kind: 'Parameter', name: parameter[1] };
  const execution = /^Execution\.(\w+)$/.exec(path);
  if (execution) {
    const name = EXECUTION[execution[1]];
    if (name) return { kind: 'ExecutionVariable', name };
    const stand = EXECUTION_APPROXIMATED[execution[1]];
    if (stand) {
      ctx.note(
        at.step,
        `Execution.${execution[1]}`,
        'approximated',
        `read as Execution.${stand} at ${at.field}: Godwit runs have no ARN or clock variable of that name`,
      );
      return { kind: 'ExecutionVariable', name: stand };
    }
  }
  const step = /^Steps\.([A-Za-z0-9_-]+)\.(.+)$/.exec(path);
  if (step) return importStepProperty(step[1], step[2], ctx, at);
  throw importError(
    at,
    `the property "${path}" is not one SageMaker defines`,
    'Use Parameters.<name>, Execution.<variable> or Steps.<step>.<property>.',
  );
}

function importStepProperty(step: string, property: string, ctx: ImportContext, at: At): Value {
  const source = ctx.steps.get(step);
  if (!source)
    throw importError(at, `Get names step "${step}", which is not in the definition`, 'Name a step of the definition.');
  const output = /^ProcessingOutputConfig\.Outputs\[(?:'([^']+)'|(\d+))\]\.S3Output\.S3Uri$/.exec(property);
  if (output) return { kind: 'StepOutput', step, output: output[1] ?? processingOutputName(source, Number(output[2]), at) };
  if (property === 'ModelArtifacts.S3ModelArtifacts') {
    const alias = ctx.modelAliases.get(step);
    if (alias !== undefined) return importValue(alias, ctx, at);
    return { kind: 'StepOutput', step, output: 'model' };
  }
  if (property === 'TransformOutput.S3OutputPath') return { kind: 'StepOutput', step, output: 'predictions' };
  const baseline = /^CalculatedBaseline(Statistics|Constraints)$/.exec(property);
  if (baseline && source.Type === 'QualityCheck') return { kind: 'StepOutput', step, output: baseline[1].toLowerCase() };
  const metric = /^FinalMetricDataList\['([^']+)'\]\.Value$/.exec(property);
  if (metric) return { kind: 'StepMetric', step, metric: metric[1] };
  if (property === 'ModelName' && (source.Type === 'Model' || source.Type === 'CreateModel')) return { kind: 'ModelName', step };
  const out = /^OutputParameters\['([^']+)'\]$/.exec(property);
  if (out && source.Type === 'Callback') return { kind: 'CallbackOutput', step, name: out[1] };
  if (out) {
    throw importError(
      at,
      `reads output parameter "${out[1]}" of ${source.Type} step "${step}", which runs outside Godwit`,
      `Replace step "${step}" with a processing step that writes "${out[1]}" to a property file, and read it with Std:JsonGet.`,
    );
  }
  addDependency(ctx, at.step, step);
  ctx.note(
    at.step,
    `Steps.${step}.${property}`,
    'approximated',
    `at ${at.field}: Godwit has no such name; "${step}-<execution id>" stands in`,
  );
  return { kind: 'Join', on: '-', values: [step, { kind: 'ExecutionVariable', name: 'ExecutionId' }] };
}

function processingOutputName(source: JsonObject, index: number, at: At): string {
  const args = isObject(source.Arguments) ? source.Arguments : {};
  const config = isObject(args.ProcessingOutputConfig) ? args.ProcessingOutputConfig : {};
  const outputs = Array.isArray(config.Outputs) ? config.Outputs : [];
  const o = outputs[index];
  if (isObject(o) && typeof o.OutputName === 'string') return o.OutputName;
  throw importError(
    at,
    `output [${index}] of step "${String(source.Name)}" does not exist`,
    'Refer to an output the step declares.',
  );
}

function importJoin(join: JsonObject, ctx: ImportContext, at: At): Value {
  const on = join.On ?? '';
  if (typeof on !== 'string')
    throw importError(child(at, 'On'), `expected a string, found ${describe(on)}`, 'Std:Join joins on a string.');
  if (!Array.isArray(join.Values)) throw importError(child(at, 'Values'), 'is missing', 'Std:Join needs a list of Values.');
  const values = join.Values;
  const special = joinedStepOutput(values, on, ctx, at);
  if (special) return special;
  return { kind: 'Join', on, values: values.map((v, i) => importValue(v, ctx, child(at, `Values[${i}]`))) };
}

/**
 * Joins the SDK writes for outputs that are one IR reference: a training's output data
 * (`S3OutputPath/TrainingJobName/output/output.tar.gz`, as Godwit's compiler writes it) and a
 * tuning step's top model (`s3://bucket/prefix/<TrainingJobSummaries[k].TrainingJobName>/output/model.tar.gz`).
 */
function joinedStepOutput(values: readonly unknown[], on: string, ctx: ImportContext, at: At): Value | undefined {
  const gets = values.map((v) => (isObject(v) && typeof v.Get === 'string' ? v.Get : undefined));
  const output = /^Steps\.([A-Za-z0-9_-]+)\.OutputDataConfig\.S3OutputPath$/.exec(gets[0] ?? '');
  if (
    output &&
    on === '/' &&
    gets[1] === `Steps.${output[1]}.TrainingJobName` &&
    values[2] === 'output' &&
    values[3] === 'output.tar.gz'
  ) {
    return { kind: 'StepOutput', step: output[1], output: 'output' };
  }
  for (const get of gets) {
    const top = /^Steps\.([A-Za-z0-9_-]+)\.(?:TrainingJobSummaries\[\d+\]|BestTrainingJob)\.TrainingJobName$/.exec(get ?? '');
    if (top && ctx.steps.get(top[1])?.Type === 'Tuning') {
      ctx.note(
        at.step,
        'Tuning top model',
        'approximated',
        `at ${at.field}: the model of tuning step "${top[1]}", which trains once here`,
      );
      return { kind: 'StepOutput', step: top[1], output: 'model' };
    }
  }
  return undefined;
}

function importJsonGet(get: JsonObject, ctx: ImportContext, at: At): Value {
  const file = get.PropertyFile;
  const ref =
    isObject(file) && typeof file.Get === 'string' ? /^Steps\.([A-Za-z0-9_-]+)\.PropertyFiles\.(.+)$/.exec(file.Get) : null;
  if (!ref) {
    throw importError(
      child(at, 'PropertyFile'),
      `${describe(file)} is not a property file reference`,
      'Std:JsonGet reads {"Get": "Steps.<step>.PropertyFiles.<name>"}; a JsonGet on an S3 URI has no local twin: write the file from a step and declare it in PropertyFiles.',
    );
  }
  if (typeof get.Path !== 'string')
    throw importError(child(at, 'Path'), `expected a string, found ${describe(get.Path)}`, 'Give the JSON path as a string.');
  if (!ctx.steps.has(ref[1]))
    throw importError(at, `Std:JsonGet names step "${ref[1]}", which is not in the definition`, 'Name a step of the definition.');
  return { kind: 'JsonGet', step: ref[1], propertyFile: ref[2], path: get.Path };
}
