/**
 * Redshift `CREATE TABLE` (with columns, or `AS select`) → BigQuery `CREATE TABLE`. Column types
 * are mapped; Redshift's physical-design clauses (DISTSTYLE, DISTKEY, SORTKEY, ENCODE, BACKUP)
 * are removed and reported, with CLUSTER BY suggested for a sort key; keys become
 * `PRIMARY KEY NOT ENFORCED` (informational in both warehouses).
 *
 * ```sql
 * CREATE TABLE sales.daily DISTKEY(region) SORTKEY(day) AS SELECT region, day, sum(amount) AS total FROM sales.orders GROUP BY 1, 2;
 * -- becomes
 * CREATE TABLE sales.daily AS SELECT region, day, sum(amount) AS total FROM sales.orders GROUP BY 1, 2
 * ```
 */

import { rewriteExpression } from '../sql-expressions.js';
import { isWord, joinTokens, matchingClose, qualifiedName, splitAtCommas, type Token } from '../sql-tokens.js';
import type { SqlContext } from '../sql-translation.js';
import { parseType } from '../sql-types.js';
import { REDSHIFT_TO_BIGQUERY_RULES } from './redshift-functions.js';
import { redshiftTypeToBigQuery } from './redshift-types.js';

/** Words that end a column's DEFAULT expression. */
const COLUMN_ATTRIBUTES = [
  'NOT',
  'NULL',
  'ENCODE',
  'DISTKEY',
  'SORTKEY',
  'PRIMARY',
  'UNIQUE',
  'REFERENCES',
  'IDENTITY',
  'GENERATED',
  'COLLATE',
  'DEFAULT',
];

export function createTableToBigQuery(
  tokens: readonly Token[],
  ctx: SqlContext,
  translateQuery: (t: readonly Token[]) => string,
): string {
  let i = 0;
  const head: string[] = [];
  const skip = () => {
    while (tokens[i] && (tokens[i].kind === 'space' || tokens[i].kind === 'comment')) i++;
  };
  // CREATE [LOCAL] [TEMP|TEMPORARY] TABLE [IF NOT EXISTS] name
  for (;;) {
    skip();
    const t = tokens[i];
    if (!isWord(t)) break;
    const w = t.text.toUpperCase();
    i++;
    if (w === 'LOCAL') continue;
    head.push(w === 'TEMPORARY' ? 'TEMP' : w);
    if (w === 'TABLE') break;
  }
  skip();
  if (isWord(tokens[i], 'IF')) {
    head.push('IF NOT EXISTS');
    i += 1;
    while (!isWord(tokens[i], 'EXISTS')) i++;
    i++;
    skip();
  }
  const nameStart = i;
  while (tokens[i] && tokens[i].kind !== 'open' && tokens[i].kind !== 'space' && !isWord(tokens[i], 'AS')) i++;
  const name = rewriteExpression(tokens.slice(nameStart, i), REDSHIFT_TO_BIGQUERY_RULES, ctx);
  skip();
  let columns = '';
  if (tokens[i]?.kind === 'open') {
    const close = matchingClose(tokens, i);
    columns = columnList(tokens.slice(i + 1, close), ctx);
    i = close + 1;
  }
  const removed: string[] = [];
  let sortKey: string | undefined;
  for (;;) {
    skip();
    if (i >= tokens.length || isWord(tokens[i], 'AS')) break;
    const attr = tableAttribute(tokens, i);
    removed.push(attr.text);
    if (attr.sortKey) sortKey = attr.sortKey;
    i = attr.end;
  }
  reportRemoved(removed, sortKey, ctx);
  const statement = `${head.join(' ')} ${name.trim()}${columns}`;
  if (!isWord(tokens[i], 'AS')) return statement;
  skip();
  if (columns)
    ctx.note(
      'human',
      'CREATE TABLE with a column list and AS: BigQuery takes column names from the query; alias them in the SELECT.',
    );
  return `${head.join(' ')} ${name.trim()} AS${translateQuery(tokens.slice(i + 1))}`;
}

function reportRemoved(removed: readonly string[], sortKey: string | undefined, ctx: SqlContext): void {
  if (removed.length > 0)
    ctx.note('changed', `removed ${removed.join(', ')}: BigQuery distributes, sorts and encodes storage itself`);
  if (sortKey)
    ctx.note(
      'human',
      `the sort key (${sortKey}) was removed; BigQuery's nearest equivalent is CLUSTER BY ${sortKey}: add it if queries filter on these columns.`,
    );
}

/** One table attribute: DISTSTYLE x, DISTKEY (c), [COMPOUND|INTERLEAVED] SORTKEY (c…) | AUTO, ENCODE AUTO, BACKUP YES|NO. */
function tableAttribute(tokens: readonly Token[], start: number): { text: string; end: number; sortKey?: string } {
  let i = start + 1;
  const skip = () => {
    while (tokens[i] && (tokens[i].kind === 'space' || tokens[i].kind === 'comment')) i++;
  };
  const word = tokens[start].text.toUpperCase();
  if (word === 'COMPOUND' || word === 'INTERLEAVED') {
    skip();
    i++;
  }
  skip();
  let sortKey: string | undefined;
  if (tokens[i]?.kind === 'open') {
    const close = matchingClose(tokens, i);
    if (word !== 'DISTKEY')
      sortKey = joinTokens(tokens.slice(i + 1, close))
        .replace(/\s+/g, ' ')
        .trim();
    i = close + 1;
  } else if (isWord(tokens[i])) i++;
  const text = joinTokens(tokens.slice(start, i)).replace(/\s+/g, ' ');
  return { text, end: i, sortKey };
}

