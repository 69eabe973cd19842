/**
 * Structural check of a pipeline IR against `ir.schema.json`, with ajv's errors turned into
 * problems a person can act on: `step "train", hyperparameter: unknown field "hyperparameter".
 * Did you mean "hyperparameters"?` rather than `/steps/1 must NOT have unevaluated properties`.
 *
 * The schema checks shape only (fields, types, closed vocabularies); value rules live in the
 * semantic checks (validate-*.ts) so that one run reports every problem at once.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import type { Problem } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import schemaJson from './ir.schema.json' with { type: 'json' };
import { validate as generated } from './ir-validator.generated.js';
import { describeValue } from './validate-format.js';

/** The JSON Schema (draft 2020-12) of the pipeline IR, e.g. for editors or `godwit schema`. */
export const IR_SCHEMA: Readonly<Record<string, unknown>> = schemaJson;

/**
 * The schema compiled by Ajv at build time (scripts/generate-ir-validator.ts): importing Ajv and
 * compiling the schema cost 200–350 ms on every command; the generated code costs neither.
 */
const validate = generated as unknown as ValidateFunction;

/** Every structural problem of `ir`, or an empty list when its shape matches the schema. */
export function checkStructure(ir: unknown): Problem[] {
  if (validate(ir)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const err of validate.errors ?? []) {
    const problem = toProblem(err, ir);
    if (!problem) continue;
    const key = `${problem.step}\u0000${problem.field}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** Arrays whose items are named, so a path reads `inputs.raw.source` instead of `inputs[0].source`. */
const NAMED_ARRAYS = new Set(['parameters', 'inputs', 'outputs', 'propertyFiles']);

interface Location {
  readonly step?: string;
  /** Path segments, already formatted (`inputs.raw`, `args[0]`). */
  readonly parts: string[];
}

function locate(root: unknown, instancePath: string): Location {
  const segments = instancePath === '' ? [] : instancePath.slice(1).split('/').map(unescapePointer);
  let parts: string[] = [];
  let step: string | undefined;
  let current: unknown = root;
  let parentKey = '';
  for (const [i, segment] of segments.entries()) {
    const container = current;
    if (Array.isArray(container)) {
      const item: unknown = container[Number(segment)];
      const name = nameOf(item);
      if (i === 1 && segments[0] === 'steps' && name !== undefined) {
        step = name;
        parts = [];
      } else if (NAMED_ARRAYS.has(parentKey) && name !== undefined) parts.push(`.${name}`);
      else parts.push(`[${segment}]`);
      current = item;
    } else {
      parts.push(`.${segment}`);
      current = isObject(container) ? container[segment] : undefined;
    }
    parentKey = segment;
  }
  return { step, parts };
}

function fieldOf(loc: Location, extra?: string): string {
  const parts = extra === undefined ? loc.parts : [...loc.parts, `.${extra}`];
  const field = parts.join('').replace(/^\./, '');
  return field === '' ? 'pipeline' : field;
}

function toProblem(err: ErrorObject, root: unknown): Problem | undefined {
  const loc = locate(root, err.instancePath);
  const at = (field: string, message: string): Problem => (loc.step ? { step: loc.step, field, message } : { field, message });
  switch (err.keyword) {
    case 'if':
      // "must match then schema" only echoes the errors reported from inside the branch.
      return undefined;
    case 'required': {
      const missing = String(err.params.missingProperty);
      const spec = propertySchema(err.parentSchema, missing);
      let message = `required field "${missing}" is missing.`;
      if (spec?.type === 'array' || spec?.$ref === '#/$defs/inputs' || spec?.$ref === '#/$defs/outputs')
        message += ` Write \`${missing}: []\` for none.`;
      if (Array.isArray(spec?.enum)) message += ` One of: ${spec.enum.join(', ')}.`;
      return at(fieldOf(loc, missing), message);
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(err.params.additionalProperty ?? err.params.unevaluatedProperty);
      const allowed = allowedFields(err.parentSchema);
      return at(fieldOf(loc, key), `unknown field "${key}".${didYouMean(key, allowed)} Valid fields: ${allowed.join(', ')}.`);
    }
    case 'type':
      return at(fieldOf(loc), `must be ${typePhrase(err.params.type)}, found ${describeValue(err.data)}.`);
    case 'enum':
      return at(fieldOf(loc), enumMessage(err));
    case 'const':
      return at(fieldOf(loc), `must be ${JSON.stringify(err.params.allowedValue)}, found ${describeValue(err.data)}.`);
    default:
      return at(fieldOf(loc), `${err.message ?? 'is invalid'}.`);
  }
}

/**
 * The closed vocabularies that dispatch a node, named in messages about an unknown value. Compared
 * by content: the generated validator reports copies of the schema's objects, not the objects.
 */
function enumNoun(schema: unknown): string | undefined {
  const defs = schemaJson.$defs;
  if (isDeepStrictEqual(schema, defs.step.properties.type)) return 'step type';
  if (isDeepStrictEqual(schema, defs.ref.properties.kind)) return 'reference kind';
  if (isDeepStrictEqual(schema, defs.condition.properties.op)) return 'condition operator';
  return undefined;
}

function enumMessage(err: ErrorObject): string {
  const allowed = (err.params.allowedValues as unknown[]).map(String);
  const value = err.data;
  const noun = enumNoun(err.parentSchema);
  const found = typeof value === 'string' ? `"${value}"` : describeValue(value);
  const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
  if (noun) return `unknown ${noun} ${found}.${hint} Valid ${noun}s: ${allowed.join(', ')}.`;
  return `must be one of ${allowed.join(', ')}; found ${found}.${hint}`;
}

function typePhrase(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  // Only the `value` definition mixes objects with scalars, and there the object is a reference.
  const objectIs = types.includes('string') ? 'a reference ({ kind: ... })' : 'an object';
  const phrases = types.map((t) =>
    t === 'object' ? objectIs : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`,
  );
  return phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join(', ')} or ${phrases.at(-1)}`;
}

/** Field names a schema object accepts, following local `$ref`s and `allOf` (the step base). */
function allowedFields(schema: AnySchemaObject | undefined): string[] {
  const names = new Set<string>();
  const visit = (s: unknown) => {
    if (!isObject(s)) return;
    if (typeof s.$ref === 'string') visit(resolveRef(s.$ref));
    if (Array.isArray(s.allOf)) for (const sub of s.allOf) visit(sub);
    if (isObject(s.properties)) for (const k of Object.keys(s.properties)) names.add(k);
  };
  visit(schema);
  return [...names];
}

function propertySchema(schema: AnySchemaObject | undefined, name: string): Record<string, unknown> | undefined {
  const props = schema?.properties;
  const spec = isObject(props) ? props[name] : undefined;
  if (!isObject(spec)) return undefined;
  return typeof spec.$ref === 'string' ? { ...resolveRef(spec.$ref), $ref: spec.$ref } : spec;
}

function resolveRef(ref: string): Record<string, unknown> | undefined {
  const prefix = '#/$defs/';
  if (!ref.startsWith(prefix)) return undefined;
  const def = (schemaJson.$defs as Record<string, unknown>)[ref.slice(prefix.length)];
  return isObject(def) ? def : undefined;
}

function nameOf(v: unknown): string | undefined {
  return isObject(v) && typeof v.name === 'string' && v.name !== '' ? v.name : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}
