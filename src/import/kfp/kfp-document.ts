/**
 * Reading a PipelineSpec that arrives as `unknown` (parsed YAML or JSON): small typed accessors
 * that turn a wrong shape into an `E_IMPORT` error naming the field, and the refusal every other
 * file of the importer throws. Field names are the proto's JSON names (pipeline_spec.proto).
 */
import { GodwitError } from '../../core/errors.js';

export type Json = Record<string, unknown>;

/** Where the importer is, for messages: the pipeline and, when known, the task. */
export interface Where {
  readonly pipeline: string;
  readonly task?: string;
}

const DOCS = 'See docs/import-kfp.md for what maps.';

/** The importer's one error: what cannot be imported, where, and the way out. */
export function refuse(where: Where, what: string, hint = DOCS): GodwitError {
  const at = where.task === undefined ? '' : `, task "${where.task}"`;
  return new GodwitError('E_IMPORT', `Cannot import KFP pipeline "${where.pipeline}"${at}: ${what}`, { hint });
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` as an object, `{}` when absent; anything else is refused naming `field`. */
export function objectAt(where: Where, v: unknown, field: string): Json {
  if (v === undefined || v === null) return {};
  if (!isObject(v))
    throw refuse(where, `${field} is not a mapping (got ${JSON.stringify(v)}).`, 'Is the file a compiled PipelineSpec?');
  return v;
}

/** `v` as a list of strings, `[]` when absent. */
export function stringsAt(where: Where, v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw refuse(where, `${field} is not a list (got ${JSON.stringify(v)}).`);
  return v.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

export function stringAt(where: Where, v: unknown, field: string): string {
  if (typeof v !== 'string') throw refuse(where, `${field} is missing or not a string (got ${JSON.stringify(v)}).`);
  return v;
}

/** The parts of a PipelineSpec the importer reads, checked at the top level only. */
export interface SpecParts {
  readonly name: string;
  readonly description?: string;
  readonly components: Json;
  readonly executors: Json;
  readonly root: Json;
}

export function specParts(spec: unknown, fallbackName: string | undefined): SpecParts {
  const unnamed: Where = { pipeline: fallbackName ?? '(unnamed)' };
  if (!isObject(spec))
    throw refuse(unnamed, 'the document is not a mapping.', 'Pass a compiled KFP PipelineSpec (YAML or JSON).');
  // A PipelineJob (what `kfp.compiler` writes with a runtime config) wraps the spec.
  const doc = isObject(spec.pipelineSpec) ? spec.pipelineSpec : spec;
  const info = objectAt(unnamed, doc.pipelineInfo, 'pipelineInfo');
  const name = typeof info.name === 'string' && info.name !== '' ? info.name : fallbackName;
  if (name === undefined) {
    throw refuse(unnamed, 'pipelineInfo.name is missing.', 'Pass a name (godwit import --name NAME, or options.name).');
  }
  const where: Where = { pipeline: name };
  if (!isObject(doc.root) || !isObject(doc.root.dag)) {
    throw refuse(
      where,
      'root.dag is missing: this is not a compiled pipeline.',
      'A single component YAML is not a pipeline; compile a @dsl.pipeline.',
    );
  }
  const deployment = objectAt(where, doc.deploymentSpec, 'deploymentSpec');
  return {
    name,
    description: typeof info.description === 'string' ? info.description : undefined,
    components: objectAt(where, doc.components, 'components'),
    executors: objectAt(where, deployment.executors, 'deploymentSpec.executors'),
    root: doc.root,
  };
}
