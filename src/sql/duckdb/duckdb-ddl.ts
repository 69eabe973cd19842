/**
 * Redshift and BigQuery `CREATE TABLE` / `CREATE SCHEMA` → DuckDB. Column types are mapped; the
 * physical design DuckDB has no use for is removed and returned in `physical`, so the warehouse
 * can record it: Redshift's DISTSTYLE, DISTKEY, SORTKEY, ENCODE and BACKUP, BigQuery's PARTITION BY,
 * CLUSTER BY and OPTIONS. Key constraints (PRIMARY KEY, UNIQUE, REFERENCES) are informational in
 * both warehouses, never enforced, so they are recorded and removed too: DuckDB would enforce them.
 */
import { isWord, joinTokens, matchingClose, qualifiedName, significant, type Token } from '../sql-tokens.js';

export type Physical = Record<string, string>;

/** What the DDL rules need from the translator: expressions and types rewritten to DuckDB. */
export interface DdlRewriter {
  expression(tokens: readonly Token[]): string;
  type(tokens: readonly Token[], start: number): { text: string; end: number } | undefined;
  /** Stops the statement: what it declares cannot be had offline. */
  refuse(message: string): never;
}

/** Clauses after the column list (or before AS) that DuckDB does not have, by their first words. */
const TABLE_CLAUSES = [
  ['DISTSTYLE'],
  ['DISTKEY'],
  ['COMPOUND', 'SORTKEY'],
  ['INTERLEAVED', 'SORTKEY'],
  ['SORTKEY'],
  ['ENCODE'],
  ['BACKUP'],
  ['PARTITION', 'BY'],
  ['CLUSTER', 'BY'],
  ['OPTIONS'],
  ['DEFAULT', 'COLLATE'],
];

/** `CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] name (columns) clauses [AS select]`. */
export function createTableToDuckDB(tokens: readonly Token[], r: DdlRewriter, physical: Physical): string {
  const nameAt = tokens.findIndex((t) => isWord(t, 'TABLE'));
  const sig = significant(tokens);
  let at = sig.indexOf(tokens[nameAt]) + 1;
  if (isWord(sig[at], 'IF')) at += 3;
  const afterName = sig[qualifiedName(sig, at).end];
  const open = afterName?.kind === 'open' || isWord(afterName, 'AS') ? tokens.indexOf(afterName) : -1;
  const head = r.expression(tokens.slice(0, nameAt + 1).filter((t) => !isWord(t, 'LOCAL')));
  const columnsEnd = open >= 0 && tokens[open].kind === 'open' ? matchingClose(tokens, open) : -1;
  const name = r.expression(tokens.slice(nameAt + 1, afterName ? tokens.indexOf(afterName) : tokens.length)).trim();
  const nameEnd = afterName ? tokens.indexOf(afterName) : tokens.length;
  let rest = columnsEnd >= 0 ? tokens.slice(columnsEnd + 1) : tokens.slice(nameEnd);
  const as = rest.findIndex((t) => isWord(t, 'AS'));
  const clauses = tableClauses(as < 0 ? rest : rest.slice(0, as), physical);
  rest = as < 0 ? [] : rest.slice(as + 1);
  const columns =
    columnsEnd >= 0
      ? ` (${columnDefinitions(tokens.slice(open + 1, columnsEnd))
          .flatMap((c) => column(c, r, physical))
          .join(',')})`
      : '';
  const query = as < 0 ? '' : ` AS ${r.expression(rest).trim()}`;
  return `${head} ${name}${columns}${clauses}${query}`;
}

/** Removes the clauses DuckDB lacks, recording each; what is left (nothing, usually) is kept. */
function tableClauses(tokens: readonly Token[], physical: Physical): string {
  const kept: Token[] = [];
  for (let i = 0; i < tokens.length; ) {
    const phrase = TABLE_CLAUSES.find((p) => p.every((w, k) => isWord(word(tokens, i, k), w)));
    if (!phrase) {
      kept.push(tokens[i++]);
      continue;
    }
    const start = i;
    let j = indexOfWord(tokens, i, phrase.length);
    const next = tokens[skip(tokens, j)];
    if (phrase[1] === 'BY') j = clauseEnd(tokens, j);
    else if (next?.kind === 'open') j = matchingClose(tokens, skip(tokens, j)) + 1;
    else if (next?.kind === 'word' && !TABLE_CLAUSES.some((p) => isWord(next, p[0]))) j = skip(tokens, j) + 1;
    physical[phrase.join(' ')] = joinTokens(tokens.slice(start, j)).replace(/\s+/g, ' ').trim();
    i = j;
  }
  return joinTokens(kept).trimEnd() === '' ? '' : ` ${joinTokens(kept).trim()}`;
}

