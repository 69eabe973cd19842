/**
 * Writes a PipelineSpec the way the KFP SDK's compiler does: the `# PIPELINE DEFINITION` comment
 * header (name, description, inputs with defaults), then the spec as PyYAML dumps the SDK's
 * `MessageToDict` output — sorted keys, and numbers as Python floats (`6.0`) except the proto's
 * int32 fields, because protobuf's JSON turns every `Struct`/`Value` number and double into a float.
 *
 * ```yaml
 * # PIPELINE DEFINITION
 * # Name: abalone
 * # Inputs:
 * #    mse_threshold: float [Default: 6.0]
 * components:
 *   ...
 * ```
 */

import { dumpPyYaml, type YamlValue } from './pyyaml-emitter.js';
import { pythonFloat } from './pyyaml-scalar.js';

/** int32 fields of PipelineTaskSpec; every other number in a PipelineSpec is a double or a Struct number. */
const INT32_FIELDS = new Set(['maxRetryCount', 'parallelismLimit']);
/** Subtrees that are `google.protobuf.Struct` / `Value`, where every number is a double. */
const STRUCT_FIELDS = new Set(['deploymentSpec', 'defaultValue', 'constant', 'metadata', 'literals']);

function isInt(path: readonly string[]): boolean {
  if (!INT32_FIELDS.has(path[path.length - 1])) return false;
  return !path.some((key) => STRUCT_FIELDS.has(key));
}

const COMMENT_TYPES: Readonly<Record<string, string>> = {
  STRING: 'str',
  NUMBER_INTEGER: 'int',
  NUMBER_DOUBLE: 'float',
  BOOLEAN: 'bool',
  LIST: 'list',
  STRUCT: 'dict',
  TASK_FINAL_STATUS: 'PipelineTaskFinalStatus',
  TASK_CONFIG: 'TaskConfig',
};

/** Python's `repr()` of a JSON value as protobuf's `MessageToDict` returns it (numbers are floats). */
function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number') return pythonFloat(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
    .join(', ')}}`;
}

/** Python's `str()` of a default value as the SDK prints it in the header: strings bare in quotes. */
function pythonStr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : pythonRepr(value);
}

interface Signature {
  readonly parameters?: Record<string, { parameterType: string; defaultValue?: unknown }>;
  readonly artifacts?: Record<string, { artifactType: { schemaTitle: string } }>;
}

function signatureLines(heading: string, signature: Signature | undefined): string[] {
  if (!signature) return [];
  const rows: { name: string; text: string }[] = [];
  for (const [name, p] of Object.entries(signature.parameters ?? {})) {
    const dflt = 'defaultValue' in p ? ` [Default: ${pythonStr(p.defaultValue)}]` : '';
    rows.push({ name, text: `#    ${name}: ${COMMENT_TYPES[p.parameterType] ?? p.parameterType}${dflt}` });
  }
  for (const [name, a] of Object.entries(signature.artifacts ?? {})) {
    rows.push({ name, text: `#    ${name}: ${a.artifactType.schemaTitle}` });
  }
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [heading, ...rows.map((r) => r.text)];
}

interface SpecHead {
  readonly pipelineInfo: { readonly name: string; readonly description?: string };
  readonly root: { readonly inputDefinitions?: Signature; readonly outputDefinitions?: Signature };
}

/** The comment block the SDK puts above the spec. */
export function kfpHeader(spec: SpecHead): string {
  const lines = ['# PIPELINE DEFINITION', `# Name: ${spec.pipelineInfo.name}`];
  const description = spec.pipelineInfo.description;
  if (description) lines.push(`# Description: ${description.split(/\r?\n/).join('\n#              ')}`);
  lines.push(...signatureLines('# Inputs:', spec.root.inputDefinitions));
  lines.push(...signatureLines('# Outputs:', spec.root.outputDefinitions));
  return `${lines.join('\n')}\n`;
}

/** The YAML text of a compiled PipelineSpec, laid out as the KFP SDK writes it. */
export function toKfpYaml(doc: unknown): string {
  return kfpHeader(doc as SpecHead) + dumpPyYaml(doc as YamlValue, { isInt });
}
