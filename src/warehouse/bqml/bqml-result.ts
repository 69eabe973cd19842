/**
 * An ML.* function's result (its columns and rows; the types are in bqml-sql.ts), and DuckDB's
 * way of putting rows into a query for callers outside a warehouse front end — the export's
 * scorer runs a TRANSFORM over rows that arrive at an endpoint. Inside the BigQuery front end the
 * engine's `BqmlSql.inject` does this, on DuckDB or PostgreSQL.
 */

import { type MlResult, rowsJson } from './bqml-sql.js';
import { DUCKDB_BQML } from './bqml-sql-duckdb.js';

export type { JsonType, MlResult, ResultColumn } from './bqml-sql.js';

/** A DuckDB subquery yielding the result's rows, reading them from parameter `$param`. */
export function resultSubquery(result: MlResult, param: string): string {
  return DUCKDB_BQML.inject(result, param).sql;
}

/** The parameter's value: the rows as JSON (dates as dates, big integers exact). */
export function resultJson(result: MlResult): string {
  return rowsJson(result);
}
