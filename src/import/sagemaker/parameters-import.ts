/** Pipeline `Parameters` as IR parameters: String, Integer, Float and Boolean with their defaults. */

import type { ParameterSpec, ParameterType, ParameterValue } from '../../pipeline/ir.js';
import { matchesType } from '../../pipeline/validate-names.js';
import { type ImportContext, importError } from './import-context.js';
import { describe, isObject, reqString } from './json-fields.js';

const TYPES: Readonly<Record<string, ParameterType>> = {
  String: 'string',
  Integer: 'integer',
  Float: 'float',
  Boolean: 'boolean',
};

export function importParameters(list: unknown, ctx: ImportContext): ParameterSpec[] {
  if (list === undefined) return [];
  if (!Array.isArray(list))
    throw importError(
      { field: 'Parameters' },
      `expected a list, found ${describe(list)}`,
      'Parameters lists {Name, Type, DefaultValue}.',
    );
  return list.map((raw, i) => {
    const at = { field: `Parameters[${i}]` };
    if (!isObject(raw))
      throw importError(at, `expected an object, found ${describe(raw)}`, 'A parameter is {Name, Type, DefaultValue}.');
    const name = reqString(raw, 'Name', at);
    const typeName = reqString(raw, 'Type', at);
    const type = TYPES[typeName];
    if (!type)
      throw importError(
        { field: `Parameters[${i}].Type` },
        `parameter "${name}" has type "${typeName}"`,
        'Use String, Integer, Float or Boolean.',
      );
    if (raw.EnumValues !== undefined)
      ctx.note(
        undefined,
        'EnumValues',
        'dropped',
        `parameter "${name}" accepts any ${type}: Godwit checks types, not lists of values`,
      );
    if (raw.DefaultValue === undefined || raw.DefaultValue === null) return { name, type };
    return { name, type, default: defaultValue(raw.DefaultValue, type, name, i) };
  });
}

function defaultValue(value: unknown, type: ParameterType, name: string, i: number): ParameterValue {
  // The validator's own rule (safe integers, finite floats), so an import never makes an IR it refuses.
  if (!matchesType(type, value as ParameterValue)) {
    throw importError(
      { field: `Parameters[${i}].DefaultValue` },
      `${describe(value)} is not a ${type} default for parameter "${name}"`,
      `Give a ${type} default or change the Type.`,
    );
  }
  return value as ParameterValue;
}
