/**
 * BigQuery ML's table functions inside a query: `ML.PREDICT(MODEL m, TABLE t | (SELECT …)
 * [, STRUCT(0.6 AS threshold)])`, `ML.EVALUATE(MODEL m [, …])`, `ML.TRAINING_INFO(MODEL m)` and
 * the rest, found in a statement's tokens so a warehouse can put their results in their place.
 * Only the reading is here; what each function returns is src/warehouse/bqml's.
 */
import type { TableRef } from '../../warehouse/warehouse.js';
import { Unreadable } from '../sql-statement.js';
import { readTableRef } from '../sql-table-ref.js';
import { isWord, joinTokens, matchingClose, type Token } from '../sql-tokens.js';
import { type MlValue, readStructFields, splitTop } from './bigquery-ml-options.js';

export interface MlCall {
  /** Upper case, without `ML.`: `PREDICT`, `EVALUATE`, … */
  readonly name: string;
  readonly model: TableRef;
  /** The input rows: a table, or a query in BigQuery SQL. */
  readonly input?: { readonly table: TableRef } | { readonly query: string };
  /** The STRUCT settings (`threshold`, …) by lower-case name. */
  readonly settings: ReadonlyMap<string, MlValue>;
  /** Indexes into the statement's full token list: `ML` … the closing parenthesis, inclusive. */
  readonly start: number;
  readonly end: number;
}

/** Every `ML.NAME(MODEL …)` call in `tokens`, in order; E_SQL_DIALECT-worthy shapes throw Unreadable. */
export function findMlCalls(tokens: readonly Token[]): MlCall[] {
  const at: number[] = [];
  const sig: Token[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'space' && t.kind !== 'comment') {
      sig.push(t);
      at.push(i);
    }
  });
  const calls: MlCall[] = [];
  for (let k = 0; k + 4 < sig.length; k++) {
    if (!isWord(sig[k], 'ML') || sig[k + 1].text !== '.' || !isWord(sig[k + 2]) || sig[k + 3].kind !== 'open') continue;
    if (!isWord(sig[k + 4], 'MODEL')) continue;
    const close = matchingClose(sig, k + 3);
    const call = readCall(sig[k + 2].text.toUpperCase(), sig.slice(k + 4, close), tokens, at[k], at[close]);
    calls.push(call);
    k = close;
  }
  return calls;
}

function readCall(name: string, args: readonly Token[], tokens: readonly Token[], start: number, end: number): MlCall {
  const [modelPart, ...rest] = splitTop(args);
  const model = readTableRef(modelPart, 1, 'bigquery');
  if (!model || model.end !== modelPart.length)
    throw new Unreadable(`ML.${name} needs MODEL dataset.model as its first argument`);
  let input: MlCall['input'];
  let settings: ReadonlyMap<string, MlValue> = new Map();
  for (const part of rest) {
    if (isWord(part[0], 'TABLE')) {
      const table = readTableRef(part, 1, 'bigquery');
      if (!table || table.end !== part.length) throw new Unreadable(`ML.${name}: TABLE needs a table name`);
      input = { table: table.ref };
    } else if (part[0]?.kind === 'open' && matchingClose(part, 0) === part.length - 1) {
      const inner = tokens.slice(tokens.indexOf(part[0]) + 1, tokens.indexOf(part[part.length - 1]));
      input = { query: joinTokens(inner).trim() };
    } else if (isWord(part[0], 'STRUCT') && part[1]?.kind === 'open') {
      settings = readStructFields(part.slice(2, matchingClose(part, 1)));
    } else {
      throw new Unreadable(`ML.${name}: "${joinTokens(part)}" is not TABLE t, (SELECT …) or STRUCT(…)`);
    }
  }
  return { name, model: model.ref, ...(input ? { input } : {}), settings, start, end };
}
