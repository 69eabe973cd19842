import jsonata from 'jsonata';
import type { Json } from '../asl-types.js';
import { StatesError } from '../states-error.js';
import { SFN_FUNCTIONS } from './sfn-functions.js';
import { FALL_BACK, readSimplePath, type SimplePath, simplePathOf } from './simple-path.js';

/**
 * One `{% … %}` expression of a JSONata state: compiled once per distinct text (a 10,000-item Map
 * evaluates the same `ItemSelector` 10,000 times), evaluated with `$states` and the workflow
 * variables bound, its result turned into plain JSON. Failures are `States.QueryEvaluationError`
 * with Step Functions' wording, naming the field the expression was written in
 * (`Arguments/Payload/id`, `Choices[1]/Condition`); the engine adds the state's name.
 */

/** Is `value` a JSONata expression string: exactly `{%` … `%}` with nothing around it? */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

/** The expression text between the delimiters, trimmed (what error messages quote). */
export function expressionBody(value: string): string {
  return value.slice(2, -2).trim();
}

/** Step Functions' evaluation bound: five seconds, as the `jsonata` library's own default. */
const OPTIONS = { timeout: 5000 };

interface Compiled {
  readonly expr: jsonata.Expression;
  /** Set when the expression is a variable and field names only, read without `jsonata`. */
  readonly path?: SimplePath;
}

const compiled = new Map<string, Compiled>();

function compiledOf(value: string): Compiled {
  let entry = compiled.get(value);
  if (entry === undefined) {
    const expr = jsonata(expressionBody(value), OPTIONS);
    for (const [name, fn] of Object.entries(SFN_FUNCTIONS)) expr.registerFunction(name, fn);
    entry = { expr, path: simplePathOf(expr.ast()) };
    compiled.set(value, entry);
  }
  return entry;
}

/** The compiled expression for a `{% %}` string; throws jsonata's syntax error (validation reports it first). */
export function compileExpression(value: string): jsonata.Expression {
  return compiledOf(value).expr;
}

/** What an expression reads: `$states` and the variables, by name without `$`. */
export type Bindings = Readonly<Record<string, unknown>>;

/** `States.QueryEvaluationError` for the expression `value` written in `field`, Step Functions' wording. */
export function queryError(value: string, field: string, detail: string): StatesError {
  return new StatesError(
    'States.QueryEvaluationError',
    `The JSONata expression '${expressionBody(value)}' specified for the field '${field}' ${detail}`,
  );
}

/**
 * Evaluates one expression string. `undefined` (JSON has no such value) fails as Step Functions
 * does: "returned nothing (undefined)".
 */
export async function evaluateExpression(value: string, bindings: Bindings, field: string): Promise<Json> {
  let entry: Compiled;
  try {
    entry = compiledOf(value);
  } catch (err) {
    throw queryError(value, field, `could not be parsed: ${describe(err)}`);
  }
  const direct = entry.path ? readSimplePath(entry.path, bindings) : FALL_BACK;
  if (direct !== FALL_BACK) {
    if (direct === undefined) throw queryError(value, field, 'returned nothing (undefined).');
    return direct;
  }
  let result: unknown;
  try {
    // No context item: Step Functions evaluates with `$` undefined; input is `$states.input`.
    result = await entry.expr.evaluate(undefined, bindings as Record<string, unknown>);
  } catch (err) {
    throw queryError(value, field, `threw an error during evaluation. ${describe(err)}`);
  }
  const json = toJson(result);
  if (json === undefined) throw queryError(value, field, 'returned nothing (undefined).');
  return json;
}

function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return typeof e?.code === 'string' ? `${e.code}: ${message}` : message;
}

const SEQUENCE_FLAGS = ['sequence', 'keepSingleton', 'tupleStream', 'outerWrapper'] as const;

/**
 * A JSONata result as plain JSON: its sequences lose their marker properties, functions and
 * `undefined` members are dropped (as `JSON.stringify` would), a non-finite number becomes the
 * string JavaScript names it by (Step Functions writes `1/0` as "Infinity"). A result that is
 * already plain is returned as is, without copying.
 */
export function toJson(value: unknown): Json | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      return undefined;
  }
  if (value === null) return null;
  if (Array.isArray(value)) return arrayToJson(value);
  return objectToJson(value as Record<string, unknown>);
}

function arrayToJson(array: readonly unknown[]): Json[] {
  const marked = SEQUENCE_FLAGS.some((flag) => flag in array);
  // A sequence is a fresh array jsonata built; a plain copy drops its marker properties.
  let out: Json[] | undefined = marked ? [] : undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const json = toJson(item);
    if (out === undefined && json === item && json !== undefined) continue;
    if (out === undefined) out = array.slice(0, i) as Json[];
    if (json !== undefined) out.push(json);
  }
  return (out ?? array) as Json[];
}

function objectToJson(object: Record<string, unknown>): Json {
  // jsonata builds objects without a prototype (its guard against prototype pollution): copy
  // those into plain objects so outputs compare and serialise like any other JSON.
  let out: Record<string, Json> | undefined = Object.getPrototypeOf(object) === Object.prototype ? undefined : {};
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const item = object[key];
    const json = toJson(item);
    if (out === undefined && json === item && json !== undefined) continue;
    if (out === undefined) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = object[keys[j]] as Json;
    }
    if (json !== undefined) out[key] = json;
  }
  return (out ?? object) as Json;
}
