/**
 * A lossless SQL tokenizer for Redshift and BigQuery text: joining the tokens' `text` gives the
 * input back, so a translator rewrites only what it understands and keeps every space and
 * comment of the rest.
 *
 * ```ts
 * tokenize(`select "a b"::int -- x`, REDSHIFT).map((t) => t.kind)
 * // ['word', 'space', 'ident', 'op', 'word', 'space', 'comment']
 * ```
 */

export type TokenKind =
  | 'word'
  | 'ident'
  | 'string'
  | 'number'
  | 'op'
  | 'open'
  | 'close'
  | 'comma'
  | 'semicolon'
  | 'space'
  | 'comment';

export interface Token {
  readonly kind: TokenKind;
  /** The exact source text. */
  readonly text: string;
  /** For `ident` and `string`: the content without quotes and escapes. */
  readonly value?: string;
}

export interface SqlDialect {
  readonly name: 'redshift' | 'bigquery' | 'duckdb' | 'postgres';
  /** Redshift (PostgreSQL): `"x"` is an identifier. BigQuery: `"x"` is a string, `` `x` `` an identifier. */
  readonly doubleQuote: 'ident' | 'string';
  /**
   * PostgreSQL's rules: a backslash in `'…'` is an ordinary character (standard_conforming_strings,
   * on since 9.1) except in `E'…'`, and `$$…$$` / `$tag$…$tag$` quote a string (function bodies).
   */
  readonly postgresStrings?: boolean;
}

const TWO_CHAR_OPS = new Set(['::', '<=', '>=', '<>', '!=', '||']);

export function tokenize(sql: string, dialect: SqlDialect): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const token = next(sql, i, dialect);
    tokens.push(token);
    i += token.text.length;
  }
  return tokens;
}

function next(sql: string, i: number, dialect: SqlDialect): Token {
  const c = sql[i];
  const rest = sql.slice(i);
  if (/\s/.test(c)) return { kind: 'space', text: /^\s+/.exec(rest)![0] };
  if (rest.startsWith('--')) return { kind: 'comment', text: /^--[^\n]*/.exec(rest)![0] };
  if (rest.startsWith('/*')) {
    const end = sql.indexOf('*/', i + 2);
    return { kind: 'comment', text: end < 0 ? rest : sql.slice(i, end + 2) };
  }
  if (dialect.postgresStrings) {
    const pg = postgresString(sql, i);
    if (pg) return pg;
  }
  if (c === "'") return quoted(sql, i, "'", 'string');
  if (c === '"') return quoted(sql, i, '"', dialect.doubleQuote);
  if (c === '`') return quoted(sql, i, '`', 'ident');
  if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
    return { kind: 'number', text: /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest)![0] };
  }
  if (/[A-Za-z_$]/.test(c)) return { kind: 'word', text: /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest)![0] };
  if (c === '(') return { kind: 'open', text: c };
  if (c === ')') return { kind: 'close', text: c };
  if (c === ',') return { kind: 'comma', text: c };
  if (c === ';') return { kind: 'semicolon', text: c };
  const two = sql.slice(i, i + 2);
  return { kind: 'op', text: TWO_CHAR_OPS.has(two) ? two : c };
}

/**
 * A quoted string or identifier. A doubled quote and a backslash-escaped quote both stand for
 * the quote (Redshift accepts both inside strings; BigQuery uses the backslash, in backtick
 * identifiers too). Triple-quoted
 * BigQuery strings (`'''…'''`) are read whole.
 */
function quoted(sql: string, start: number, q: string, kind: 'string' | 'ident'): Token {
  if (kind === 'string' && sql.startsWith(q.repeat(3), start)) {
    const end = sql.indexOf(q.repeat(3), start + 3);
    const stop = end < 0 ? sql.length : end + 3;
    return { kind, text: sql.slice(start, stop), value: sql.slice(start + 3, end < 0 ? sql.length : end) };
  }
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\\' && (kind === 'string' || q === '`') && i + 1 < sql.length) {
      value += sql[i + 1] === q ? q : c + sql[i + 1];
      i += 2;
    } else if (c === q && sql[i + 1] === q) {
      value += q;
      i += 2;
    } else if (c === q) {
      return { kind, text: sql.slice(start, i + 1), value };
    } else {
      value += c;
      i += 1;
    }
  }
  return { kind, text: sql.slice(start), value };
}

/** PostgreSQL's own string forms: `'…'` without backslash escapes, `E'…'` with them, dollar quotes. */
function postgresString(sql: string, i: number): Token | undefined {
  const c = sql[i];
  if ((c === 'E' || c === 'e') && sql[i + 1] === "'" && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? '')) {
    const rest = quoted(sql, i + 1, "'", 'string');
    return { kind: 'string', text: c + rest.text, value: rest.value };
  }
  if (c === "'") {
    const end = /^'(?:[^']|'')*(?:'|$)/.exec(sql.slice(i))![0];
    return {
      kind: 'string',
      text: end,
      value: end.slice(1, end.endsWith("'") && end.length > 1 ? -1 : undefined).replace(/''/g, "'"),
    };
  }
  const tag = c === '$' && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? '') ? /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i)) : null;
  if (!tag) return undefined;
  const end = sql.indexOf(tag[0], i + tag[0].length);
  const stop = end < 0 ? sql.length : end + tag[0].length;
  return { kind: 'string', text: sql.slice(i, stop), value: sql.slice(i + tag[0].length, end < 0 ? sql.length : end) };
}

/** Tokens that carry meaning (not spaces or comments). */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && (words.length === 0 || words.includes(token.text.toUpperCase()));
}

export function joinTokens(tokens: readonly Token[]): string {
  return tokens.map((t) => t.text).join('');
}

/**
 * A possibly qualified name (`schema.table`, `"my schema"."t"`) starting at `start` in
 * significant tokens: its tokens and the index after it.
 */
export function qualifiedName(sig: readonly Token[], start: number): { tokens: Token[]; end: number } {
  let i = start;
  const tokens: Token[] = [];
  while (sig[i] && (sig[i].kind === 'word' || sig[i].kind === 'ident')) {
    tokens.push(sig[i++]);
    if (sig[i]?.text !== '.') break;
    tokens.push(sig[i++]);
  }
  return { tokens, end: i };
}

/** Index of the `close` token matching the `open` token at `openAt` (or the last index). */
export function matchingClose(tokens: readonly Token[], openAt: number): number {
  let depth = 0;
  for (let i = openAt; i < tokens.length; i++) {
    if (tokens[i].kind === 'open') depth++;
    else if (tokens[i].kind === 'close' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Splits tokens at commas outside parentheses. */
export function splitAtCommas(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'open') depth++;
    if (t.kind === 'close') depth--;
    if (t.kind === 'comma' && depth === 0) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}

/**
 * A string literal for BigQuery (quote escaped with a backslash) or Redshift (quote doubled).
 * `value` keeps other backslash escapes as written (`\n`): both dialects read them alike.
 */
export function stringLiteral(value: string, dialect: SqlDialect): string {
  return dialect.name === 'bigquery' ? `'${value.replace(/'/g, "\\'")}'` : `'${value.replace(/'/g, "''")}'`;
}
