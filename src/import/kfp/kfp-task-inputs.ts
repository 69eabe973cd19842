/**
 * A task's `inputs` resolved through the DAG it sits in: `componentInputParameter` reads the
 * enclosing component's inputs (for the root, the pipeline's parameters), `runtimeValue` is a
 * literal, `taskOutputArtifact` is another task's output (a step's, or the URI of an importer).
 */
import type { Value } from '../../pipeline/ir.js';
import type { ArtifactSource, Bindings } from './kfp-bindings.js';
import { isObject, type Json, objectAt, refuse, type Where } from './kfp-document.js';
import { constantValue } from './kfp-placeholders.js';

/** What a task of the DAG became, for the tasks that read it. */
export type TaskResult =
  | { readonly kind: 'step'; readonly step: string }
  | { readonly kind: 'importer'; readonly uri: Value }
  /** A DAG without a condition, flattened: its top-level steps. */
  | { readonly kind: 'group'; readonly steps: readonly string[] };

export function resolveInputs(where: Where, task: Json, scope: Bindings, results: ReadonlyMap<string, TaskResult>): Bindings {
  const inputs = objectAt(where, task.inputs, 'inputs');
  const params = new Map<string, Value>();
  for (const [key, spec] of Object.entries(objectAt(where, inputs.parameters, 'inputs.parameters'))) {
    params.set(key, parameterValue(where, key, objectAt(where, spec, `inputs.parameters.${key}`), scope));
  }
  const artifacts = new Map<string, ArtifactSource>();
  for (const [key, spec] of Object.entries(objectAt(where, inputs.artifacts, 'inputs.artifacts'))) {
    artifacts.set(key, artifactSource(where, key, objectAt(where, spec, `inputs.artifacts.${key}`), scope, results));
  }
  return { params, artifacts };
}

function parameterValue(where: Where, key: string, spec: Json, scope: Bindings): Value {
  if (typeof spec.componentInputParameter === 'string') {
    const v = scope.params.get(spec.componentInputParameter);
    if (v === undefined)
      throw refuse(where, `input "${key}" reads "${spec.componentInputParameter}", which the enclosing component does not have.`);
    return v;
  }
  if (isObject(spec.runtimeValue)) return constant(where, key, spec.runtimeValue);
  if (isObject(spec.taskOutputParameter)) {
    const producer = spec.taskOutputParameter.producerTask;
    throw refuse(
      where,
      `input "${key}" is an output parameter of task "${String(producer)}"; Godwit steps pass data between steps as artifacts, not parameters.`,
      'Have the producer write the value to an output artifact and read the file in the consumer.',
    );
  }
  const kind = Object.keys(spec)[0] ?? 'nothing';
  const why = kind === 'taskFinalStatus' ? 'an exit handler (dsl.ExitHandler) reading the pipeline status' : `"${kind}"`;
  throw refuse(where, `input "${key}" is set from ${why}, which has no Godwit equivalent.`);
}

function constant(where: Where, key: string, runtime: Json): Value {
  const c = 'constant' in runtime ? runtime.constant : runtime.constantValue;
  // The older protobuf form: { constantValue: { stringValue | intValue | doubleValue } }.
  const v = isObject(c) ? (c.stringValue ?? c.intValue ?? c.doubleValue ?? c.boolValue) : c;
  // protobuf JSON writes int64 as a string.
  if (isObject(c) && c.intValue !== undefined) return Number(c.intValue);
  if (typeof v === 'string') return constantValue(where, v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  throw refuse(
    where,
    `input "${key}" is the constant ${JSON.stringify(c)}; Godwit parameters are strings, numbers and booleans.`,
    'Pass lists and structs as a JSON string.',
  );
}

function artifactSource(
  where: Where,
  key: string,
  spec: Json,
  scope: Bindings,
  results: ReadonlyMap<string, TaskResult>,
): ArtifactSource {
  if (typeof spec.componentInputArtifact === 'string') {
    const a = scope.artifacts.get(spec.componentInputArtifact);
    if (!a)
      throw refuse(
        where,
        `input "${key}" reads artifact "${spec.componentInputArtifact}", which the enclosing component does not have.`,
      );
    return a;
  }
  if (!isObject(spec.taskOutputArtifact))
    throw refuse(
      where,
      `input artifact "${key}" is set from "${Object.keys(spec)[0] ?? 'nothing'}", which Godwit does not import.`,
    );
  const producer = String(spec.taskOutputArtifact.producerTask);
  const output = String(spec.taskOutputArtifact.outputArtifactKey);
  const result = results.get(producer);
  if (!result) throw refuse(where, `input "${key}" reads task "${producer}", which is not in the same DAG.`);
  if (result.kind === 'step') return { kind: 'step', step: result.step, output };
  if (result.kind === 'importer') return { kind: 'uri', uri: result.uri };
  throw refuse(
    where,
    `input "${key}" reads output "${output}" of "${producer}", a DAG (a pipeline used as a component, or dsl.Collected); Godwit steps read outputs of steps only.`,
    'Read the output of the task inside that DAG directly.',
  );
}
