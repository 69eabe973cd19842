/**
 * The IR of a `sql` step: SQL statements run on a warehouse, the tables they write and read, and
 * the datasets they unload. Part of the pipeline IR (`ir.ts` re-exports it); the JSON Schema is
 * `ir.schema.json` like every other step's.
 */
import type { OutputSpec, StepBase, Value } from './ir.js';

/** The SQL dialects a sql step is written in; the warehouse runs it directly or through its dialect front end. */
export type SqlDialect = 'redshift' | 'bigquery' | 'duckdb' | 'postgres';
export const SQL_DIALECTS: readonly SqlDialect[] = ['redshift', 'bigquery', 'duckdb', 'postgres'];

/** File formats an unloaded dataset is written in (Redshift UNLOAD, BigQuery EXPORT DATA). */
export type SqlDataFormat = 'csv' | 'parquet' | 'jsonl';
export const SQL_DATA_FORMATS: readonly SqlDataFormat[] = ['csv', 'parquet', 'jsonl'];

/**
 * A table a sql step's statements write (CTAS, INSERT, a materialized view), named so later sql
 * steps can read it. `table` is `table`, `schema.table` or (BigQuery) `project.dataset.table`,
 * each part a plain identifier. A table has no digest: a step with one is never cached.
 */
export interface SqlTableOutput {
  readonly name: string;
  readonly table: string;
}

/**
 * A table output of another sql step (`features.table('features')` in the DSL). The SQL names
 * the table itself; the reference orders the steps and puts the table's version into the
 * reading step's cache key.
 */
export interface StepTableRef {
  readonly kind: 'StepTable';
  readonly step: string;
  readonly table: string;
}

/** A table a sql step reads: another step's table output, or a table by its name (`raw.events`). */
export interface SqlTableInput {
  readonly name: string;
  readonly table: string | StepTableRef;
}

/**
 * A query's result written as files (UNLOAD / EXPORT DATA) and stored as an ordinary dataset
 * artifact, with a digest: training and processing steps read it with `step.output(name)`.
 * `unload` is a select statement, or `{ table }` for the whole of a table.
 */
export interface SqlUnloadOutput extends OutputSpec {
  readonly type: 'dataset';
  readonly unload: string | { readonly table: string };
  readonly format: SqlDataFormat;
  /** CSV only: the first line holds the column names. Default true. */
  readonly header?: boolean;
}

/**
 * SQL statements run in order on a warehouse. `statements` (inline) or `file` (a `.sql` file
 * relative to the pipeline file) holds them; `params` are bound as query parameters (`:name` in
 * Redshift and PostgreSQL, `@name` in BigQuery, `$name` in DuckDB), never pasted into the text.
 *
 * ```yaml
 * - name: features
 *   type: sql
 *   dialect: redshift
 *   file: sql/features.sql
 *   params: { since: { kind: Parameter, name: since } }
 *   reads: [{ name: events, table: raw.events }]
 *   tables: [{ name: features, table: analytics.features }]
 *   outputs: [{ name: train, type: dataset, unload: "select * from analytics.features", format: csv }]
 * ```
 */
export interface SqlStep extends StepBase {
  readonly type: 'sql';
  readonly dialect: SqlDialect;
  readonly statements?: string;
  readonly file?: string;
  /** A warehouse named in the configuration; default: its `defaultWarehouse`. */
  readonly warehouse?: string;
  readonly params?: Readonly<Record<string, Value>>;
  readonly reads?: readonly SqlTableInput[];
  readonly tables: readonly SqlTableOutput[];
  readonly outputs: readonly SqlUnloadOutput[];
}
