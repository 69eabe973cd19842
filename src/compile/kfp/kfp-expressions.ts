/**
 * IR references → where their value comes from in the PipelineSpec. Parameters are pipeline
 * inputs; execution variables are the launcher's runtime placeholders (`{{$.pipeline_job_uuid}}`),
 * passed as runtime constants the way the SDK passes `dsl.PIPELINE_JOB_ID_PLACEHOLDER`; JsonGet
 * and StepMetric are output parameters of small reader tasks; step outputs are task artifacts.
 */
import { ValidationError } from '../../core/errors.js';
import type { ArtifactType, ParameterType, Ref, StepOutputRef, Value } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { type KfpContext, placementOf, sqlOutputKey } from './kfp-context.js';
import { type ArtifactSource, bindParameter, type ParamSource, paramChannel, type TaskRef } from './kfp-dag.js';
import { jsonGetSource, metricSource } from './kfp-extract.js';
import { artifactType, type KfpParameterType, type KfpSchemaTitle, placeholder } from './kfp-spec.js';

const PARAMETER_TYPES: Readonly<Record<ParameterType, KfpParameterType>> = {
  string: 'STRING',
  integer: 'NUMBER_INTEGER',
  float: 'NUMBER_DOUBLE',
  boolean: 'BOOLEAN',
};

const SCHEMA_TITLES: Readonly<Record<ArtifactType, KfpSchemaTitle>> = {
  dataset: 'system.Dataset',
  model: 'system.Model',
  metrics: 'system.Metrics',
  fileset: 'system.Artifact',
};

export function kfpParameterType(type: ParameterType): KfpParameterType {
  return PARAMETER_TYPES[type];
}

export function schemaTitle(type: ArtifactType | undefined): KfpSchemaTitle {
  return type ? SCHEMA_TITLES[type] : 'system.Artifact';
}

export function invalid(ctx: KfpContext, step: string, field: string, message: string): ValidationError {
  return new ValidationError(`Pipeline "${ctx.ir.name}"`, [{ step, field, message }]);
}

/** The value of a non-artifact reference, as a parameter source. `type` types JsonGet readers. */
export function paramSource(ctx: KfpContext, ref: Ref, type: KfpParameterType, consumer: string, field: string): ParamSource {
  switch (ref.kind) {
    case 'Parameter': {
      const spec = ctx.parameters.get(ref.name);
      if (!spec) throw invalid(ctx, consumer, field, `parameter "${ref.name}" is not declared by the pipeline.`);
      return { kind: 'pipeline', name: ref.name, type: kfpParameterType(spec.type) };
    }
    case 'ExecutionVariable':
      if (ref.name === 'ExecutionId')
        return { kind: 'constant', value: '{{$.pipeline_job_uuid}}', type: 'STRING', channel: 'pipelinechannel--execution-id' };
      if (ref.name === 'StartDateTime')
        return {
          kind: 'constant',
          value: '{{$.pipeline_job_create_time_utc}}',
          type: 'STRING',
          channel: 'pipelinechannel--start-date-time',
        };
      // The pipeline's name is known now; KFP's `pipeline_job_name` is the run's name, not it.
      return { kind: 'constant', value: ctx.ir.name, type: 'STRING', channel: 'pipelinechannel--pipeline-name' };
    case 'JsonGet':
      return jsonGetSource(ctx, ref, type, consumer);
    case 'StepMetric':
      return metricSource(ctx, ref, consumer);
    case 'StepOutput':
      throw new CompileError(
        'kfp',
        consumer,
        `the URI of "${ref.step}.${ref.output}" as a parameter value (${field})`,
        'KFP passes artifacts only as task inputs: use the output as an input of the step, or pass it in process args.',
      );
    case 'Join':
      throw new Error('internal: joins are expanded by bindValue');
    case 'ModelName':
      throw new CompileError(
        'kfp',
        consumer,
        `the model name of model step "${ref.step}" (${field})`,
        'KFP and Vertex AI create no named SageMaker model (the KFP compiler leaves model steps out): read the model data, the output the model step points at, instead.',
      );
    case 'CallbackOutput':
      throw new CompileError(
        'kfp',
        consumer,
        `output parameter "${ref.name}" of callback step "${ref.step}" (${field})`,
        'KFP and Vertex AI pipelines have no callback step; compute the value in a container task instead.',
      );
    default:
      throw invalid(ctx, consumer, field, `${ref.kind}("${ref.name}") is only valid in a process's args and env.`);
  }
}

/** The task artifact a StepOutput reference names. */
export function artifactSource(ctx: KfpContext, ref: StepOutputRef, consumer: string, field: string): ArtifactSource {
  const producer = ctx.steps.get(ref.step);
  if (!producer) throw invalid(ctx, consumer, field, `step "${ref.step}" does not exist.`);
  // A sql step's unloaded output is the importer task after its query (steps/sql.ts).
  const unloaded = producer.type === 'sql' ? (ctx.helpers.get(sqlOutputKey(ref.step, ref.output)) as ArtifactSource) : undefined;
  if (unloaded) return unloaded;
  const outputs = 'outputs' in producer ? producer.outputs : [];
  const output = outputs.find((o) => o.name === ref.output);
  if (!output) {
    const names = outputs.map((o) => o.name).join(', ') || 'none';
    throw invalid(ctx, consumer, field, `step "${ref.step}" has no output "${ref.output}". Outputs of "${ref.step}": ${names}.`);
  }
  const { dag, task } = placementOf(ctx, ref.step);
  return { dag, task, key: ref.output, type: artifactType(schemaTitle(output.type)) };
}

/** A literal as a constant of the input's type: a number handed to a STRING input becomes text. */
function constantFor(v: string | number | boolean, type: KfpParameterType): string | number | boolean {
  return type === 'STRING' ? String(v) : v;
}

/**
 * Binds `value` to the parameter input `input` of `task` (declared on its component). A join
 * becomes a runtime constant with a placeholder per part — the SDK's way of compiling an f-string
 * of pipeline channels — and each part a declared input of its own.
 */
export function bindValue(
  ctx: KfpContext,
  task: TaskRef,
  input: string,
  value: Value,
  type: KfpParameterType,
  consumer: string,
  field: string,
): void {
  if (!isRef(value)) {
    bindParameter(task, input, { kind: 'constant', value: constantFor(value, type), type, channel: input }, true, consumer);
  } else if (value.kind === 'Join') {
    const text = joinText(ctx, task, value.values, value.on, consumer, field);
    bindParameter(task, input, { kind: 'constant', value: text, type: 'STRING', channel: input }, true, consumer);
  } else {
    const source = paramSource(ctx, value, type, consumer, field);
    bindParameter(task, input, source, true, consumer);
  }
}

function joinText(ctx: KfpContext, task: TaskRef, values: readonly Value[], on: string, consumer: string, field: string): string {
  const parts = values.map((v) => {
    if (!isRef(v)) return String(v);
    if (v.kind === 'Join') return joinText(ctx, task, v.values, v.on, consumer, field);
    if (v.kind === 'ExecutionVariable' && v.name === 'PipelineName') return ctx.ir.name;
    const source = paramSource(ctx, v, 'STRING', consumer, field);
    const channel = paramChannel(source);
    bindParameter(task, channel, source, true, consumer);
    return placeholder.parameter(channel);
  });
  return parts.join(on);
}
