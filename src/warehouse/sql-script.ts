/**
 * A SQL script as its statements, for `godwit sql -f FILE` and anything else that runs several
 * statements in order: split at top-level `;` with the shared tokenizer (so a `;` inside a string,
 * a quoted name or a comment stays put), keeping each statement's first line for messages.
 *
 * ```ts
 * splitStatements("select ';'; -- x\ninsert into t values (1);", 'duckdb')
 * // [{ sql: "select ';'", line: 1 }, { sql: '-- x\ninsert into t values (1)', line: 2 }]
 * ```
 */
import { BIGQUERY } from '../sql/bigquery/bigquery-dialect.js';
import { REDSHIFT } from '../sql/redshift/redshift-dialect.js';
import { type StatementText, statementTexts } from '../sql/sql-script.js';
import { tokenize } from '../sql/sql-tokens.js';
import type { WarehouseDialect } from './warehouse.js';

/** The script's statements in order, without empty ones (only spaces and comments). */
export function splitStatements(script: string, dialect: WarehouseDialect): StatementText[] {
  // PostgreSQL, Redshift and DuckDB quote alike ('…' strings, "…" names); BigQuery differs.
  return statementTexts(tokenize(script, dialect === 'bigquery' ? BIGQUERY : REDSHIFT));
}

const READS = new Set(['select', 'with', 'values', 'show', 'describe', 'explain', 'pragma', 'table', 'from', 'summarize']);

/** Whether a statement returns rows to show (a query) rather than a count of rows affected. */
export function returnsRows(sql: string): boolean {
  const first = /^(?:\s+|--[^\n]*|\/\*[\s\S]*?\*\/)*\(?\s*([A-Za-z]+)/.exec(sql)?.[1];
  return first !== undefined && READS.has(first.toLowerCase());
}
