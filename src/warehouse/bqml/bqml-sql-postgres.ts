/**
 * BigQuery ML's SQL on PostgreSQL. An ML.* result travels as one JSON parameter that PostgreSQL
 * unpacks with `jsonb_to_recordset(:p::jsonb) AS r(col type, …)` into typed columns, so ORDER BY,
 * WHERE and joins over the result run in PostgreSQL. PostgreSQL has no anonymous structs: a
 * list or struct column (`predicted_<label>_probs`, `category_weights`) is `jsonb`. Result
 * columns are named in lower case, as PostgreSQL folds the unquoted names a query uses
 * (`CENTROID_ID` is `centroid_id`; BigQuery's names are case-insensitive too).
 */
import { quoteIdentifier } from '../identifiers.js';
import type { Column } from '../warehouse.js';
import { type BqmlSql, type JsonType, type MlResult, rowsJson, upsertSql } from './bqml-sql.js';

const param = (name: string) => `:${name}`;

/** DuckDB's names (bqml's) → PostgreSQL's. */
const TO_POSTGRES: Readonly<Record<string, string>> = {
  VARCHAR: 'text',
  DOUBLE: 'double precision',
  FLOAT: 'real',
  BIGINT: 'bigint',
  INTEGER: 'integer',
  SMALLINT: 'smallint',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
};

/** PostgreSQL's names → DuckDB's; NUMERIC reads as a double (postgres-types.ts), so it is DOUBLE. */
const FROM_POSTGRES: Readonly<Record<string, string>> = {
  text: 'VARCHAR',
  'character varying': 'VARCHAR',
  character: 'VARCHAR',
  'double precision': 'DOUBLE',
  numeric: 'DOUBLE',
  real: 'FLOAT',
  bigint: 'BIGINT',
  integer: 'INTEGER',
  smallint: 'SMALLINT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  'timestamp without time zone': 'TIMESTAMP',
  'timestamp with time zone': 'TIMESTAMP WITH TIME ZONE',
};

function postgresType(type: JsonType): string {
  return typeof type === 'string' ? (TO_POSTGRES[type.toUpperCase()] ?? type) : 'jsonb';
}

const lower = (name: string) => name.toLowerCase();

export const POSTGRES_BQML: BqmlSql = {
  param,
  inject(result: MlResult, name: string) {
    const defs = result.columns.map((c) => `${quoteIdentifier(lower(c.name))} ${postgresType(c.type)}`);
    const sql = `(SELECT * FROM jsonb_to_recordset(${param(name)}::jsonb) AS godwit_ml_row(${defs.join(', ')}))`;
    return { sql, value: rowsJson(result, lower) };
  },
  column: (column: Column) => ({ ...column, type: FROM_POSTGRES[column.type] ?? column.type.toUpperCase() }),
  double: 'double precision',
  text: 'text',
  quantiles: (x, qs) =>
    `percentile_cont(ARRAY[${qs.map((q) => `CAST(${q} AS double precision)`).join(', ')}]) WITHIN GROUP (ORDER BY ${x})`,
  upsertModel: upsertSql(param),
};
