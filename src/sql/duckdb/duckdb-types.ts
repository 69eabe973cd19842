/**
 * Redshift and BigQuery column and cast types → DuckDB.
 *
 * | Redshift | BigQuery | DuckDB |
 * | --- | --- | --- |
 * | SMALLINT / INTEGER / BIGINT (INT2/4/8) | INT64 (INT, BYTEINT…) | SMALLINT / INTEGER / BIGINT; INT64 → BIGINT |
 * | REAL (FLOAT4) / DOUBLE PRECISION (FLOAT8, FLOAT) | FLOAT64 | REAL / DOUBLE |
 * | DECIMAL(p,s), bare DECIMAL = (18,0) | NUMERIC(p,s), bare = (38,9); BIGNUMERIC(p≤38,s) | DECIMAL(p,s) |
 * | BOOLEAN (BOOL) | BOOL | BOOLEAN |
 * | CHAR(n), VARCHAR(n), TEXT, NVARCHAR… | STRING, STRING(n) | VARCHAR (no length limit) |
 * | DATE, TIME, TIMETZ | DATE, TIME | DATE, TIME, TIMETZ |
 * | TIMESTAMP / TIMESTAMPTZ | DATETIME / TIMESTAMP | TIMESTAMP / TIMESTAMPTZ; BigQuery's TIMESTAMP → TIMESTAMP holding UTC |
 * | SUPER | JSON | JSON |
 * | VARBYTE (VARBINARY) | BYTES | BLOB |
 * | — | ARRAY<T>, STRUCT<a T> | T[], STRUCT(a T) |
 *
 * Refused (a human decides): GEOMETRY / GEOGRAPHY (no spatial extension offline), a bare
 * BIGNUMERIC (76 digits; DuckDB decimals hold 38), HLLSKETCH, INTERVAL from Redshift.
 */
import { BIGQUERY } from '../bigquery/bigquery-dialect.js';
import { tokenize } from '../sql-tokens.js';
import { parseType, type SqlType, type TypeNote } from '../sql-types.js';

const REDSHIFT: Readonly<Record<string, string>> = {
  SMALLINT: 'SMALLINT',
  INT2: 'SMALLINT',
  INTEGER: 'INTEGER',
  INT: 'INTEGER',
  INT4: 'INTEGER',
  BIGINT: 'BIGINT',
  INT8: 'BIGINT',
  REAL: 'REAL',
  FLOAT4: 'REAL',
  FLOAT8: 'DOUBLE',
  FLOAT: 'DOUBLE',
  'DOUBLE PRECISION': 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  CHAR: 'VARCHAR',
  CHARACTER: 'VARCHAR',
  NCHAR: 'VARCHAR',
  BPCHAR: 'VARCHAR',
  VARCHAR: 'VARCHAR',
  NVARCHAR: 'VARCHAR',
  'CHARACTER VARYING': 'VARCHAR',
  TEXT: 'VARCHAR',
  DATE: 'DATE',
  TIME: 'TIME',
  'TIME WITHOUT TIME ZONE': 'TIME',
  TIMETZ: 'TIMETZ',
  'TIME WITH TIME ZONE': 'TIMETZ',
  TIMESTAMP: 'TIMESTAMP',
  'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP',
  TIMESTAMPTZ: 'TIMESTAMPTZ',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMPTZ',
  SUPER: 'JSON',
  VARBYTE: 'BLOB',
  VARBINARY: 'BLOB',
  'BINARY VARYING': 'BLOB',
};

const BIG_QUERY: Readonly<Record<string, string>> = {
  INT64: 'BIGINT',
  INT: 'BIGINT',
  INTEGER: 'BIGINT',
  BIGINT: 'BIGINT',
  SMALLINT: 'BIGINT',
  TINYINT: 'BIGINT',
  BYTEINT: 'BIGINT',
  FLOAT64: 'DOUBLE',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  DATE: 'DATE',
  TIME: 'TIME',
  DATETIME: 'TIMESTAMP',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
  INTERVAL: 'INTERVAL',
};

export function redshiftTypeToDuckDB(type: SqlType, note: TypeNote): string {
  if (type.name === 'DECIMAL' || type.name === 'NUMERIC') return `DECIMAL(${decimalArgs(type, '18', '0')})`;
  return mapped(REDSHIFT[type.name], type, note, 'Redshift');
}

export function bigQueryTypeToDuckDB(type: SqlType, note: TypeNote): string {
  if (type.name === 'NUMERIC' || type.name === 'DECIMAL') return `DECIMAL(${decimalArgs(type, '38', '9')})`;
  if ((type.name === 'BIGNUMERIC' || type.name === 'BIGDECIMAL') && Number(type.args[0]) <= 38)
    return `DECIMAL(${decimalArgs(type, '38', '9')})`;
  if (type.name === 'ARRAY' && type.args.length === 1) return `${inner(type.args[0], note)}[]`;
  if (type.name === 'STRUCT') {
    const fields = type.args.map((a) => {
      const m = /^(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/s.exec(a);
      if (!m) note('human', `the STRUCT field ${a} has no name: DuckDB structs name every field.`);
      return m ? `"${m[1].replace(/`/g, '')}" ${inner(m[2], note)}` : a;
    });
    return `STRUCT(${fields.join(', ')})`;
  }
  return mapped(BIG_QUERY[type.name], type, note, 'BigQuery');
}

/** `DECIMAL(p, s)` arguments with the dialect's defaults for what is left out. */
function decimalArgs(type: SqlType, precision: string, scale: string): string {
  return `${type.args[0] ?? precision}, ${type.args[1] ?? (type.args.length === 0 ? scale : '0')}`;
}

function inner(text: string, note: TypeNote): string {
  const parsed = parseType(tokenize(text, BIGQUERY), 0);
  if (!parsed) {
    note('human', `the type ${text} could not be read.`);
    return text;
  }
  return bigQueryTypeToDuckDB(parsed.type, note);
}

function mapped(out: string | undefined, type: SqlType, note: TypeNote, from: string): string {
  if (out === undefined) note('human', `the ${from} type ${type.text} has no DuckDB equivalent Godwit knows.`);
  return out ?? type.text;
}
