/**
 * What Redshift ML needs from the engine under the Redshift warehouse: DuckDB (the dialect front
 * end, dialect-warehouse.ts) or PostgreSQL (redshift-on-postgres.ts). Models and functions are
 * plain SQL objects of the engine, so every later process on the same database finds them.
 */
import type { QueryResult, SqlParams } from '../warehouse.js';

export interface Step {
  readonly sql: string;
  readonly params?: SqlParams;
  /** Undoes this step when a later one fails (engines without transactional DDL across calls). */
  readonly undo?: string;
}

export interface RsmlEngine {
  readonly flavour: 'duckdb' | 'postgres';
  /** The schema an unqualified model or function lands in (`main`, `public`). */
  readonly defaultSchema: string;
  /** A named parameter as the engine writes it (`$name`, `:name`). */
  param(name: string): string;
  /** SQL in the engine's own dialect. */
  query(sql: string, params?: SqlParams): Promise<QueryResult>;
  /** A Redshift query (the training query) run on the engine. */
  redshiftQuery(select: string): Promise<QueryResult>;
  /** Runs the steps in order: all of them, or (on failure) none. */
  all(steps: readonly Step[]): Promise<void>;
}
