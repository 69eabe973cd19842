import { GodwitError } from '../../core/errors.js';
import { NUMERIC_LIMIT, parseCidr, wildcardPieces } from './leaf-values.js';
import type { AnythingBut, Bound, FieldNode, LeafNode, Matcher, ObjectNode, Scalar } from './pattern-ast.js';

/** EventBridge's limits: 4,096 characters of pattern, 1,000 combinations of `$or` alternatives. */
export const MAX_PATTERN_LENGTH = 4096;
export const MAX_OR_COMBINATIONS = 1000;

/** A pattern EventBridge would refuse, with its words: "Event pattern is not valid. Reason: …". */
export function invalidPattern(reason: string): GodwitError {
  return new GodwitError('E_EVENT_PATTERN_INVALID', `Event pattern is not valid. Reason: ${reason}`, {
    hint: 'Write the pattern as EventBridge documents it: a JSON object whose leaves are arrays of values or of matchers such as {"prefix": "…"}, {"numeric": [">", 0]}, {"exists": true}.',
  });
}

/** Parses and validates a pattern's JSON text (PutRule's EventPattern). */
export function parsePattern(text: string): ObjectNode {
  if (text.length > MAX_PATTERN_LENGTH)
    throw invalidPattern(`Pattern is ${text.length} characters long, more than ${MAX_PATTERN_LENGTH}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalidPattern((err as Error).message);
  }
  if (!isObject(json)) throw invalidPattern('Filter is not an object');
  const node = objectNode(json, '');
  const combinations = orCombinations(node);
  if (combinations > MAX_OR_COMBINATIONS)
    throw invalidPattern(`The $or combinations of the pattern are ${combinations}, more than ${MAX_OR_COMBINATIONS}`);
  return node;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function objectNode(json: Record<string, unknown>, path: string): ObjectNode {
  const keys = Object.keys(json);
  if (keys.length === 0)
    throw invalidPattern(path ? `Empty objects are not allowed: "${path}"` : 'Empty objects are not allowed');
  const fields: FieldNode[] = [];
  const ors: ObjectNode[][] = [];
  for (const name of keys) {
    const value = json[name];
    if (name === '$or' && Array.isArray(value) && value.some(isObject)) {
      ors.push(orAlternatives(value, path));
    } else if (isObject(value)) fields.push({ name, node: objectNode(value, path ? `${path}.${name}` : name) });
    else if (Array.isArray(value)) fields.push({ name, node: leafNode(value, name) });
    else throw invalidPattern(`"${name}" must be an object or an array`);
  }
  return { kind: 'object', fields, ors };
}

function orAlternatives(value: readonly unknown[], path: string): ObjectNode[] {
  if (value.length < 2) throw invalidPattern('There must have at least 2 elements in $or array');
  return value.map((alternative) => {
    if (!isObject(alternative)) throw invalidPattern('Elements of $or array must be objects');
    return objectNode(alternative, path);
  });
}

function leafNode(values: readonly unknown[], field: string): LeafNode {
  if (values.length === 0) throw invalidPattern(`Empty arrays are not allowed: "${field}"`);
  return { kind: 'leaf', matchers: values.map((v) => matcher(v, field)) };
}

function matcher(value: unknown, field: string): Matcher {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { kind: 'exact', value };
  if (typeof value === 'number') return { kind: 'exact', value };
  if (Array.isArray(value)) throw invalidPattern(`Match value must be String, number, true, false, or null: "${field}"`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) throw invalidPattern(`Only one key allowed in match expression: "${field}"`);
  const [kind, arg] = entries[0] as [string, unknown];
  return matchExpression(kind, arg);
}

function matchExpression(kind: string, arg: unknown): Matcher {
  switch (kind) {
    case 'prefix':
    case 'suffix':
      return affix(kind, arg);
    case 'equals-ignore-case':
      return { kind, value: stringArg(kind, arg) };
    case 'wildcard':
      return { kind, value: wildcardArg(arg) };
    case 'exists':
      if (typeof arg !== 'boolean') throw invalidPattern('exists match pattern must be either true or false.');
      return { kind, value: arg };
    case 'numeric':
      return numeric(arg);
    case 'cidr': {
      const cidr = parseCidr(stringArg(kind, arg));
      if (typeof cidr === 'string') throw invalidPattern(cidr);
      return { kind, value: cidr };
    }
    case 'anything-but':
      return { kind, not: anythingBut(arg) };
    default:
      throw invalidPattern(`Unrecognized match type ${kind}`);
  }
}

function stringArg(kind: string, arg: unknown): string {
  if (typeof arg !== 'string') throw invalidPattern(`${kind} match pattern must be a string`);
  return arg;
}

function wildcardArg(arg: unknown): string {
  const text = stringArg('wildcard', arg);
  const pieces = wildcardPieces(text);
  if (typeof pieces === 'string') throw invalidPattern(pieces);
  return text;
}

/** `{"prefix": "x"}` or `{"prefix": {"equals-ignore-case": "x"}}`, the same for suffix. */
function affix(kind: 'prefix' | 'suffix', arg: unknown): Matcher {
  if (isObject(arg)) {
    const entries = Object.entries(arg);
    if (entries.length !== 1 || entries[0]?.[0] !== 'equals-ignore-case')
      throw invalidPattern(`Unsupported ${kind} pattern: ${JSON.stringify(arg)}`);
    return { kind, value: stringArg('equals-ignore-case', entries[0][1]), ignoreCase: true };
  }
  return { kind, value: stringArg(kind, arg), ignoreCase: false };
}

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

function numeric(arg: unknown): Matcher {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0)
    throw invalidPattern('Value of numeric must be an array of operators and numbers');
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (let i = 0; i < arg.length; i += 2) {
    const [op, n] = [arg[i], arg[i + 1]];
    if (typeof op !== 'string' || !['=', ...LOWER, ...UPPER].includes(op))
      throw invalidPattern(`Unrecognized numeric range operator: ${JSON.stringify(op)}`);
    if (typeof n !== 'number') throw invalidPattern(`Value of ${op} must be numeric`);
    if (Math.abs(n) > NUMERIC_LIMIT) throw invalidPattern(`Value of ${op} must be between -5.0E9 and 5.0E9 inclusive: ${n}`);
    if (op === '=') {
      if (arg.length !== 2) throw invalidPattern('Numeric "=" must be the only operator in its range');
      return { kind: 'numeric', lower: { value: n, inclusive: true }, upper: { value: n, inclusive: true } };
    }
    if (LOWER.has(op)) {
      if (lower || upper) throw invalidPattern(`Bad numeric range: "${op}" must come first and only once`);
      lower = { value: n, inclusive: op === '>=' };
    } else {
      if (upper) throw invalidPattern(`Bad numeric range: "${op}" only once`);
      upper = { value: n, inclusive: op === '<=' };
    }
  }
  if (lower && upper && lower.value >= upper.value)
    throw invalidPattern('Bad numeric range: the bottom must be less than the top');
  return { kind: 'numeric', lower, upper };
}

function anythingBut(arg: unknown): AnythingBut {
  if (typeof arg === 'string' || typeof arg === 'number') return { kind: 'values', values: [arg] };
  if (Array.isArray(arg)) {
    if (arg.length === 0) throw invalidPattern('Empty arrays are not allowed in anything-but');
    const allStrings = arg.every((v) => typeof v === 'string');
    if (!allStrings && !arg.every((v) => typeof v === 'number'))
      throw invalidPattern('Inside anything-but list, the values must all be strings or all be numbers');
    return { kind: 'values', values: arg as (string | number)[] };
  }
  if (!isObject(arg) || Object.keys(arg).length !== 1)
    throw invalidPattern(
      'Value of anything-but must be an array or single string/number value, or one of prefix, suffix, wildcard, equals-ignore-case',
    );
  const [kind, inner] = Object.entries(arg)[0] as [string, unknown];
  if (kind === 'prefix' || kind === 'suffix') return { kind, value: stringArg(kind, inner) };
  if (kind === 'wildcard' || kind === 'equals-ignore-case') {
    const values = Array.isArray(inner) ? inner : [inner];
    if (values.length === 0) throw invalidPattern(`Empty arrays are not allowed in anything-but ${kind}`);
    return { kind, values: values.map((v) => (kind === 'wildcard' ? wildcardArg(v) : stringArg(kind, v))) };
  }
  throw invalidPattern(`Unsupported anything-but pattern: ${kind}`);
}

/** How many plain patterns the pattern's `$or`s multiply out to (EventBridge's 1,000 limit). */
function orCombinations(node: ObjectNode): number {
  let n = 1;
  for (const f of node.fields) if (f.node.kind === 'object') n *= orCombinations(f.node);
  for (const alternatives of node.ors) n *= alternatives.reduce((sum, alt) => sum + orCombinations(alt), 0);
  return n;
}

export type { Scalar };
