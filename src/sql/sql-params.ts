/**
 * Named query parameters and statement boundaries in SQL text, read with the lossless tokenizer
 * so a `:name` inside a string, a comment or a `::` cast is never taken for a parameter, and a
 * `;` inside a string never ends a statement. Each dialect names parameters its own way, as its
 * driver or API binds them: `:name` (PostgreSQL through Godwit, the Redshift Data API), `@name`
 * (BigQuery), `$name` (DuckDB).
 *
 * ```ts
 * sqlParamNames("select * from t where d >= :since and s = ':x' -- :y", 'redshift') // ['since']
 * splitStatements('create table a as select 1; select 2;', 'duckdb') // ['create table a as select 1', 'select 2']
 * renameParams('where d >= :since', 'redshift', 'bigquery') // 'where d >= @since'
 * ```
 */
import { BIGQUERY } from './bigquery/bigquery-dialect.js';
import { REDSHIFT } from './redshift/redshift-dialect.js';
import { statementTexts } from './sql-script.js';
import { type Token, tokenize } from './sql-tokens.js';

export type ParamDialect = 'redshift' | 'postgres' | 'bigquery' | 'duckdb';

/** The character that starts a parameter name in each dialect. */
export const PARAM_PREFIX: Readonly<Record<ParamDialect, string>> = {
  redshift: ':',
  postgres: ':',
  bigquery: '@',
  duckdb: '$',
};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function tokens(sql: string, dialect: ParamDialect): Token[] {
  return tokenize(sql, dialect === 'bigquery' ? BIGQUERY : REDSHIFT);
}

/**
 * Where each parameter sits in a script's tokens: the index of its first token, how many tokens
 * it spans, its name. The tokens come from the caller, so a driver can tokenize with its own
 * string rules (PostgreSQL's `E'…'` and dollar quotes).
 */
export function paramPositions(ts: readonly Token[], dialect: ParamDialect): { at: number; span: number; name: string }[] {
  const found: { at: number; span: number; name: string }[] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (dialect === 'duckdb') {
      if (t.kind === 'word' && t.text.startsWith('$') && NAME.test(t.text.slice(1)))
        found.push({ at: i, span: 1, name: t.text.slice(1) });
      continue;
    }
    const prefix = PARAM_PREFIX[dialect];
    const next = ts[i + 1];
    // `@@session` is a BigQuery system variable, not a parameter.
    const doubled = i > 0 && ts[i - 1].kind === 'op' && ts[i - 1].text === prefix;
    if (t.kind === 'op' && t.text === prefix && !doubled && next?.kind === 'word' && NAME.test(next.text))
      found.push({ at: i, span: 2, name: next.text });
  }
  return found;
}

/** The parameter names the SQL uses, each once, in order of first use. */
export function sqlParamNames(sql: string, dialect: ParamDialect): string[] {
  return [...new Set(paramPositions(tokens(sql, dialect), dialect).map((p) => p.name))];
}

/** The statements of a script, trimmed, without their semicolons; empty statements and comment-only ones dropped. */
export function splitStatements(sql: string, dialect: ParamDialect): string[] {
  return statementTexts(tokens(sql, dialect)).map((s) => s.sql);
}

/** The SQL with every parameter written in another dialect's style (`:since` → `@since`); nothing else changes. */
export function renameParams(sql: string, from: ParamDialect, to: ParamDialect): string {
  const ts = tokens(sql, from);
  const starts = new Map(paramPositions(ts, from).map((p) => [p.at, p]));
  const out: string[] = [];
  for (let i = 0; i < ts.length; i++) {
    const p = starts.get(i);
    if (p === undefined) {
      out.push(ts[i].text);
      continue;
    }
    out.push(PARAM_PREFIX[to] + p.name);
    i += p.span - 1;
  }
  return out.join('');
}
