/**
 * DuckDB as a translation target: the engine under the offline Redshift and BigQuery warehouses.
 * Its SQL is PostgreSQL-like: `"x"` is an identifier, strings double their quotes, `x::type`
 * casts, `$name` parameters.
 */
import type { SqlDialect } from '../sql-tokens.js';

export const DUCKDB: SqlDialect = { name: 'duckdb', doubleQuote: 'ident' };
