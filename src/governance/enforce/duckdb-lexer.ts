/**
 * DuckDB's lexical rules, for the rewriter: lossless tokens (joining their `text` gives the input
 * back) read the way DuckDB's parser (libpg_query's scanner) reads them, so that a name the
 * rewriter sees is the name DuckDB binds:
 *
 * - an unquoted identifier starts with a letter, `_` or any non-ASCII character and continues
 *   with those, digits and `$` (so `cuſtomers` is one word, never `cu` + `ſ` + `tomers`);
 * - `"…"` is an identifier (`""` a quote inside); `'…'` a string where a backslash is an
 *   ordinary character; `E'…'` a string with backslash escapes; `$$…$$` / `$tag$…$tag$` strings;
 * - `--` to the end of the line and `/* … *\/`, nested, are comments;
 * - `U&"…"` / `U&'…'` are reported as `unicode` tokens (the rewriter refuses them for a principal).
 *
 * `$name` and `$1` are parameters.
 */

export type LexKind =
  | 'word'
  | 'ident'
  | 'string'
  | 'number'
  | 'param'
  | 'op'
  | 'open'
  | 'close'
  | 'comma'
  | 'semicolon'
  | 'dot'
  | 'space'
  | 'comment'
  | 'unicode';

export interface Lex {
  readonly kind: LexKind;
  readonly text: string;
  /** Index of the token's first character in the input. */
  readonly at: number;
  /** For `ident` and `string`: the content without quotes and escapes. */
  readonly value?: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

export function lexDuckDb(sql: string): Lex[] {
  const out: Lex[] = [];
  let i = 0;
  while (i < sql.length) {
    const token = next(sql, i);
    out.push(token);
    i += token.text.length;
  }
  return out;
}

function next(sql: string, i: number): Lex {
  const c = sql[i];
  const rest = sql.slice(i);
  if (/[ \t\n\r\f\v]/.test(c)) return { kind: 'space', text: /^[ \t\n\r\f\v]+/.exec(rest)![0], at: i };
  if (rest.startsWith('--')) return { kind: 'comment', text: /^--[^\n\r]*/.exec(rest)![0], at: i };
  if (rest.startsWith('/*')) return { kind: 'comment', text: sql.slice(i, blockCommentEnd(sql, i)), at: i };
  if ((c === 'U' || c === 'u') && sql[i + 1] === '&' && (sql[i + 2] === '"' || sql[i + 2] === "'")) {
    const q = quoted(sql, i + 2, sql[i + 2], false);
    return { kind: 'unicode', text: sql.slice(i, i + 2) + q.text, at: i, value: q.value };
  }
  if ((c === 'E' || c === 'e') && sql[i + 1] === "'") {
    const q = quoted(sql, i + 1, "'", true);
    return { kind: 'string', text: c + q.text, at: i, value: q.value };
  }
  if (c === "'") return { kind: 'string', at: i, ...quoted(sql, i, "'", false) };
  if (c === '"') return { kind: 'ident', at: i, ...quoted(sql, i, '"', false) };
  if (c === '$') {
    const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(rest);
    if (tag) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      const stop = end < 0 ? sql.length : end + tag[0].length;
      return { kind: 'string', text: sql.slice(i, stop), at: i, value: sql.slice(i + tag[0].length, end < 0 ? sql.length : end) };
    }
    const param = /^\$[A-Za-z0-9_]+/.exec(rest);
    if (param) return { kind: 'param', text: param[0], at: i };
  }
  if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
    return { kind: 'number', text: /^(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest)![0], at: i };
  }
  if (WORD_START.test(c)) {
    let j = i + 1;
    while (j < sql.length && WORD_PART.test(sql[j])) j++;
    return { kind: 'word', text: sql.slice(i, j), at: i };
  }
  if (c === '(') return { kind: 'open', text: c, at: i };
  if (c === ')') return { kind: 'close', text: c, at: i };
  if (c === ',') return { kind: 'comma', text: c, at: i };
  if (c === ';') return { kind: 'semicolon', text: c, at: i };
  if (c === '.') return { kind: 'dot', text: c, at: i };
  const two = sql.slice(i, i + 2);
  return {
    kind: 'op',
    text: ['::', '<=', '>=', '<>', '!=', '||', '->', '=>', '**', '//', '==', '<<', '>>'].includes(two) ? two : c,
    at: i,
  };
}

/** Nested block comments, as PostgreSQL's scanner (and so DuckDB's) reads them. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

function quoted(sql: string, start: number, q: string, backslash: boolean): { text: string; value: string } {
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslash && c === '\\' && i + 1 < sql.length) {
      value += sql[i + 1];
      i += 2;
    } else if (c === q && sql[i + 1] === q) {
      value += q;
      i += 2;
    } else if (c === q) {
      return { text: sql.slice(start, i + 1), value };
    } else {
      value += c;
      i += 1;
    }
  }
  return { text: sql.slice(start), value };
}

/** DuckDB's case folding for name comparison: ASCII letters only, so a look-alike stays a different name. */
export function foldName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The name a `word` or `ident` token stands for. */
export function nameOf(token: Lex): string {
  return token.kind === 'ident' ? (token.value ?? '') : token.text;
}

/** A name as DuckDB SQL: bare when it is a plain lower-case identifier and no keyword, quoted otherwise. */
export function quoteName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name.toUpperCase()) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Words that end a FROM item (so are never an implicit alias) or that DuckDB reserves. */
export const RESERVED = new Set(
  `ALL ANALYSE ANALYZE AND ANY ARRAY AS ASC ASYMMETRIC BOTH CASE CAST CHECK COLLATE COLUMN CONSTRAINT CREATE
   DEFAULT DEFERRABLE DESC DESCRIBE DISTINCT DO ELSE END EXCEPT FALSE FETCH FOR FOREIGN FROM GRANT GROUP HAVING IN
   INITIALLY INTERSECT INTO LATERAL LEADING LIMIT NOT NULL OFFSET ON ONLY OR ORDER PIVOT PIVOT_LONGER PIVOT_WIDER
   PLACING PRIMARY QUALIFY REFERENCES RETURNING SELECT SHOW SOME SUMMARIZE SYMMETRIC TABLE THEN TO TRAILING TRUE
   UNION UNIQUE UNPIVOT USING VARIADIC WHEN WHERE WINDOW WITH JOIN INNER LEFT RIGHT FULL OUTER CROSS NATURAL
   POSITIONAL ASOF ANTI SEMI TABLESAMPLE SAMPLE WINDOW VALUES SET BY AT`.split(/\s+/),
);

/** Words that may follow a FROM item where an alias could stand, so are never taken for one. */
export const JOIN_WORDS: ReadonlySet<string> = new Set([
  'JOIN',
  'LEFT',
  'RIGHT',
  'INNER',
  'OUTER',
  'FULL',
  'CROSS',
  'NATURAL',
  'POSITIONAL',
  'ASOF',
  'ANTI',
  'SEMI',
  'ON',
  'USING',
]);

/** Keywords that end a FROM clause (the clause that follows begins). */
export const CLAUSE_END: ReadonlySet<string> = new Set([
  'WHERE',
  'GROUP',
  'HAVING',
  'QUALIFY',
  'WINDOW',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'SELECT',
  'RETURNING',
  'SET',
  'VALUES',
]);

/** Functions whose arguments use FROM as a separator (`extract(year FROM t.at)`), not a relation. */
export const FROM_IN_ARGS: ReadonlySet<string> = new Set(['EXTRACT', 'SUBSTRING', 'TRIM', 'OVERLAY', 'POSITION']);
