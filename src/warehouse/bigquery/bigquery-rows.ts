/**
 * BigQuery's row shape (`{f: [{v}]}` cells, values as strings, nested for RECORD and REPEATED)
 * turned into the plain JS values every warehouse returns (`warehouse.ts`), by the schema the
 * response carries:
 *
 * | BigQuery type | JavaScript |
 * | --- | --- |
 * | INT64 / INTEGER | `number`, or `bigint` beyond ±2^53 (never a rounded number) |
 * | FLOAT64 / FLOAT, NUMERIC, BIGNUMERIC | `number` (`NaN`, `Infinity` included) |
 * | BOOL / BOOLEAN | `boolean` |
 * | TIMESTAMP | `Date` (microseconds beyond the millisecond are dropped) |
 * | DATE, DATETIME | `Date` at that civil time in UTC |
 * | TIME, GEOGRAPHY, JSON, STRING, INTERVAL | `string` as BigQuery writes it |
 * | BYTES | `Buffer` (a `Uint8Array`) |
 * | RECORD / STRUCT | object; REPEATED fields are arrays |
 *
 * SQL NULL is `null`.
 */
import type { Column, Row } from '../warehouse.js';

export interface SchemaField {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly fields?: readonly SchemaField[];
}

interface Cell {
  readonly v: unknown;
}

export function columnsOf(fields: readonly SchemaField[] = []): Column[] {
  return fields.map((f) => ({ name: f.name, type: f.mode === 'REPEATED' ? `ARRAY<${f.type}>` : f.type }));
}

export function rowsOf(fields: readonly SchemaField[] = [], rows: readonly { f: readonly Cell[] }[] = []): Row[] {
  return rows.map((r) => record(fields, r));
}

function record(fields: readonly SchemaField[], row: { f: readonly Cell[] }): Row {
  const out: Record<string, unknown> = {};
  fields.forEach((field, i) => {
    out[field.name] = fieldValue(field, row.f[i]?.v);
  });
  return out;
}

function fieldValue(field: SchemaField, v: unknown): unknown {
  if (v === null || v === undefined) return field.mode === 'REPEATED' ? [] : null;
  if (field.mode === 'REPEATED') return (v as Cell[]).map((item) => scalar(field, item.v));
  return scalar(field, v);
}

function scalar(field: SchemaField, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (field.type === 'RECORD' || field.type === 'STRUCT') return record(field.fields ?? [], v as { f: Cell[] });
  const text = String(v);
  switch (field.type) {
    case 'INTEGER':
    case 'INT64': {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : BigInt(text);
    }
    case 'FLOAT':
    case 'FLOAT64':
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return Number(text);
    case 'BOOLEAN':
    case 'BOOL':
      return text === 'true';
    case 'TIMESTAMP':
      return timestamp(text);
    case 'DATE':
      return new Date(`${text}T00:00:00Z`);
    case 'DATETIME':
      return new Date(`${text}Z`);
    case 'BYTES':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}

// With `formatOptions.useInt64Timestamp` (the client's default) a TIMESTAMP is microseconds since
// the epoch; without it, seconds as a float ("1.7e9").
function timestamp(text: string): Date {
  return /^-?\d+$/.test(text) ? new Date(Number(BigInt(text) / 1000n)) : new Date(Number(text) * 1000);
}
