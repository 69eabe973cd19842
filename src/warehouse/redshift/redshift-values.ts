/**
 * Values between Godwit and the Redshift Data API, which carries parameters as strings and
 * returns each field as one typed member (`longValue`, `doubleValue`, `stringValue`…), with
 * NUMERIC, DATE and TIMESTAMP as strings that the column's `typeName` says how to read.
 */
import type { Field, SqlParameter } from '@aws-sdk/client-redshift-data';
import { GodwitError } from '../../core/errors.js';
import type { SqlValue } from '../warehouse.js';

/** `Parameters` for ExecuteStatement: every name the SQL uses, its value as text. */
export function dataApiParameters(names: readonly string[], values: readonly SqlValue[]): SqlParameter[] {
  return names.map((name, i) => ({ name, value: parameterText(name, values[i]) }));
}

function parameterText(name: string, value: SqlValue): string {
  if (value === null || value instanceof Uint8Array) {
    // The Data API takes every parameter as a non-empty string; it has no NULL and no bytes.
    throw new GodwitError(
      'E_WAREHOUSE_UNSUPPORTED',
      `The parameter :${name} is ${value === null ? 'NULL' : 'bytes'}, which the Redshift Data API cannot carry.`,
      {
        hint:
          value === null
            ? 'Write NULL in the SQL instead of a parameter.'
            : 'Pass the bytes as a hex or base64 string and decode them in SQL.',
      },
    );
  }
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** One field as a JS value, read by its column's Redshift type. */
export function fieldValue(field: Field, typeName: string | undefined): unknown {
  if (field.isNull) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.blobValue !== undefined) return field.blobValue;
  const text = field.stringValue;
  if (text === undefined) return null;
  const type = (typeName ?? '').toLowerCase();
  if (type === 'numeric' || type === 'decimal') return Number(text);
  if (type === 'int8' && /^-?\d+$/.test(text)) return Number.isSafeInteger(Number(text)) ? Number(text) : BigInt(text);
  if (type === 'date') return new Date(`${text}T00:00:00Z`);
  if (type === 'timestamp') return new Date(`${text.replace(' ', 'T')}Z`);
  if (type === 'timestamptz') return new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return text;
}
