/**
 * BigQuery ML's statements read into the statement model: `CREATE [OR REPLACE] MODEL [IF NOT
 * EXISTS] name [TRANSFORM (…)] OPTIONS (…) AS select` (TRANSFORM and OPTIONS in either order, as
 * BigQuery accepts) and `DROP MODEL [IF EXISTS] name`. What a model does is src/warehouse/bqml's.
 */
import type { StatementBody } from '../sql-statement.js';
import { Unreadable } from '../sql-statement.js';
import { readTableRef } from '../sql-table-ref.js';
import { isWord, joinTokens, matchingClose, type Token } from '../sql-tokens.js';
import { type MlValue, readMlOptions, splitTop } from './bigquery-ml-options.js';

/** The statement body, or undefined when `sig` is no MODEL statement. */
export function readBigQueryModelStatement(sig: readonly Token[], tokens: readonly Token[]): StatementBody | undefined {
  const word = (k: number, ...w: string[]) => isWord(sig[k], ...w);
  if (word(0, 'DROP') && word(1, 'MODEL')) return dropModel(sig);
  const replace = word(1, 'OR') && word(2, 'REPLACE');
  const at = replace ? 3 : 1;
  if (!word(0, 'CREATE') || !word(at, 'MODEL')) return undefined;
  const ifNotExists = word(at + 1, 'IF') && word(at + 2, 'NOT') && word(at + 3, 'EXISTS');
  const name = readTableRef(sig, ifNotExists ? at + 4 : at + 1, 'bigquery');
  if (!name) throw new Unreadable('CREATE MODEL needs a name: CREATE MODEL dataset.model OPTIONS (…) AS select');
  let options: Map<string, MlValue> | undefined;
  let transform: string[] | undefined;
  let k = name.end;
  while (word(k, 'OPTIONS', 'TRANSFORM')) {
    if (sig[k + 1]?.kind !== 'open') throw new Unreadable(`${sig[k].text.toUpperCase()} needs a parenthesised list`);
    const close = matchingClose(sig, k + 1);
    const inner = sig.slice(k + 2, close);
    if (word(k, 'OPTIONS')) options = readMlOptions(inner);
    else transform = splitTop(inner).map((part) => joinTokens(between(tokens, part)).trim());
    k = close + 1;
  }
  if (word(k, 'INPUT', 'OUTPUT', 'REMOTE'))
    throw new Unreadable(`${sig[k].text.toUpperCase()} (remote and imported models) is not run offline`);
  if (!options) throw new Unreadable("CREATE MODEL needs OPTIONS (model_type = '…', …)");
  if (!word(k, 'AS')) throw new Unreadable('CREATE MODEL … OPTIONS (…) AS select: the AS and its query are missing');
  const select = stripParens(joinTokens(tokens.slice(tokens.indexOf(sig[k]) + 1)).trim());
  return { kind: 'create-model', model: name.ref, replace, ifNotExists, options, ...(transform ? { transform } : {}), select };
}

function dropModel(sig: readonly Token[]): StatementBody {
  const ifExists = isWord(sig[2], 'IF') && isWord(sig[3], 'EXISTS');
  const name = readTableRef(sig, ifExists ? 4 : 2, 'bigquery');
  if (!name || name.end !== sig.length) throw new Unreadable('DROP MODEL [IF EXISTS] dataset.model');
  return { kind: 'drop-model', model: name.ref, ifExists };
}

/** The full tokens (spaces kept) from the first to the last of `part`. */
function between(tokens: readonly Token[], part: readonly Token[]): readonly Token[] {
  if (part.length === 0) return [];
  return tokens.slice(tokens.indexOf(part[0]), tokens.indexOf(part[part.length - 1]) + 1);
}

/** `AS (SELECT …)` is written both ways; the query inside is the same. */
function stripParens(select: string): string {
  return select.startsWith('(') && select.endsWith(')') && balanced(select.slice(1, -1)) ? select.slice(1, -1).trim() : select;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}
