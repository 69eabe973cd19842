/**
 * The two engines under a Redshift warehouse, as rsml-engine.ts describes them. DuckDB runs the
 * steps one by one and undoes the done ones when one fails (a macro and a row, across calls of
 * the engine warehouse); PostgreSQL runs them in one transaction, DDL included.
 */
import type { QueryResult, SqlParams, Warehouse } from '../warehouse.js';
import type { RsmlEngine, Step } from './rsml-engine.js';

export function duckdbEngine(engine: Warehouse, toDuck: (redshift: string) => string): RsmlEngine {
  return {
    flavour: 'duckdb',
    defaultSchema: 'main',
    param: (name) => `$${name}`,
    query: (sql, params) => engine.query(sql, params),
    redshiftQuery: (select) => engine.query(toDuck(select)),
    async all(steps) {
      const done: Step[] = [];
      try {
        for (const step of steps) {
          await engine.execute(step.sql, step.params);
          done.push(step);
        }
      } catch (err) {
        for (const step of done.reverse()) if (step.undo) await engine.execute(step.undo).catch(() => undefined);
        throw err;
      }
    },
  };
}

export interface PostgresAccess {
  query(sql: string, params?: SqlParams): Promise<QueryResult>;
  /** Runs `sql` statements (with `:name` parameters) in one transaction. */
  transaction(steps: readonly { sql: string; params?: SqlParams }[]): Promise<void>;
}

export function postgresEngine(pg: PostgresAccess): RsmlEngine {
  return {
    flavour: 'postgres',
    defaultSchema: 'public',
    param: (name) => `:${name}`,
    query: (sql, params) => pg.query(sql, params),
    redshiftQuery: (select) => pg.query(select),
    all: (steps) => pg.transaction(steps),
  };
}
