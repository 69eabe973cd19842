/**
 * A SQL script as its statements, for `godwit sql -f FILE` and anything else that runs several
 * statements in order: split at top-level `;` with the shared tokenizer (so a `;` inside a string,
 * a quoted name or a comment stays put), keeping each statement's first line for messages.
 *
 * ```ts
 * splitStatements("select ';'; -- x\ninsert into t values (1);", 'duckdb')
 * // [{ sql: "select ';'", line: 1 }, { sql: '-- x\ninsert into t values (1)', line: 1 }]
 * ```
 */
import { BIGQUERY } from '../sql/bigquery/bigquery-dialect.js';
import { REDSHIFT } from '../sql/redshift/redshift-dialect.js';
import { type Token, tokenize } from '../sql/sql-tokens.js';
import type { WarehouseDialect } from './warehouse.js';

export interface ScriptStatement {
  readonly sql: string;
  /** 1-based line of the statement's first significant token. */
  readonly line: number;
}

/** The script's statements in order, without empty ones (only spaces and comments). */
export function splitStatements(script: string, dialect: WarehouseDialect): ScriptStatement[] {
  // PostgreSQL, Redshift and DuckDB quote alike ('…' strings, "…" names); BigQuery differs.
  const tokens = tokenize(script, dialect === 'bigquery' ? BIGQUERY : REDSHIFT);
  const out: ScriptStatement[] = [];
  let current: Token[] = [];
  let line = 1;
  let startLine = 1;
  const flush = () => {
    if (current.some((t) => t.kind !== 'space' && t.kind !== 'comment'))
      out.push({
        sql: current
          .map((t) => t.text)
          .join('')
          .trim(),
        line: startLine,
      });
    current = [];
  };
  for (const token of tokens) {
    if (token.kind === 'semicolon') flush();
    else {
      if (current.every((t) => t.kind === 'space' || t.kind === 'comment') && token.kind !== 'space' && token.kind !== 'comment')
        startLine = line;
      current.push(token);
    }
    line += token.text.split('\n').length - 1;
  }
  flush();
  return out;
}

const READS = new Set(['select', 'with', 'values', 'show', 'describe', 'explain', 'pragma', 'table', 'from', 'summarize']);

/** Whether a statement returns rows to show (a query) rather than a count of rows affected. */
export function returnsRows(sql: string): boolean {
  const first = /^(?:\s+|--[^\n]*|\/\*[\s\S]*?\*\/)*\(?\s*([A-Za-z]+)/.exec(sql)?.[1];
  return first !== undefined && READS.has(first.toLowerCase());
}
