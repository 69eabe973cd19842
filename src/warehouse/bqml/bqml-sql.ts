/**
 * What BigQuery ML's SQL needs from the engine warehouse it runs on, and nothing else: how a
 * parameter is written, how an ML.* result is put into a query, the type names, the upsert of a
 * model and the TRANSFORM's statistics. Everything else (training, scoring, the functions'
 * columns) is the same code on every engine. Two implementations: DuckDB
 * (`bqml-sql-duckdb.ts`) and PostgreSQL (`bqml-sql-postgres.ts`).
 *
 * Types are described in DuckDB's names (`VARCHAR`, `DOUBLE`, `BIGINT`, `BOOLEAN`, a list or a
 * struct of them) everywhere in bqml, and stored so in a model's body: a model body means the
 * same on both engines, and each implementation maps the names to its own.
 */
import type { Column, Row } from '../warehouse.js';

/** A DuckDB type name, a list of a type, or a struct of named types. */
export type JsonType = string | readonly [JsonType] | { readonly [field: string]: JsonType };

export interface ResultColumn {
  readonly name: string;
  readonly type: JsonType;
}

/** An ML.* function's rows and their columns. */
export interface MlResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Row[];
}

/** The SQL that yields an ML.* result inside a query, and the value of the parameter it reads. */
export interface Injected {
  readonly sql: string;
  readonly value: string;
}

export interface BqmlSql {
  /** The engine's spelling of the bound parameter `name` (`$name`, `:name`). */
  param(name: string): string;
  /** A subquery yielding `result`'s rows as typed columns, read from the JSON parameter `param`. */
  inject(result: MlResult, param: string): Injected;
  /** A column as bqml sees it: its type in DuckDB's name (PostgreSQL's `text` is `VARCHAR`). */
  column(column: Column): Column;
  /** The engine's name of the 64-bit float type, for casts in TRANSFORM constants. */
  readonly double: string;
  /** The engine's name of the string type. */
  readonly text: string;
  /** An aggregate over `x` giving the continuous quantiles `qs` as an array of doubles. */
  quantiles(x: string, qs: readonly number[]): string;
  /** Inserts or replaces a model row: parameters d, n, t, b (dataset, name, model type, body). */
  readonly upsertModel: string;
}

/** The godwit_bqml.models table; the same DDL runs on DuckDB and PostgreSQL. */
export const MODELS_TABLE = 'godwit_bqml.models';

export const MODELS_DDL = `create table if not exists ${MODELS_TABLE} (dataset varchar, name varchar, model_type varchar, created_at timestamp, body varchar, primary key (dataset, name))`;

/** DuckDB and PostgreSQL both read ON CONFLICT … DO UPDATE; `p` writes a parameter. */
export function upsertSql(p: (name: string) => string): string {
  return `insert into ${MODELS_TABLE} values (${p('d')}, ${p('n')}, ${p('t')}, now(), ${p('b')}) on conflict (dataset, name) do update set model_type = excluded.model_type, created_at = excluded.created_at, body = excluded.body`;
}

/** The rows as JSON (dates as dates, big integers exact), their keys renamed by `key`. */
export function rowsJson(result: MlResult, key: (name: string) => string = (n) => n): string {
  const dates = new Set(result.columns.filter((c) => c.type === 'DATE').map((c) => c.name));
  const renamed = result.columns.some((c) => key(c.name) !== c.name)
    ? result.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [key(k), v])))
    : result.rows;
  const dateKeys = new Set([...dates].map(key));
  const text = JSON.stringify(renamed, function (name, value) {
    if (typeof value === 'bigint') return `\u0000${value}\u0000`;
    if (dateKeys.has(name) && typeof this[name] === 'object' && this[name] instanceof Date)
      return (this[name] as Date).toISOString().slice(0, 10);
    return value;
  });
  return text.replace(/"\\u0000(-?\d+)\\u0000"/g, '$1');
}
