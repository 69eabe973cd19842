/**
 * KFP v2 PipelineSpec → Godwit's IR. Container components with plain commands become processing
 * steps that run their command on this machine; importer tasks become URI inputs; `dsl.If`
 * DAGs become condition steps; retry and caching carry over. Lightweight Python components,
 * loops, output parameters and exit handlers are refused with an `E_IMPORT` error naming the
 * task and the way out. The result is validated like any pipeline file.
 *
 * ```ts
 * const { ir, notes } = await importKfpPipelineSpec(parse(readFileSync('pipeline.yaml', 'utf8')));
 * // ir.steps: [{ name: 'prepare', type: 'processing', process: { image: 'python:3.11', command: ['sh', '-c', …] }, … }]
 * ```
 */
import { IR_API_VERSION, type PipelineIR, type Value } from '../../pipeline/ir.js';
import { NAME_PATTERN } from '../../pipeline/validate.js';
import { assertImported, type ImportNote, type ImportOptions, type ImportResult } from '../pipeline-import.js';
import { type Walk, walkDag } from './kfp-dag-walk.js';
import { isObject, refuse, specParts, type Where } from './kfp-document.js';
import { findLightweight, lightweightRefusal } from './kfp-lightweight.js';
import { stepNotes } from './kfp-notes.js';
import { rootParameters } from './kfp-parameters.js';

export async function importKfpPipelineSpec(spec: unknown, options: ImportOptions = {}): Promise<ImportResult> {
  const parts = specParts(spec, options.name);
  const name = pipelineName(parts.name);
  const where: Where = { pipeline: name };
  const lightweight = findLightweight(where, parts.components, parts.executors);
  if (lightweight.length > 0) throw lightweightRefusal(where, lightweight);

  const parameters = rootParameters(where, parts.root);
  for (const p of parameters) {
    if (!NAME_PATTERN.test(p.name))
      throw refuse(where, `parameter "${p.name}" is not a valid Godwit name (a letter, then letters, digits, _ or -).`);
  }
  const notes: ImportNote[] = [];
  const walk: Walk = {
    pipeline: name,
    components: parts.components,
    executors: parts.executors,
    steps: [],
    notes,
    names: new Set<string>(),
  };
  const scope = {
    params: new Map<string, Value>(parameters.map((p) => [p.name, { kind: 'Parameter', name: p.name }])),
    artifacts: new Map(),
  };
  walkDag(walk, (parts.root as { dag: Record<string, unknown> }).dag, scope, []);
  if (isObject(parts.root.dag) && parts.root.dag.outputs !== undefined) {
    notes.push({
      feature: 'root.dag.outputs',
      outcome: 'dropped',
      detail: "the pipeline's outputs: Godwit records every step's outputs with the run.",
    });
  }
  const ir: PipelineIR = {
    apiVersion: IR_API_VERSION,
    kind: 'Pipeline',
    name,
    ...(parts.description ? { description: parts.description } : {}),
    parameters,
    steps: walk.steps,
  };
  assertImported(ir, `KFP pipeline "${name}"`);
  return { ir, notes: [...stepNotes(ir.steps), ...notes], files: {} };
}

/** The spec's name as a Godwit name: KFP names are Kubernetes-style, which mostly already are. */
function pipelineName(name: string): string {
  let n = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[A-Za-z]/.test(n)) n = `pipeline-${n}`;
  return n.slice(0, 63);
}
