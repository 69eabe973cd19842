/** What BigQuery ML's statements and functions need from the warehouse that runs them. */
import type { SqlParams, Warehouse } from '../warehouse.js';
import type { ModelStore } from './bqml-store.js';

export interface BqmlEnv {
  /** The DuckDB engine warehouse. */
  readonly engine: Warehouse;
  readonly store: ModelStore;
  /** A BigQuery query as DuckDB SQL. */
  toDuck(select: string): string;
  /** A BigQuery expression as DuckDB SQL. */
  expression(bigquery: string): string;
  /** The statement's own parameters, bound into every query made for it. */
  readonly params: SqlParams;
}

/** Models are trained with one fixed seed, so the same CREATE MODEL gives the same model. */
export const SEED = 20_240_612;
