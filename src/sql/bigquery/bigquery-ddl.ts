/**
 * BigQuery `CREATE [OR REPLACE] TABLE` → Redshift: column types mapped, `NOT ENFORCED` dropped,
 * CLUSTER BY as SORTKEY, PARTITION BY and OPTIONS reported; the reverse of redshift/redshift-ddl.ts.
 */
import { rewriteExpression } from '../sql-expressions.js';
import { isWord, joinTokens, matchingClose, qualifiedName, significant, splitAtCommas, type Token } from '../sql-tokens.js';
import type { SqlContext } from '../sql-translation.js';
import { parseType } from '../sql-types.js';
import { BIGQUERY_TO_REDSHIFT_RULES } from './bigquery-functions.js';
import { bigQueryTypeToRedshift } from './bigquery-types.js';

export function createTableToRedshift(tokens: readonly Token[], ctx: SqlContext): string {
  return orReplace(tokens, ctx) + createTable(withoutOrReplace(tokens), ctx);
}

function rewrite(tokens: readonly Token[], ctx: SqlContext): string {
  return rewriteExpression(tokens, BIGQUERY_TO_REDSHIFT_RULES, ctx);
}

/** Redshift has no CREATE OR REPLACE TABLE: the table is dropped first. */
function orReplace(tokens: readonly Token[], ctx: SqlContext): string {
  const sig = significant(tokens);
  if (!isWord(sig[1], 'OR') || !isWord(sig[2], 'REPLACE')) return '';
  const table = sig.findIndex((t) => isWord(t, 'TABLE'));
  const name = qualifiedName(sig, table + 1).tokens;
  const text = rewrite(name, ctx);
  ctx.note('changed', `CREATE OR REPLACE TABLE → DROP TABLE IF EXISTS ${text}; CREATE TABLE`);
  return `DROP TABLE IF EXISTS ${text};\n`;
}

function withoutOrReplace(tokens: readonly Token[]): Token[] {
  const sig = significant(tokens);
  if (!isWord(sig[1], 'OR') || !isWord(sig[2], 'REPLACE')) return [...tokens];
  const skip = new Set<number>();
  for (const word of [sig[1], sig[2]]) {
    const k = tokens.indexOf(word);
    skip.add(k);
    if (tokens[k + 1]?.kind === 'space') skip.add(k + 1);
  }
  return tokens.filter((_, k) => !skip.has(k));
}

/** Column types mapped, `NOT ENFORCED` dropped, CLUSTER BY → SORTKEY, PARTITION BY and OPTIONS reported. */
function createTable(tokens: readonly Token[], ctx: SqlContext): string {
  const open = tokens.findIndex((t) => t.kind === 'open');
  const as = tokens.findIndex((t, k) => isWord(t, 'AS') && (open < 0 || k < open || k > matchingClose(tokens, open)));
  const columnsEnd = open >= 0 && (as < 0 || open < as) ? matchingClose(tokens, open) : -1;
  let head = columnsEnd >= 0 ? rewrite(tokens.slice(0, open), ctx) : '';
  let rest = tokens.slice(columnsEnd + 1);
  if (columnsEnd >= 0) {
    const columns = splitAtCommas(tokens.slice(open + 1, columnsEnd)).map((c) => column(c, ctx));
    head += `(${columns.join(',')})`;
  } else {
    head = rewrite(tokens.slice(0, as < 0 ? tokens.length : as), ctx);
    rest = as < 0 ? [] : tokens.slice(as);
  }
  const restAs = rest.findIndex((t) => isWord(t, 'AS'));
  const clauses = tableClauses(restAs < 0 ? rest : rest.slice(0, restAs), ctx);
  const query = restAs < 0 ? '' : ` AS${rewrite(rest.slice(restAs + 1), ctx)}`;
  return `${head.replace(/\bTEMP\b/i, 'TEMP').trimEnd()}${clauses}${query}`;
}

function column(tokens: readonly Token[], ctx: SqlContext): string {
  const lead = tokens.findIndex((t) => t.kind !== 'space' && t.kind !== 'comment');
  if (lead < 0) return joinTokens(tokens);
  if (isWord(tokens[lead], 'PRIMARY', 'FOREIGN', 'CONSTRAINT')) return rewrite(tokens, ctx).replace(/\s+NOT\s+ENFORCED/gi, '');
  const parsed = parseType(tokens, lead + 1);
  if (!parsed) return rewrite(tokens, ctx);
  const type = bigQueryTypeToRedshift(parsed.type, (s, m) => ctx.note(s, m));
  const attrs = rewrite(tokens.slice(parsed.end), ctx).replace(/\s+NOT\s+ENFORCED/gi, '');
  if (/\bOPTIONS\s*\(/i.test(attrs))
    ctx.note('changed', 'column OPTIONS (descriptions) dropped: use COMMENT ON COLUMN in Redshift');
  return `${joinTokens(tokens.slice(0, lead))}${rewrite([tokens[lead]], ctx)} ${type}${attrs.replace(/\s*\bOPTIONS\s*\(.*\)/is, '')}`;
}

/** PARTITION BY / CLUSTER BY / OPTIONS after the column list. */
function tableClauses(tokens: readonly Token[], ctx: SqlContext): string {
  const sig = significant(tokens);
  let out = '';
  for (let i = 0; i < sig.length; i++) {
    if (isWord(sig[i], 'CLUSTER') && isWord(sig[i + 1], 'BY')) {
      const cols: string[] = [];
      for (i += 2; i < sig.length && !isWord(sig[i], 'PARTITION', 'OPTIONS'); i++)
        if (sig[i].kind !== 'comma') cols.push(sig[i].text);
      i--;
      out += `\nSORTKEY (${cols.join(', ')})`;
      ctx.note('changed', `CLUSTER BY ${cols.join(', ')} → SORTKEY (${cols.join(', ')})`);
    } else if (isWord(sig[i], 'PARTITION')) {
      ctx.note(
        'human',
        'PARTITION BY was dropped: Redshift has no table partitions; a SORTKEY on the partition column gives similar pruning.',
      );
      i++;
      while (i + 1 < sig.length && !isWord(sig[i + 1], 'CLUSTER', 'OPTIONS')) i++;
    } else if (isWord(sig[i], 'OPTIONS')) {
      ctx.note('changed', 'table OPTIONS dropped (descriptions, expiration): Redshift has COMMENT ON TABLE');
      if (sig[i + 1]?.kind === 'open') i = matchingClose(sig, i + 1);
    }
  }
  return out;
}
