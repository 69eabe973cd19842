/**
 * BigQuery ML's SQL on DuckDB. An ML.* result travels as one JSON parameter that DuckDB unpacks
 * with `from_json` into typed columns (lists and structs as DuckDB LISTs and STRUCTs), so the
 * surrounding query runs in DuckDB on real columns and nothing is written to the database.
 */
import type { Column } from '../warehouse.js';
import { type BqmlSql, type MlResult, rowsJson, upsertSql } from './bqml-sql.js';

const param = (name: string) => `$${name}`;

export const DUCKDB_BQML: BqmlSql = {
  param,
  inject(result: MlResult, name: string) {
    const structure = JSON.stringify([Object.fromEntries(result.columns.map((c) => [c.name, c.type]))]).replace(/'/g, "''");
    const sql = `(SELECT unnest(godwit_ml_row) FROM (SELECT unnest(from_json(${param(name)}::JSON, '${structure}')) AS godwit_ml_row))`;
    return { sql, value: rowsJson(result) };
  },
  column: (column: Column) => column,
  double: 'DOUBLE',
  text: 'VARCHAR',
  quantiles: (x, qs) => `quantile_cont(${x}, [${qs.map((q) => `CAST(${q} AS DOUBLE)`).join(', ')}])::DOUBLE[]`,
  upsertModel: upsertSql(param),
};
