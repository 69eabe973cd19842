/**
 * Redshift's physical design in DDL — `DISTSTYLE`, `DISTKEY(col)`, `[COMPOUND|INTERLEAVED]
 * SORTKEY(…)`, `ENCODE`, `BACKUP`, and the column attributes `ENCODE x`, `DISTKEY`, `SORTKEY` —
 * taken out of a `CREATE TABLE` so an engine without them (PostgreSQL, DuckDB) runs the rest,
 * and returned as written so the caller can record it:
 *
 * ```ts
 * stripPhysicalDesign('create table s.t (id int encode az64, d date sortkey) diststyle key distkey(id)')
 * // { sql: 'create table s.t (id int, d date)', table: { schema: 's', name: 't' },
 * //   clauses: ['id ENCODE az64', 'd SORTKEY', 'DISTSTYLE key', 'DISTKEY(id)'] }
 * ```
 *
 * Everything else, spaces and comments included, is kept as written. A statement that is not a
 * `CREATE TABLE` with such clauses comes back unchanged with no clauses.
 */
import type { TableRef } from '../../warehouse/warehouse.js';
import { readTableRef } from '../sql-table-ref.js';
import { isWord, matchingClose, significant, type Token, tokenize } from '../sql-tokens.js';
import { REDSHIFT } from './redshift-dialect.js';

export interface PhysicalDesign {
  readonly sql: string;
  /** The table created, when the statement is a CREATE TABLE. */
  readonly table?: TableRef;
  /** The clauses removed, as written (column attributes prefixed with the column's name). */
  readonly clauses: readonly string[];
}

const TABLE_ATTRIBUTES = ['DISTSTYLE', 'DISTKEY', 'SORTKEY', 'COMPOUND', 'INTERLEAVED', 'ENCODE', 'BACKUP'];

export function stripPhysicalDesign(sql: string): PhysicalDesign {
  const tokens = tokenize(sql, REDSHIFT);
  const sig = significant(tokens);
  let at = 1;
  while (isWord(sig[at], 'LOCAL', 'TEMP', 'TEMPORARY')) at++;
  if (!isWord(sig[0], 'CREATE') || !isWord(sig[at], 'TABLE')) return { sql, clauses: [] };
  at++;
  if (isWord(sig[at], 'IF') && isWord(sig[at + 1], 'NOT') && isWord(sig[at + 2], 'EXISTS')) at += 3;
  const name = readTableRef(sig, at, 'redshift');
  if (!name) return { sql, clauses: [] };
  const drop = new Set<Token>();
  const clauses: string[] = [];
  let i = tokens.indexOf(sig[name.end]);
  if (tokens[i]?.kind === 'open') {
    const close = matchingClose(tokens, i);
    columnAttributes(tokens.slice(i + 1, close), drop, clauses);
    i = close + 1;
  }
  for (; i < tokens.length && !isWord(tokens[i], 'AS'); i++) {
    if (!isWord(tokens[i], ...TABLE_ATTRIBUTES)) continue;
    const end = attributeEnd(tokens, i);
    clauses.push(text(tokens.slice(i, end)));
    for (let k = i; k < end; k++) drop.add(tokens[k]);
    if (tokens[i - 1]?.kind === 'space') drop.add(tokens[i - 1]);
    i = end - 1;
  }
  if (clauses.length === 0) return { sql, table: name.ref, clauses };
  const kept = tokens.filter((t) => !drop.has(t));
  return { sql: kept.map((t) => t.text).join(''), table: name.ref, clauses };
}

/** Index after one table attribute: `DISTSTYLE x`, `DISTKEY (c)`, `COMPOUND SORTKEY (a, b)`, `SORTKEY AUTO`, `BACKUP NO`. */
function attributeEnd(tokens: readonly Token[], start: number): number {
  let i = start + 1;
  const skip = () => {
    while (tokens[i]?.kind === 'space' || tokens[i]?.kind === 'comment') i++;
  };
  skip();
  if (isWord(tokens[start], 'COMPOUND', 'INTERLEAVED') && isWord(tokens[i], 'SORTKEY')) {
    i++;
    skip();
  }
  if (tokens[i]?.kind === 'open') return matchingClose(tokens, i) + 1;
  if (isWord(tokens[i]) && !isWord(tokens[i], 'AS', ...TABLE_ATTRIBUTES)) return i + 1;
  return start + 1;
}

/** Marks `ENCODE x`, `DISTKEY` and `SORTKEY` after a column's name and type for removal. */
function columnAttributes(inner: readonly Token[], drop: Set<Token>, clauses: string[]): void {
  let column: string | undefined;
  let expectName = true;
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const t = inner[i];
    if (t.kind === 'space' || t.kind === 'comment') continue;
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    else if (t.kind === 'comma' && depth === 0) expectName = true;
    else if (expectName) {
      column = t.kind === 'ident' ? `"${t.value}"` : t.text;
      expectName = false;
    } else if (depth === 0 && isWord(t, 'DISTKEY', 'SORTKEY', 'ENCODE')) {
      let end = i + 1;
      if (isWord(t, 'ENCODE')) {
        while (inner[end]?.kind === 'space') end++;
        end++;
      }
      const removed = inner.slice(i, end);
      clauses.push(`${column} ${text(removed)}`);
      for (let k = i; k < end; k++) drop.add(inner[k]);
      // The space before the attribute goes with it.
      if (inner[i - 1]?.kind === 'space') drop.add(inner[i - 1]);
      i = end - 1;
    }
  }
}

function text(tokens: readonly Token[]): string {
  return tokens
    .map((t) => t.text)
    .join('')
    .replace(/\s+/g, ' ');
}
