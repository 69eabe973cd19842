import { localSourcePath, toFileUri } from '../core/uri.js';
import type { ArtifactRecord } from '../meta/metadata-store.js';
import type { ArtifactType, ParameterValue, PipelineIR, StepIR, Value } from '../pipeline/ir.js';
import { isRef } from '../pipeline/ir.js';
import { ARTIFACT_TYPES, type StepRead } from './runs-lineage.js';

/**
 * What a step read, from its IR and its run's records alone, so the executor (for the step it is
 * about to run), selective execution (for the steps it reuses) and the runs backfill (for a run
 * recorded before lineage) find the same inputs:
 *
 * - every other step's output the step names anywhere (inputs, a transform's model, a register
 *   step's metrics, arguments, environment, a `JsonGet`'s property file): that run artifact;
 * - each data source that is not a step output (`inputs[].source`, a transform's `model` and
 *   `input`, a model or register step's `model`, a quality check's `dataset` and baselines),
 *   resolved from the run's parameters: a local path or `file://` URI becomes the `file://` URI of
 *   the file (a folder's ends in `/`, as the registry writes one) with the digest `local` gives;
 *   any other URI (`s3://`, `gs://`) is kept as it is, without a digest (SageMaker's own lineage
 *   has none for S3 either, and the registry records none for an object-store model);
 * - its code (`process.code`, a sql step's `file`, a function's handler module) as `Code`, and
 *   its image (`process.image`, a transform, model or register step's `image`) as `Image`, whose
 *   digest is the one its reference pins (`…@sha256:<hex>`).
 *
 * A source whose value only the running step can know (a `JsonGet` or callback output in a path)
 * is left out.
 */
export interface ReadsContext {
  readonly run: {
    readonly id: string;
    readonly ir: PipelineIR;
    readonly parameters: Readonly<Record<string, ParameterValue>>;
    readonly baseDir: string;
    readonly pipelineFile?: string;
    readonly startedAt: Date;
  };
  /** The run's record of another step's output (for a reused step: the copy in this run). */
  artifact(step: string, output: string): ArtifactRecord | undefined;
  metric(step: string, name: string): number | undefined;
  /** What is at a local path: absent when nothing is; `digest` (bare hex) when Godwit knows it. */
  local(path: string): Promise<{ readonly directory: boolean; readonly digest?: string } | undefined>;
}

export interface StepReads {
  readonly artifacts: readonly ArtifactRecord[];
  readonly others: readonly StepRead[];
}

export async function stepReads(step: StepIR, x: ReadsContext): Promise<StepReads> {
  const artifacts = new Map<string, ArtifactRecord>();
  for (const [producer, output] of referencedOutputs(step, x.run.ir)) {
    const record = x.artifact(producer, output);
    if (record) artifacts.set(`${record.uri}\n${record.sha256}`, record);
  }
  const others: StepRead[] = [];
  for (const source of dataSources(step)) {
    if (isRef(source.value) && source.value.kind === 'StepOutput') continue;
    const text = resolveText(source.value, x);
    if (text !== undefined) others.push(await localOrRemote(text, ARTIFACT_TYPES[source.type], x));
  }
  for (const code of codeOf(step, x.run.pipelineFile)) others.push(await localOrRemote(code, 'Code', x));
  const image = imageOf(step);
  if (image) others.push({ uri: image, type: 'Image', digest: /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1], displayName: image });
  return { artifacts: [...artifacts.values()], others };
}

/** Where a step reads data from, with the type an input of unknown type is taken for. */
function dataSources(step: StepIR): { value: Value; type: ArtifactType }[] {
  switch (step.type) {
    case 'processing':
    case 'training':
    case 'function':
      return step.inputs.map((i) => ({ value: i.source, type: i.type ?? 'dataset' }));
    case 'transform':
      return [
        { value: step.model, type: 'model' },
        { value: step.input, type: 'dataset' },
      ];
    case 'register-model':
      return [
        { value: step.model, type: 'model' },
        ...(step.metrics !== undefined ? [{ value: step.metrics, type: 'metrics' as const }] : []),
      ];
    case 'model':
      return [{ value: step.model, type: 'model' }];
    case 'quality-check':
      return [
        { value: step.dataset, type: 'dataset' },
        ...[step.baselineStatistics, step.baselineConstraints]
          .filter((v): v is Value => v !== undefined)
          .map((value) => ({ value, type: 'fileset' as const })),
      ];
    default:
      return [];
  }
}

/** Every `[step, output]` the step's definition names: step outputs, and the outputs holding `JsonGet` property files. */
function referencedOutputs(step: StepIR, ir: PipelineIR): [string, string][] {
  const found: [string, string][] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) visit(item);
    else if (v && typeof v === 'object') {
      if (isRef(v) && v.kind === 'StepOutput') found.push([v.step, v.output]);
      else if (isRef(v) && v.kind === 'JsonGet') {
        const producer = ir.steps.find((s) => s.name === v.step);
        const file =
          producer && 'propertyFiles' in producer ? producer.propertyFiles?.find((f) => f.name === v.propertyFile) : undefined;
        if (file) found.push([v.step, file.output]);
      }
      for (const inner of Object.values(v)) visit(inner);
    }
  };
  visit(step);
  return found;
}

/** A value as text when the run's records say what it is; undefined when only the running step could. */
function resolveText(v: Value, x: ReadsContext): string | undefined {
  if (!isRef(v)) return String(v);
  switch (v.kind) {
    case 'Parameter': {
      const value = x.run.parameters[v.name];
      return value === undefined ? undefined : String(value);
    }
    case 'ExecutionVariable':
      return v.name === 'ExecutionId' ? x.run.id : v.name === 'StartDateTime' ? x.run.startedAt.toISOString() : x.run.ir.name;
    case 'StepOutput':
      return x.artifact(v.step, v.output)?.uri;
    case 'StepMetric': {
      const m = x.metric(v.step, v.metric);
      return m === undefined ? undefined : String(m);
    }
    case 'Join': {
      const parts = v.values.map((p) => resolveText(p, x));
      return parts.some((p) => p === undefined) ? undefined : parts.join(v.on);
    }
    default:
      return undefined;
  }
}

async function localOrRemote(source: string, type: string, x: ReadsContext): Promise<StepRead> {
  const path = localSourcePath(source, x.run.baseDir);
  if (path === undefined) return { uri: source, type, displayName: lastSegment(source) };
  const found = await x.local(path);
  const uri = toFileUri(path);
  return { uri: found?.directory ? `${uri}/` : uri, digest: found?.digest, type, displayName: lastSegment(path) };
}

function codeOf(step: StepIR, pipelineFile: string | undefined): string[] {
  if ((step.type === 'processing' || step.type === 'training') && step.process?.code) return [step.process.code];
  if (step.type === 'sql' && step.file) return [step.file];
  if (step.type === 'function') {
    const module = step.handler.module;
    if (module !== '#pipeline') return [module];
    return pipelineFile ? [pipelineFile] : [];
  }
  return [];
}

function imageOf(step: StepIR): string | undefined {
  if ((step.type === 'processing' || step.type === 'training') && step.process?.image) return step.process.image;
  if (step.type === 'transform' || step.type === 'model' || step.type === 'register-model') return step.image;
  return undefined;
}

const lastSegment = (s: string) => s.replace(/\/+$/, '').split('/').pop() || s;
