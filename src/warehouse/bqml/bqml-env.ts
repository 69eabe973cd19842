/** What BigQuery ML's statements and functions need from the warehouse that runs them. */
import type { QueryResult, SqlParams, Warehouse } from '../warehouse.js';
import type { BqmlSql } from './bqml-sql.js';
import type { ModelStore } from './bqml-store.js';

export interface BqmlEnv {
  /** The engine warehouse (DuckDB or PostgreSQL). */
  readonly engine: Warehouse;
  /** The engine's own SQL for the few things that differ (bqml-sql.ts). */
  readonly sql: BqmlSql;
  readonly store: ModelStore;
  /** A BigQuery query as the engine's SQL. */
  toEngine(select: string): string;
  /** A BigQuery expression as the engine's SQL. */
  expression(bigquery: string): string;
  /** Runs engine SQL with the statement's parameters; column types in DuckDB's names (bqml-sql.ts). */
  query(sql: string): Promise<QueryResult>;
  /** The statement's own parameters, bound into every query made for it. */
  readonly params: SqlParams;
}

/** Models are trained with one fixed seed, so the same CREATE MODEL gives the same model. */
export const SEED = 20_240_612;
