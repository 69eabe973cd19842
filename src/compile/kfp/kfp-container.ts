/**
 * One IR step compiled to one container task: its component (inputs, outputs), its executor, and
 * its task in the DAG. Values used in the container's strings become placeholders of component
 * inputs the task binds — `{{$.inputs.parameters['pipelinechannel--mse_threshold']}}` — which is
 * how the SDK compiles container components.
 */
import type { ArtifactType, StepIR, StepOutputRef, Value } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import { baseName } from '../uploads.js';
import { addTask, type KfpContext, pipelineUri, placementOf } from './kfp-context.js';
import { artifactChannel, bindArtifact, bindParameter, type ParamSource, paramChannel, type TaskRef } from './kfp-dag.js';
import { artifactSource, invalid, paramSource, schemaTitle } from './kfp-expressions.js';
import { importArtifact } from './kfp-importer.js';
import { applyStepCommon } from './kfp-policies.js';
import { artifactType, type ContainerSpec, type KfpParameterType, placeholder } from './kfp-spec.js';

/** A join that starts with a step output: the output, and the parts joined after it. */
function pathWithin(value: Value): { output: StepOutputRef; rest: readonly Value[]; on: string } | undefined {
  if (!isRef(value) || value.kind !== 'Join') return undefined;
  const [first, ...rest] = value.values;
  if (!isRef(first) || first.kind !== 'StepOutput' || rest.length === 0) return undefined;
  return { output: first, rest, on: value.on };
}

export class ContainerTask {
  readonly task: TaskRef;
  private readonly inputNames = new Set<string>();
  private readonly outputNames = new Set<string>();

  constructor(
    private readonly ctx: KfpContext,
    readonly step: StepIR,
  ) {
    const place = placementOf(ctx, step.name);
    this.task = addTask(ctx, place.dag, place.task, step.displayName ?? step.name, { executorLabel: `exec-${place.task}` });
    applyStepCommon(ctx, step, this.task);
  }

  /**
   * Declares the artifact input `name` fed by `value` — another step's output, or a path, URI or
   * parameter brought in by an importer — and returns its path placeholder. A local path is
   * uploaded to `uploadUri(local)`, by default `<root>/<pipeline>/<step>/input/<name>/<file>`
   * as the SageMaker target does, so one upload serves both.
   */
  input(
    name: string,
    value: Value,
    type: ArtifactType | undefined,
    field: string,
    uploadUri?: (local: string) => string,
  ): string {
    const within = pathWithin(value);
    if (within) {
      // A path inside another step's output (`Join('/', [output, 'test/x.csv'])`): the output is
      // the artifact input and the rest is appended to its local path, which mirrors its URI.
      const path = this.input(name, within.output, type, field);
      return [path, ...within.rest.map((v) => this.render(v, field))].join(within.on);
    }
    const source =
      isRef(value) && value.kind === 'StepOutput'
        ? artifactSource(this.ctx, value, this.step.name, field)
        : importArtifact(this.ctx, {
            dag: this.task.dag,
            name: `${this.task.name}-${name}`,
            value,
            type: artifactType(schemaTitle(type)),
            step: this.step.name,
            field,
            uploadUri: uploadUri ?? ((local) => pipelineUri(this.ctx, this.step.name, 'input', name, baseName(local))),
            uploadFor: `step "${this.step.name}", ${field}`,
          });
    bindArtifact(this.task, name, source, true, this.step.name);
    this.inputNames.add(name);
    return placeholder.inputPath(name);
  }

  /** Declares the artifact output `name` and returns its path placeholder. */
  output(name: string, type: ArtifactType): string {
    const component = this.task.component;
    component.outputDefinitions ??= {};
    component.outputDefinitions.artifacts ??= {};
    component.outputDefinitions.artifacts[name] = { artifactType: artifactType(schemaTitle(type)) };
    this.outputNames.add(name);
    return placeholder.outputPath(name);
  }

  /** The value of `source` inside the container, as a placeholder of a declared input. */
  parameter(source: ParamSource): string {
    const channel = paramChannel(source);
    bindParameter(this.task, channel, source, true, this.step.name);
    return placeholder.parameter(channel);
  }

  /**
   * `value` as text in the container's command line. `paths` allows InputPath/OutputPath, which
   * name this step's own artifacts (valid only in a process's args and env).
   */
  render(value: Value, field: string, paths = false, type: KfpParameterType = 'STRING'): string {
    if (!isRef(value)) return String(value);
    switch (value.kind) {
      case 'Join':
        return value.values.map((v) => this.render(v, field, paths)).join(value.on);
      case 'StepOutput': {
        const source = artifactSource(this.ctx, value, this.step.name, field);
        const channel = artifactChannel(source);
        bindArtifact(this.task, channel, source, true, this.step.name);
        return placeholder.inputUri(channel);
      }
      case 'InputPath':
      case 'OutputPath': {
        const own = value.kind === 'InputPath' ? this.inputNames : this.outputNames;
        if (!paths) throw invalid(this.ctx, this.step.name, field, `${value.kind} is only valid in a process's args and env.`);
        if (!own.has(value.name)) {
          const kind = value.kind === 'InputPath' ? 'input' : 'output';
          throw invalid(this.ctx, this.step.name, field, `${value.kind}("${value.name}") names no ${kind} of this step.`);
        }
        return value.kind === 'InputPath' ? placeholder.inputPath(value.name) : placeholder.outputPath(value.name);
      }
      case 'ExecutionVariable':
        if (value.name === 'PipelineName') return this.ctx.ir.name;
        return this.parameter(paramSource(this.ctx, value, 'STRING', this.step.name, field));
      default:
        return this.parameter(paramSource(this.ctx, value, type, this.step.name, field));
    }
  }

  finish(container: ContainerSpec): void {
    this.ctx.executors[`exec-${this.task.name}`] = { container };
  }
}