/** ` (col type attrs, …, constraint)` with types mapped and Redshift-only attributes removed, or ` LIKE other`. */
function columnList(inner: readonly Token[], ctx: SqlContext): string {
  const sig = inner.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  if (isWord(sig[0], 'LIKE')) {
    const other = rewriteExpression(qualifiedName(sig, 1).tokens, REDSHIFT_TO_BIGQUERY_RULES, ctx);
    ctx.note('changed', `(LIKE ${other}) → LIKE ${other}`);
    return ` LIKE ${other}`;
  }
  const parts = splitAtCommas(inner);
  const trail = /\s*$/.exec(joinTokens(parts[parts.length - 1]))?.[0] ?? '';
  const kept = parts.map((p) => element(p, ctx)).filter((e): e is string => e !== undefined);
  return ` (${kept.map((e) => e.replace(/\s*$/, '')).join(',')}${trail})`;
}

/** One column or table constraint; undefined when it is removed. */
function element(tokens: readonly Token[], ctx: SqlContext): string | undefined {
  const lead = tokens.findIndex((t) => t.kind !== 'space' && t.kind !== 'comment');
  if (lead < 0) return joinTokens(tokens);
  const indent = joinTokens(tokens.slice(0, lead));
  const trail = /\s*$/.exec(joinTokens(tokens))?.[0] ?? '';
  const first = tokens[lead];
  if (isWord(first, 'PRIMARY', 'FOREIGN', 'CONSTRAINT', 'UNIQUE', 'CHECK')) {
    const c = constraint(tokens.slice(lead), ctx);
    return c === undefined ? undefined : indent + c + trail;
  }
  const name = rewriteExpression([first], REDSHIFT_TO_BIGQUERY_RULES, ctx);
  const parsed = parseType(tokens, lead + 1);
  if (!parsed) {
    ctx.note('human', `a column definition Godwit could not read (${joinTokens(tokens).trim()}); it was kept as written.`);
    return joinTokens(tokens);
  }
  const type = redshiftTypeToBigQuery(parsed.type, (s, m) => ctx.note(s, m));
  return indent + [name, type, ...columnAttributes(tokens.slice(parsed.end), name, ctx)].join(' ') + trail;
}

/** Attributes in BigQuery's order: key, DEFAULT, NOT NULL. */
function columnAttributes(tokens: readonly Token[], column: string, ctx: SqlContext): string[] {
  const sig = tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  let key = '';
  let dflt = '';
  let notNull = '';
  let i = 0;
  while (i < sig.length) {
    const w = sig[i].text.toUpperCase();
    i++;
    if (w === 'NOT' && isWord(sig[i], 'NULL')) {
      notNull = 'NOT NULL';
      i++;
    } else if (w === 'NULL') continue;
    else if (w === 'ENCODE' || w === 'DISTKEY' || w === 'SORTKEY') {
      if (w === 'ENCODE') i++;
      ctx.note(
        'changed',
        `removed ${w === 'ENCODE' ? `ENCODE ${sig[i - 1].text}` : w} on column ${column}: BigQuery encodes and lays out storage itself`,
      );
    } else if (w === 'PRIMARY' && isWord(sig[i], 'KEY')) {
      key = 'PRIMARY KEY NOT ENFORCED';
      i++;
    } else if (w === 'UNIQUE')
      ctx.note(
        'changed',
        `removed UNIQUE on column ${column}: BigQuery has no unique constraints (Redshift does not enforce them either)`,
      );
    else if (w === 'REFERENCES') {
      const target = qualifiedName(sig, i);
      const end = sig[target.end]?.kind === 'open' ? matchingClose(sig, target.end) + 1 : target.end;
      key = `REFERENCES ${rewriteExpression(sig.slice(i, end), REDSHIFT_TO_BIGQUERY_RULES, ctx)} NOT ENFORCED`;
      i = end;
    } else if (w === 'DEFAULT') {
      const start = i;
      while (i < sig.length && !isWord(sig[i], ...COLUMN_ATTRIBUTES))
        i = sig[i].kind === 'open' ? matchingClose(sig, i) + 1 : i + 1;
      dflt = `DEFAULT ${rewriteExpression(sig.slice(start, i), REDSHIFT_TO_BIGQUERY_RULES, ctx)}`;
    } else if (w === 'IDENTITY' || w === 'GENERATED') {
      if (w === 'GENERATED') while (i < sig.length && !isWord(sig[i - 1], 'IDENTITY')) i++;
      if (sig[i]?.kind === 'open') i = matchingClose(sig, i) + 1;
      ctx.note(
        'human',
        `the IDENTITY of column ${column} was removed: BigQuery has no identity columns; generate keys with GENERATE_UUID() or ROW_NUMBER().`,
      );
    } else
      ctx.note(
        'human',
        `the column attribute ${sig[i - 1].text} on ${column} has no BigQuery equivalent Godwit knows; it was dropped.`,
      );
  }
  return [key, dflt, notNull].filter((s) => s !== '');
}

/** A table constraint: PRIMARY KEY / FOREIGN KEY become NOT ENFORCED; UNIQUE goes (neither warehouse enforces it). */
function constraint(tokens: readonly Token[], ctx: SqlContext): string | undefined {
  const text = rewriteExpression(tokens, REDSHIFT_TO_BIGQUERY_RULES, ctx).trim();
  if (/\bUNIQUE\b/i.test(text) && !/\b(PRIMARY|FOREIGN)\b/i.test(text)) {
    ctx.note('changed', `removed ${text}: BigQuery has no unique constraints (Redshift does not enforce them either)`);
    return undefined;
  }
  if (!/\b(PRIMARY|FOREIGN)\b/i.test(text)) {
    ctx.note('human', `the constraint ${text} has no BigQuery equivalent; it was kept as written.`);
    return text;
  }
  return /NOT ENFORCED$/i.test(text) ? text : `${text} NOT ENFORCED`;
}
