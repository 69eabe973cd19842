/**
 * How PostgreSQL values become JavaScript ones, and how its type OIDs are named in `Column.type`.
 * 64-bit integers are numbers while exact (a `bigint` beyond 2^53), NUMERIC a number (as the
 * metadata database reads it; a value needing more than a double's 15–17 digits loses them,
 * so cast it to text to keep them); dates and timestamps are `Date`s, as `pg` reads them.
 */
import type pg from 'pg';
import { loadPg } from '../../db/load-pg.js';

const { types: pgTypes } = await loadPg();

const INT8 = 20;
const NUMERIC = 1700;

/** Type names of the OIDs most results hold; others are looked up in pg_type once. */
export const TYPE_NAMES: Readonly<Record<number, string>> = {
  16: 'boolean',
  17: 'bytea',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  114: 'json',
  700: 'real',
  701: 'double precision',
  1042: 'character',
  1043: 'character varying',
  1082: 'date',
  1083: 'time without time zone',
  1114: 'timestamp without time zone',
  1184: 'timestamp with time zone',
  1186: 'interval',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
};

export function parserFor(oid: number, format?: string): (value: string) => unknown {
  if (oid === INT8) return int8;
  if (oid === NUMERIC) return Number;
  return pgTypes.getTypeParser(oid, format as 'text');
}

function int8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** DuckDB's type for a PostgreSQL OID, for writing Parquet with the query's own types. */
export function duckdbTypeOf(oid: number): string {
  switch (oid) {
    case 16:
      return 'BOOLEAN';
    case 20:
      return 'BIGINT';
    case 21:
      return 'SMALLINT';
    case 23:
      return 'INTEGER';
    case 700:
      return 'FLOAT';
    case 701:
    case 1700:
      return 'DOUBLE';
    case 1082:
      return 'DATE';
    case 1114:
      return 'TIMESTAMP';
    case 1184:
      return 'TIMESTAMPTZ';
    default:
      return 'VARCHAR';
  }
}

/** PostgreSQL's type for a DuckDB column type, for a table COPY creates from its data. */
export function postgresTypeOf(duckdbType: string): string {
  const t = duckdbType.toUpperCase();
  if (/^(BIGINT|INTEGER|SMALLINT|BOOLEAN|DATE|REAL|DOUBLE PRECISION)$/.test(t)) return t;
  if (t === 'TINYINT' || t === 'UTINYINT' || t === 'USMALLINT') return 'INTEGER';
  if (t === 'UINTEGER' || t === 'UBIGINT' || t === 'HUGEINT') return 'NUMERIC';
  if (t === 'DOUBLE') return 'DOUBLE PRECISION';
  if (t === 'FLOAT') return 'REAL';
  if (t.startsWith('DECIMAL')) return t.replace('DECIMAL', 'NUMERIC');
  if (t === 'TIMESTAMP' || t === 'TIMESTAMP_NS' || t === 'TIMESTAMP_MS' || t === 'TIMESTAMP_S') return 'TIMESTAMP';
  if (t === 'TIMESTAMP WITH TIME ZONE' || t === 'TIMESTAMPTZ') return 'TIMESTAMPTZ';
  if (t === 'BLOB') return 'BYTEA';
  return 'TEXT';
}

/**
 * A query with its parameters' types. `pg` reads a query's `types` both as the Parse message's
 * parameter OIDs (an array) and as the row parser (`getTypeParser`), so the array carries both.
 */
export function typedQuery(text: string, values: readonly unknown[], types: readonly number[]): pg.QueryConfig {
  if (!types.some((t) => t !== 0)) return { text, values: [...values] };
  const both = Object.assign([...types], { getTypeParser: parserFor });
  return { text, values: [...values], types: both as never };
}
