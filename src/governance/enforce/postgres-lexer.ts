/**
 * PostgreSQL's lexical rules, for the rewriter on PostgreSQL-engine warehouses (PostgreSQL, and
 * Redshift or BigQuery SQL once it runs on PostgreSQL). DuckDB's parser is PostgreSQL's scanner
 * (libpg_query), so the tokens are `duckdb-lexer.ts`'s: `"…"` identifiers, `'…'` strings where a
 * backslash is an ordinary character (standard_conforming_strings, on since PostgreSQL 9.1),
 * `E'…'` strings with backslash escapes, `$$…$$` / `$tag$…$tag$` strings, `--` and nested
 * `/* … *\/` comments, `::` casts, `$1` parameters, `U&"…"` / `U&'…'` as `unicode` tokens (the
 * rewriter refuses them for a principal, `UESCAPE` included, since they spell a name without
 * writing it).
 *
 * What differs is the names a token stands for, which `postgresName` gives: an unquoted name is
 * folded to lower case (ASCII letters only, as `downcase_identifier` does in UTF-8), a quoted one
 * is kept exactly, and both are cut to 63 bytes (NAMEDATALEN - 1) on a character boundary, as the
 * server truncates them. Two names are the same relation only when these are equal.
 *
 * ```ts
 * postgresName(lexPostgres('CUSTOMERS')[0]); // 'customers'
 * postgresName(lexPostgres('"Customers"')[0]); // 'Customers': another table
 * ```
 */
import { type Lex, lexDuckDb } from './duckdb-lexer.js';

/** The longest name PostgreSQL keeps, in bytes (NAMEDATALEN - 1). */
const NAME_BYTES = 63;

export function lexPostgres(sql: string): Lex[] {
  return lexDuckDb(sql);
}

/** The name a `word` or `ident` token stands for in PostgreSQL. */
export function postgresName(token: Lex): string {
  return truncateName(token.kind === 'ident' ? (token.value ?? '') : token.text.replace(/[A-Z]/g, (c) => c.toLowerCase()));
}

/** A name cut to 63 bytes without splitting a character, as PostgreSQL truncates identifiers. */
export function truncateName(name: string): string {
  if (Buffer.byteLength(name) <= NAME_BYTES) return name;
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > NAME_BYTES) break;
    out += ch;
  }
  return out;
}

/** A name as PostgreSQL SQL: bare when folding would not change it and it is no keyword, quoted otherwise. */
export function quotePostgres(name: string, reserved: ReadonlySet<string>): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !reserved.has(name.toUpperCase()) ? name : `"${name.replace(/"/g, '""')}"`;
}
