/**
 * The engine a dialect front end writes for. DuckDB takes Redshift and BigQuery SQL through
 * `translateToDuckDB`; PostgreSQL takes BigQuery SQL through `bigquery-postgres.ts`. Each
 * brings the SQL BigQuery ML needs on it (bqml-sql-*.ts).
 */
import { GodwitError } from '../../core/errors.js';
import { translateToDuckDB } from '../../sql/duckdb/duckdb-translate.js';
import type { StatementDialect, Token } from '../../sql/index.js';
import type { BqmlSql } from '../bqml/bqml-sql.js';
import { DUCKDB_BQML } from '../bqml/bqml-sql-duckdb.js';
import { POSTGRES_BQML } from '../bqml/bqml-sql-postgres.js';
import type { Warehouse } from '../warehouse.js';
import { bigQueryToPostgres } from './bigquery-postgres.js';

export interface Translation {
  /** The engine's statement; undefined when it has nothing to do there (VACUUM offline). */
  readonly sql?: string;
  /** Physical design removed from DDL, as written, by clause. */
  readonly physical: Readonly<Record<string, string>>;
}

export interface DialectTarget {
  /** One statement of the dialect as the engine's SQL; what cannot be translated is E_SQL_DIALECT. */
  translate(sql: string | readonly Token[], line: number): Translation;
  /** BigQuery ML's engine-specific SQL. */
  readonly bqml: BqmlSql;
}

/** The target for `dialect` SQL on `engine`, or E_SQL_DIALECT when Godwit has no translation to it. */
export function targetOf(engine: Warehouse, dialect: StatementDialect): DialectTarget {
  if (engine.dialect === 'duckdb') return { translate: (sql, line) => translateToDuckDB(sql, dialect, line), bqml: DUCKDB_BQML };
  if (engine.dialect === 'postgres' && dialect === 'bigquery') return { translate: bigQueryToPostgres, bqml: POSTGRES_BQML };
  throw new GodwitError(
    'E_SQL_DIALECT',
    `Warehouse "${engine.name}" runs ${engine.dialect} SQL; Godwit translates ${dialect} SQL to DuckDB's${dialect === 'bigquery' ? ' and PostgreSQL' : ''}'s only.`,
    { hint: `Write the SQL in ${engine.dialect}'s dialect, or run ${dialect} SQL on the embedded DuckDB warehouse.` },
  );
}
