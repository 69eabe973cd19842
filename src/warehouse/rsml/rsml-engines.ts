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
    redshiftQuery: async (select) => {
      const result = await pg.query(select);
      return { ...result, columns: result.columns.map((c) => ({ name: c.name, type: duckdbName(c.type) })) };
    },
    all: (steps) => pg.transaction(steps),
  };
}

/** PostgreSQL's type names as DuckDB's, the names the shared training path (bqml-features.ts) reads. */
const DUCKDB_NAMES: Readonly<Record<string, string>> = {
  boolean: 'BOOLEAN',
  smallint: 'SMALLINT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  real: 'FLOAT',
  'double precision': 'DOUBLE',
  numeric: 'DOUBLE',
  text: 'VARCHAR',
  character: 'VARCHAR',
  'character varying': 'VARCHAR',
};

function duckdbName(postgres: string): string {
  return DUCKDB_NAMES[postgres.replace(/\(.*\)$/, '')] ?? postgres.toUpperCase();
}
