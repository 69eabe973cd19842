/**
 * `root.inputDefinitions.parameters` → pipeline parameters, the inverse of
 * src/compile/kfp/kfp-parameters.ts: `neighbors: { parameterType: NUMBER_INTEGER, defaultValue: 3.0 }`
 * → `{ name: neighbors, type: integer, default: 3 }`. The older `type: INT | DOUBLE | STRING`
 * form reads the same. Lists and structs have no IR type and are refused.
 */
import type { ParameterSpec, ParameterType, ParameterValue } from '../../pipeline/ir.js';
import { isObject, type Json, objectAt, refuse, type Where } from './kfp-document.js';

const TYPES: Readonly<Record<string, ParameterType>> = {
  STRING: 'string',
  NUMBER_INTEGER: 'integer',
  INT: 'integer',
  NUMBER_DOUBLE: 'float',
  DOUBLE: 'float',
  BOOLEAN: 'boolean',
};

export function rootParameters(where: Where, root: Json): ParameterSpec[] {
  const defs = objectAt(where, root.inputDefinitions, 'root.inputDefinitions');
  if (Object.keys(objectAt(where, defs.artifacts, 'root.inputDefinitions.artifacts')).length > 0) {
    throw refuse(
      where,
      `the pipeline takes input artifacts (${Object.keys(defs.artifacts as Json).join(', ')}); Godwit pipelines take parameters.`,
      'Take the artifact URI as a string parameter and bring it in with dsl.importer.',
    );
  }
  return Object.entries(objectAt(where, defs.parameters, 'root.inputDefinitions.parameters')).map(([name, def]) =>
    parameter(where, name, objectAt(where, def, `root.inputDefinitions.parameters.${name}`)),
  );
}

function parameter(where: Where, name: string, def: Json): ParameterSpec {
  const kfpType = String(def.parameterType ?? def.type);
  const type = TYPES[kfpType];
  if (!type) {
    throw refuse(
      where,
      `parameter "${name}" is of type ${kfpType}, which Godwit parameters do not have (string, integer, float, boolean).`,
      'Pass lists and structs as a JSON string parameter.',
    );
  }
  const value = def.defaultValue;
  let dflt: ParameterValue | undefined;
  if (value !== undefined && value !== null) {
    dflt = defaultOf(type, value);
    if (dflt === undefined)
      throw refuse(where, `parameter "${name}" (${kfpType}) has the default ${JSON.stringify(value)}, not of its type.`);
  }
  return {
    name,
    type,
    ...(dflt !== undefined ? { default: dflt } : {}),
    ...(typeof def.description === 'string' && def.description !== '' ? { description: def.description } : {}),
  };
}

/** The default in the parameter's type; an integer written `3.0` (as PyYAML writes it) is 3. */
function defaultOf(type: ParameterType, v: unknown): ParameterValue | undefined {
  const inner = isObject(v) ? (v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue) : v;
  if (type === 'string') return typeof inner === 'string' ? inner : undefined;
  if (type === 'boolean') return typeof inner === 'boolean' ? inner : undefined;
  const n = typeof inner === 'string' && inner.trim() !== '' ? Number(inner) : inner;
  if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
  return type === 'integer' && !Number.isInteger(n) ? undefined : n;
}
