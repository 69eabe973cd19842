/**
 * Token rewrites before the expression rules run, for DuckDB: parameters (`:name` in Redshift,
 * `@name` in BigQuery) become DuckDB's `$name`; BigQuery's unquoted `project.dataset.table` after
 * FROM / JOIN / INTO / TABLE / UPDATE loses its project (offline, the project is the one local
 * database and a dataset is a DuckDB schema); BigQuery's `UNNEST(…) AS x` names its column too
 * (`AS x(x)`), since in DuckDB the alias names the table, in BigQuery the element. Redshift's
 * default schema `public` is DuckDB's `main`, so `public.t` and `t` stay one table.
 */
import type { StatementDialect } from '../sql-statement.js';
import { isWord, matchingClose, type Token } from '../sql-tokens.js';

const TABLE_POSITION = ['FROM', 'JOIN', 'INTO', 'TABLE', 'UPDATE', 'VIEW', 'SCHEMA', 'EXISTS'];

export function prepareTokens(tokens: readonly Token[], dialect: StatementDialect): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const sigil = dialect === 'redshift' ? ':' : '@';
    if (t.kind === 'op' && t.text === sigil && next?.kind === 'word' && tokens[i - 1]?.text !== sigil) {
      out.push({ kind: 'word', text: `$${next.text}` });
      i++;
    } else if (isWord(t, ...TABLE_POSITION)) {
      out.push(t);
      i = (dialect === 'bigquery' ? dropProject(tokens, i + 1, out) : publicToMain(tokens, i + 1, out)) - 1;
    } else if (dialect === 'bigquery' && isWord(t, 'UNNEST') && tokens[i + 1]?.kind === 'open') {
      i = unnest(tokens, i, out) - 1;
    } else out.push(t);
  }
  return out;
}

/** Copies spaces, then a name; a three-part unquoted name loses its first part. Returns the index after. */
function dropProject(tokens: readonly Token[], i: number, out: Token[]): number {
  while (tokens[i]?.kind === 'space' || tokens[i]?.kind === 'comment') out.push(tokens[i++]);
  const parts = [tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3], tokens[i + 4]];
  const isPart = (t: Token | undefined) => t?.kind === 'word' || t?.kind === 'ident';
  const threePart =
    isPart(parts[0]) &&
    parts[1]?.text === '.' &&
    isPart(parts[2]) &&
    parts[3]?.text === '.' &&
    isPart(parts[4]) &&
    tokens[i + 5]?.text !== '.';
  return threePart ? i + 2 : i;
}

/** Copies spaces, then a `public.` schema as `main.`. Returns the index after what it copied. */
function publicToMain(tokens: readonly Token[], i: number, out: Token[]): number {
  while (tokens[i]?.kind === 'space' || tokens[i]?.kind === 'comment') out.push(tokens[i++]);
  const t = tokens[i];
  const isPublic = (t?.kind === 'word' && t.text.toLowerCase() === 'public') || (t?.kind === 'ident' && t.value === 'public');
  if (!isPublic || tokens[i + 1]?.text !== '.') return i;
  out.push({ kind: 'word', text: 'main' });
  return i + 1;
}

/** `UNNEST(e) [AS] x` → `UNNEST(e) AS x(x)`; returns the index after what it copied. */
function unnest(tokens: readonly Token[], i: number, out: Token[]): number {
  const close = matchingClose(tokens, i + 1);
  out.push(...tokens.slice(i, close + 1));
  let j = close + 1;
  const spaces: Token[] = [];
  while (tokens[j]?.kind === 'space') spaces.push(tokens[j++]);
  const hasAs = isWord(tokens[j], 'AS');
  let k = hasAs ? j + 1 : j;
  while (tokens[k]?.kind === 'space') k++;
  const alias = tokens[k];
  const isAlias =
    (alias?.kind === 'word' || alias?.kind === 'ident') &&
    !isWord(alias, 'WITH', 'ON', 'WHERE', 'JOIN', 'LEFT', 'CROSS', 'INNER', 'GROUP', 'ORDER');
  if (!isAlias || tokens[k + 1]?.kind === 'open') return close + 1;
  out.push(
    { kind: 'space', text: ' ' },
    { kind: 'word', text: 'AS' },
    { kind: 'space', text: ' ' },
    alias,
    { kind: 'open', text: '(' },
    alias,
    { kind: 'close', text: ')' },
  );
  return k + 1;
}
