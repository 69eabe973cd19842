/**
 * Run-time parameter values: defaults from the IR, overridden by `--param name=value` strings.
 *
 * ```ts
 * resolveParameters(ir, parseParamArgs(['mse_threshold=5.5', 'input_data=s3://b/abalone.csv']))
 * // { input_data: 's3://b/abalone.csv', mse_threshold: 5.5, model_approval_status: 'PendingManualApproval', ... }
 * ```
 *
 * How a string becomes a value, by parameter type:
 * - string: as given (an empty string is a value);
 * - integer: optional minus sign and digits (`42`, `-3`), within ±(2^53 − 1) (see `INTEGER_RANGE`);
 * - float: a decimal number (`6`, `0.01`, `-1.5e-3`); not `NaN`, `Infinity` or hex;
 * - boolean: `true`/`false`, `1`/`0`, `yes`/`no`, in any letter case.
 */
import { GodwitError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import type { ParameterSpec, ParameterType, ParameterValue, PipelineIR } from './ir.js';
import { nameList } from './validate-format.js';

const INTEGER = /^-?\d+$/;

/**
 * Integer parameters stop at ±(2^53 − 1), with a message saying so, rather than carrying larger
 * values as bigints: the IR and the metadata are JSON, whose numbers JavaScript reads as doubles;
 * Kubeflow / Vertex AI pipelines hold parameters in protobuf `Value`s (doubles) and document
 * 2^53 − 1 as their largest integer (kubeflow/pipelines#9976); a SageMaker definition's
 * `DefaultValue` is a JSON number too. A value Godwit accepted would change on its way to the cloud.
 */
export const INTEGER_RANGE =
  'is outside the range an integer parameter carries exactly, -9007199254740991 to 9007199254740991 (±(2^53 − 1), ' +
  'as in JSON, Kubeflow and Vertex AI); make it a string parameter for IDs and other large numbers';
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

/** The value of `text` as a parameter of `type`, or a sentence saying why it is not one. */
export function parseParameterValue(type: ParameterType, text: string): { value: ParameterValue } | { error: string } {
  switch (type) {
    case 'string':
      return { value: text };
    case 'integer': {
      if (!INTEGER.test(text)) return { error: 'is not an integer (e.g. 42 or -3)' };
      const n = Number(text);
      return Number.isSafeInteger(n) ? { value: n } : { error: INTEGER_RANGE };
    }
    case 'float': {
      const n = Number(text);
      return FLOAT.test(text) && Number.isFinite(n) ? { value: n } : { error: 'is not a number (e.g. 6, 0.01 or 1e-3)' };
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (TRUE.has(t)) return { value: true };
      if (FALSE.has(t)) return { value: false };
      return { error: 'is not a boolean (true/false, yes/no or 1/0)' };
    }
  }
}

/**
 * Every parameter's value for one run: the override if given (type-checked), else the default.
 * Throws one GodwitError (E_PARAMETER) naming every unknown, malformed or missing parameter.
 */
export function resolveParameters(ir: PipelineIR, overrides: Readonly<Record<string, string>>): Record<string, ParameterValue> {
  const specs = new Map<string, ParameterSpec>(ir.parameters.map((p) => [p.name, p]));
  const problems: string[] = [];
  for (const name of Object.keys(overrides)) {
    if (specs.has(name)) continue;
    const known = [...specs.keys()];
    problems.push(`"${name}" is not a parameter of pipeline "${ir.name}".${didYouMean(name, known)}`);
  }
  const values: Record<string, ParameterValue> = {};
  for (const spec of ir.parameters) {
    const text = Object.hasOwn(overrides, spec.name) ? overrides[spec.name] : undefined;
    if (text === undefined) {
      if (spec.default === undefined)
        problems.push(`"${spec.name}" (${spec.type}) has no default; give it with --param ${spec.name}=<value>.`);
      else values[spec.name] = spec.default;
      continue;
    }
    const parsed = parseParameterValue(spec.type, text);
    if ('error' in parsed) problems.push(`"${spec.name}" is ${spec.type}, but ${JSON.stringify(text)} ${parsed.error}.`);
    else values[spec.name] = parsed.value;
  }
  if (problems.length > 0) {
    const known = ir.parameters.map((p) => `${p.name} (${p.type})`);
    throw new GodwitError('E_PARAMETER', `Parameters of pipeline "${ir.name}" are wrong: ${problems.join(' ')}`, {
      hint: `Parameters: ${nameList(known)}.`,
    });
  }
  return values;
}

/**
 * `--param` values as a record: `['lr=0.1', 'note=a=b']` → `{ lr: '0.1', note: 'a=b' }` (split at
 * the first `=`). Throws E_PARAMETER for an entry without `=` or a name given twice.
 */
export function parseParamArgs(list: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  const problems: string[] = [];
  for (const arg of list) {
    const at = arg.indexOf('=');
    const name = at < 0 ? arg : arg.slice(0, at).trim();
    if (at < 0) problems.push(`"${arg}" has no value; write --param ${arg || 'name'}=<value>.`);
    else if (name === '') problems.push(`"${arg}" has no name; write --param name=<value>.`);
    else if (Object.hasOwn(result, name)) problems.push(`"${name}" is given twice; give each parameter once.`);
    else result[name] = arg.slice(at + 1);
  }
  if (problems.length > 0) throw new GodwitError('E_PARAMETER', `Bad --param: ${problems.join(' ')}`);
  return result;
}
