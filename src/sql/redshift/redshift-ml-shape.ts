/**
 * The shapes of query `godwit migrate` can carry between Redshift ML's prediction functions and
 * BigQuery ML's ML.PREDICT: a select list of plain columns, and a projection over one table
 * (`SELECT … FROM t [alias] [WHERE …] [ORDER BY …] [LIMIT …]`, no join, no subquery in FROM).
 */
import { isWord, matchingClose, significant, splitAtCommas, type Token } from '../sql-tokens.js';

/** The output names of a select list of plain columns (`a`, `t.a`, `x AS a`); undefined for `*` or expressions. */
export function plainColumns(select: readonly Token[]): string[] | undefined {
  const sig = significant(select);
  const from = topLevel(sig, 'FROM');
  if (!isWord(sig[0], 'SELECT') || from < 0) return undefined;
  const out: string[] = [];
  for (const item of splitAtCommas(sig.slice(1, from))) {
    const last = item[item.length - 1];
    const plain =
      item.length === 1 || (item.length === 3 && item[1].text === '.') || (item.length === 3 && isWord(item[1], 'AS'));
    if (!plain || !last || (last.kind !== 'word' && last.kind !== 'ident')) return undefined;
    out.push(last.value ?? last.text);
  }
  return out;
}

/** The index of `word` in `sig` outside parentheses, or -1. */
export function topLevel(sig: readonly Token[], word: string, from = 0): number {
  for (let k = from; k < sig.length; k++) {
    if (sig[k].kind === 'open') k = matchingClose(sig, k);
    else if (isWord(sig[k], word)) return k;
  }
  return -1;
}

/**
 * A query over one table: the significant-token range of its FROM item (table and alias), or
 * undefined when FROM lists several, joins or reads a subquery.
 */
export function singleTable(sig: readonly Token[]): { start: number; end: number } | undefined {
  if (!isWord(sig[0], 'SELECT')) return undefined;
  const from = topLevel(sig, 'FROM');
  if (from < 0 || sig[from + 1]?.kind === 'open') return undefined;
  let end = from + 1;
  while (end < sig.length && !isWord(sig[end], 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'QUALIFY', 'WINDOW')) {
    if (sig[end].kind === 'comma' || sig[end].kind === 'open' || isWord(sig[end], 'JOIN', 'UNION', 'EXCEPT', 'INTERSECT'))
      return undefined;
    end++;
  }
  return end > from + 1 ? { start: from + 1, end } : undefined;
}
