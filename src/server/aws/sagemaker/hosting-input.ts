import { AwsError } from '../aws-error.js';
import type { Input } from '../aws-input.js';

/**
 * Readers for the nested fields of SageMaker's hosting requests (lists of structures, numbers,
 * flags, string maps, tags), each answering a wrong JSON type with `ValidationException` naming
 * the field. Value rules (names, ranges, counts) are the endpoints library's.
 */
export function list(input: Input, field: string): Input[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
    throw wrongType(field, 'a list of structures');
  }
  return value as Input[];
}

export function struct(input: Input, field: string): Input | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(field, 'a structure');
  return value as Input;
}

export function optionalNumber(input: Input, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw wrongType(field, 'a number');
  return value;
}

export function optionalBoolean(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(field, 'a boolean');
  return value;
}

export function strings(input: Input, field: string): string[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw wrongType(field, 'a list of strings');
  return value as string[];
}

export function stringMap(input: Input, field: string): Record<string, string> | undefined {
  const value = struct(input, field);
  if (value && Object.values(value).some((v) => typeof v !== 'string')) throw wrongType(field, 'a map of strings');
  return value as Record<string, string> | undefined;
}

export function tags(input: Input): { Key: string; Value: string }[] {
  return list(input, 'Tags').map((t) => {
    if (typeof t.Key !== 'string' || (t.Value !== undefined && typeof t.Value !== 'string'))
      throw wrongType('Tags', 'Key/Value strings');
    return { Key: t.Key, Value: (t.Value as string | undefined) ?? '' };
  });
}

/** Fields Godwit cannot honour: refused by name, never silently dropped. */
export function refuse(input: Input, fields: readonly string[], action: string): void {
  const given = fields.filter((f) => input[f] !== undefined && input[f] !== null);
  if (given.length > 0) {
    throw new AwsError(
      'ValidationException',
      `Godwit's ${action} does not support ${given.join(', ')}; docs/server.md lists the supported fields.`,
    );
  }
}

function wrongType(field: string, what: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must be ${what}`,
  );
}
