/**
 * A container task → a processing step. The container's plain command runs on the host as every
 * Godwit processing step's does (the image is kept in `process.image` for the cloud targets):
 * the leading literal words are `process.command`, the rest `process.args` with placeholders as
 * references. Each input artifact is an input (another step's output, or an importer's URI) and
 * each output artifact an output; Godwit hands the step a folder for each, and the KFP artifact
 * file is `<folder>/<name>` inside it (see kfp-bindings.ts).
 */
import type { ArtifactType, InputSpec, OutputSpec, ProcessingStep, ProcessSpec, Value } from '../../pipeline/ir.js';
import type { ImportNote } from '../pipeline-import.js';
import { artifactValue, type Bindings } from './kfp-bindings.js';
import { isObject, type Json, objectAt, refuse, stringAt, stringsAt, type Where } from './kfp-document.js';
import { argValue, hasPlaceholder, type TaskIo } from './kfp-placeholders.js';
import { isStagePrologue, unwrapPrologue } from './kfp-stage-prologue.js';

const ARTIFACT_TYPES: Readonly<Record<string, ArtifactType>> = {
  'system.Dataset': 'dataset',
  'system.Model': 'model',
  'system.Metrics': 'metrics',
  'system.ClassificationMetrics': 'metrics',
  'system.SlicedClassificationMetrics': 'metrics',
};

export interface ContainerTask {
  readonly where: Where & { readonly task: string };
  readonly step: string;
  readonly component: Json;
  readonly container: Json;
  readonly bindings: Bindings;
  readonly notes: ImportNote[];
}

/** The step without its policies (the DAG walk adds dependsOn, retry and cache). */
export function containerStep(t: ContainerTask): ProcessingStep {
  const { where, component, container } = t;
  const inDefs = objectAt(where, component.inputDefinitions, 'inputDefinitions');
  const outDefs = objectAt(where, component.outputDefinitions, 'outputDefinitions');
  if (Object.keys(objectAt(where, outDefs.parameters, 'outputDefinitions.parameters')).length > 0) {
    throw refuse(
      where,
      `its component returns output parameters (${Object.keys(outDefs.parameters as Json).join(', ')}); Godwit steps pass data between steps as artifacts.`,
      'Write the value to an output artifact (dsl.Output[dsl.Artifact]) and read it from the file downstream.',
    );
  }
  const io: TaskIo = {
    params: taskParams(where, inDefs, t.bindings),
    artifacts: t.bindings.artifacts,
    outputs: new Set(Object.keys(objectAt(where, outDefs.artifacts, 'outputDefinitions.artifacts'))),
  };
  let argv = [...stringsAt(where, container.command, 'command'), ...stringsAt(where, container.args, 'args')];
  let folders: { inputs: ReadonlyMap<string, string>; outputs: ReadonlyMap<string, string> } = {
    inputs: new Map(),
    outputs: new Map(),
  };
  const env: Record<string, Value> = {};
  for (const e of Array.isArray(container.env) ? container.env : []) {
    if (isObject(e)) env[stringAt(where, e.name, 'env.name')] = String(e.value ?? '');
  }
  if (isStagePrologue(stringsAt(where, container.command, 'command'))) {
    const unwrapped = unwrapPrologue(where, stringsAt(where, container.args, 'args'));
    argv = [...unwrapped.argv];
    folders = unwrapped;
    for (const [name, text] of unwrapped.env) env[name] = argValue(where, text, io);
  }
  const process = processOf(t, argv, io, env, folders.inputs.size + folders.outputs.size > 0);
  if (isObject(container.resources)) {
    t.notes.push({
      step: t.step,
      feature: 'resources',
      outcome: 'dropped',
      detail: 'CPU, memory and accelerator limits: the step runs as a local process.',
    });
  }
  return {
    name: t.step,
    type: 'processing',
    process,
    inputs: inputsOf(where, inDefs, t.bindings, folders.inputs),
    outputs: [...io.outputs].map((name) => outputOf(outDefs, name, folders.outputs.get(name))),
  };
}

function processOf(t: ContainerTask, argv: string[], io: TaskIo, env: Record<string, Value>, staged: boolean): ProcessSpec {
  const literal = argv.findIndex((part) => hasPlaceholder(part));
  const command = literal < 0 ? argv : argv.slice(0, literal);
  if (command.length === 0) {
    throw refuse(
      t.where,
      stringsAt(t.where, t.container.command, 'command').length === 0
        ? "its container has no command: it runs the image's entrypoint, which does not exist on this machine."
        : `its command starts with a placeholder (${argv[0]}).`,
      'Give the container component an explicit command (the program to run, e.g. python3 or sh).',
    );
  }
  const args = argv.slice(command.length).map((part) => argValue(t.where, part, io));
  const image = stringAt(t.where, t.container.image, 'image');
  return {
    image,
    command,
    ...(args.length ? { args } : {}),
    ...(Object.keys(env).length ? { env } : {}),
    ...(staged ? { contract: 'sagemaker' as const } : {}),
  };
}

/** Input parameters as values: the task's binding, else the component's default. */
function taskParams(where: Where, inDefs: Json, bindings: Bindings): Map<string, Value> {
  const params = new Map(bindings.params);
  for (const [name, def] of Object.entries(objectAt(where, inDefs.parameters, 'inputDefinitions.parameters'))) {
    if (params.has(name) || !isObject(def)) continue;
    const d = def.defaultValue;
    if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') params.set(name, d);
  }
  return params;
}

function inputsOf(where: Where, inDefs: Json, bindings: Bindings, folders: ReadonlyMap<string, string>): InputSpec[] {
  const inputs: InputSpec[] = [];
  for (const [name, def] of Object.entries(objectAt(where, inDefs.artifacts, 'inputDefinitions.artifacts'))) {
    const source = bindings.artifacts.get(name);
    if (!source) {
      if (isObject(def) && def.isOptional === true) continue;
      throw refuse(where, `its input artifact "${name}" is not set by the task.`);
    }
    const folder = folders.get(name);
    inputs.push({ name, source: artifactValue(source), ...(folder ? { destination: folder } : {}) });
  }
  return inputs;
}

function outputOf(outDefs: Json, name: string, folder: string | undefined): OutputSpec {
  const def = (outDefs.artifacts as Json)[name];
  const title = isObject(def) && isObject(def.artifactType) ? def.artifactType.schemaTitle : undefined;
  const type = (typeof title === 'string' && ARTIFACT_TYPES[title]) || 'fileset';
  return { name, type, ...(folder ? { source: folder } : {}) };
}