/** PARTITION BY and CLUSTER BY take expressions (`DATE(ts)`, `a, b`): they run to the next clause. */
function clauseEnd(tokens: readonly Token[], from: number): number {
  let j = from;
  while (j < tokens.length && !TABLE_CLAUSES.some((p) => isWord(tokens[j], p[0]))) {
    j = tokens[j].kind === 'open' ? matchingClose(tokens, j) + 1 : j + 1;
  }
  return j;
}

/** Splits a column list at commas outside parentheses and outside `ARRAY<…>` / `STRUCT<…>`. */
function columnDefinitions(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  let previous: Token | undefined;
  for (const t of tokens) {
    if (t.kind === 'open' || (t.text === '<' && isWord(previous, 'ARRAY', 'STRUCT'))) depth++;
    if (t.kind === 'close' || (t.text === '>' && depth > 0)) depth--;
    if (t.kind === 'comma' && depth === 0) parts.push([]);
    else parts[parts.length - 1].push(t);
    if (t.kind !== 'space') previous = t;
  }
  return parts;
}

const COLUMN_ATTRIBUTES = ['ENCODE', 'DISTKEY', 'SORTKEY', 'OPTIONS'];

/** One column: its type mapped, Redshift's ENCODE / DISTKEY / SORTKEY and BigQuery's OPTIONS removed. */
function column(tokens: readonly Token[], r: DdlRewriter, physical: Physical): string[] {
  const lead = skip(tokens, 0);
  if (lead >= tokens.length) return [];
  if (isWord(tokens[lead], 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CONSTRAINT')) {
    physical.constraints = [physical.constraints, joinTokens(tokens).trim()].filter(Boolean).join('; ');
    return [];
  }
  const type = r.type(tokens, lead + 1);
  if (!type) return [r.expression(tokens)];
  const attrs: string[] = [];
  const name = r.expression(tokens.slice(0, lead + 1));
  for (let i = skip(tokens, type.end); i < tokens.length; i = skip(tokens, i)) {
    const w = tokens[i].text.toUpperCase();
    if (
      COLUMN_ATTRIBUTES.includes(w) ||
      (w === 'PRIMARY' && isWord(word(tokens, i, 1), 'KEY')) ||
      w === 'UNIQUE' ||
      w === 'REFERENCES'
    ) {
      const end = attributeEnd(tokens, i);
      physical[`${name.trim()} ${w}`] = joinTokens(tokens.slice(i, end)).trim();
      i = end;
    } else if (w === 'NOT' && isWord(word(tokens, i, 1), 'ENFORCED')) i = indexOfWord(tokens, i, 2);
    else if (w === 'IDENTITY' || w === 'GENERATED')
      r.refuse(`the ${w} column ${name.trim()} is not translated offline: fill it from a sequence (nextval) or in the query.`);
    else {
      const end = attributeEnd(tokens, i);
      attrs.push(r.expression(tokens.slice(i, end)).trim());
      i = end;
    }
  }
  return [`${name} ${type.text}${attrs.length ? ` ${attrs.join(' ')}` : ''}`];
}

/** The end of one column attribute: its words and a parenthesised argument (`ENCODE az64`, `DEFAULT f(x)`). */
function attributeEnd(tokens: readonly Token[], i: number): number {
  const w = tokens[i].text.toUpperCase();
  const next = skip(tokens, i + 1);
  if (tokens[next]?.kind === 'open') return matchingClose(tokens, next) + 1;
  if (['ENCODE', 'DEFAULT', 'REFERENCES', 'COLLATE'].includes(w) || w === 'NOT' || w === 'PRIMARY') return next + 1;
  return i + 1;
}

/** `CREATE SCHEMA [IF NOT EXISTS] name`, without Redshift's AUTHORIZATION / QUOTA and BigQuery's OPTIONS. */
export function createSchemaToDuckDB(tokens: readonly Token[], r: DdlRewriter, physical: Physical): string {
  const cut = tokens.findIndex((t) => isWord(t, 'AUTHORIZATION', 'QUOTA', 'OPTIONS', 'DEFAULT'));
  if (cut >= 0) physical.schema = joinTokens(tokens.slice(cut)).trim();
  return r.expression(cut < 0 ? tokens : tokens.slice(0, cut)).trim();
}

function skip(tokens: readonly Token[], i: number): number {
  while (tokens[i] && (tokens[i].kind === 'space' || tokens[i].kind === 'comment')) i++;
  return i;
}

/** The k-th significant token from i. */
function word(tokens: readonly Token[], i: number, k: number): Token | undefined {
  let j = skip(tokens, i);
  for (let n = 0; n < k; n++) j = skip(tokens, j + 1);
  return tokens[j];
}

/** The index after the first `count` significant tokens from i. */
function indexOfWord(tokens: readonly Token[], i: number, count: number): number {
  let j = skip(tokens, i);
  for (let n = 0; n < count; n++) j = skip(tokens, j + 1);
  return j;
}
