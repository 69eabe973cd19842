/**
 * A container's command-line strings → IR values. KFP's launcher replaces placeholders such as
 * `{{$.inputs.parameters['lr']}}` and `{{$.outputs.artifacts['model'].path}}` before the
 * container starts; Godwit's processing step resolves `Parameter`, `InputPath` and `OutputPath`
 * references in its args the same way, so `--lr={{$.inputs.parameters['lr']}}` becomes
 * `{ kind: 'Join', on: '', values: ['--lr=', { kind: 'Parameter', name: 'lr' }] }`.
 * Placeholders with no local meaning (`{{$}}`, output parameters, output URIs) are refused.
 */
import type { Value } from '../../pipeline/ir.js';
import { artifactValue, type Bindings, fileInFolder } from './kfp-bindings.js';
import { refuse, type Where } from './kfp-document.js';

const PLACEHOLDER = /\{\{\$(.*?)\}\}/g;
const INPUT_PARAMETER = /^\.inputs\.parameters\['([^']+)'\]$/;
const ARTIFACT = /^\.(inputs|outputs)\.artifacts\['([^']+)'\]\.(path|uri)$/;

export interface TaskIo extends Bindings {
  readonly outputs: ReadonlySet<string>;
}

export function hasPlaceholder(text: string): boolean {
  return text.includes('{{$');
}

/** One command-line string as an IR value: the text, a reference, or a join of both. */
export function argValue(where: Where, text: string, io: TaskIo): Value {
  const parts: Value[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(...placeholderValue(where, m[1], io));
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return joined(parts);
}

/** Parts joined with no separator; adjacent text merged, a single part returned as itself. */
export function joined(parts: readonly Value[]): Value {
  const merged: Value[] = [];
  for (const part of parts) {
    const prev = merged[merged.length - 1];
    if (typeof part === 'string' && typeof prev === 'string') merged[merged.length - 1] = prev + part;
    else if (part !== '') merged.push(part);
  }
  if (merged.length === 0) return '';
  if (merged.length === 1) return merged[0];
  return { kind: 'Join', on: '', values: merged };
}

/** The launcher's run-time values that have an IR equivalent (`dsl.PIPELINE_JOB_ID_PLACEHOLDER`, …). */
const EXECUTION_VARIABLES: Readonly<Record<string, Value>> = {
  '.pipeline_job_uuid': { kind: 'ExecutionVariable', name: 'ExecutionId' },
  '.pipeline_job_create_time_utc': { kind: 'ExecutionVariable', name: 'StartDateTime' },
};

/** A constant that is exactly a run-time placeholder, as its IR value; the constant itself otherwise. */
export function constantValue(where: Where, text: string): Value {
  if (!hasPlaceholder(text)) return text;
  const m = /^\{\{\$(.*)\}\}$/.exec(text);
  const v = m ? EXECUTION_VARIABLES[m[1]] : undefined;
  if (v === undefined) throw unsupported(where, m ? m[1] : text);
  return v;
}

function placeholderValue(where: Where, body: string, io: TaskIo): Value[] {
  const variable = EXECUTION_VARIABLES[body];
  if (variable) return [variable];
  const param = INPUT_PARAMETER.exec(body);
  if (param) {
    const value = io.params.get(param[1]);
    if (value === undefined)
      throw refuse(where, `{{$${body}}} names input parameter "${param[1]}", which the task does not set.`);
    return [value];
  }
  const artifact = ARTIFACT.exec(body);
  if (!artifact) throw unsupported(where, body);
  const [, side, name, field] = artifact;
  if (side === 'outputs') {
    if (!io.outputs.has(name))
      throw refuse(where, `{{$${body}}} names output artifact "${name}", which the component does not declare.`);
    if (field === 'uri') throw unsupported(where, body);
    return [{ kind: 'OutputPath', name }, `/${name}`];
  }
  const source = io.artifacts.get(name);
  if (!source) throw refuse(where, `{{$${body}}} names input artifact "${name}", which the task does not set.`);
  if (field === 'uri') return [artifactValue(source)];
  const file = fileInFolder(source);
  return file === undefined ? [{ kind: 'InputPath', name }] : [{ kind: 'InputPath', name }, `/${file}`];
}

function unsupported(where: Where, body: string) {
  const why =
    body === ''
      ? 'the whole executor input ({{$}}), which only the KFP SDK reads'
      : body.startsWith('.outputs.parameters')
        ? 'an output parameter: Godwit steps pass data between steps as artifacts, not parameters'
        : body.endsWith('.uri')
          ? "an output artifact's URI, which a local step has no equivalent of (it writes to a folder)"
          : 'a placeholder Godwit does not resolve';
  return refuse(
    where,
    `its container uses {{$${body}}}: ${why}.`,
    "Use {{$.inputs.parameters['x']}}, {{$.inputs.artifacts['x'].path}} / .uri and {{$.outputs.artifacts['y'].path}} only; write results as output artifacts.",
  );
}
