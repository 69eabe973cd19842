/**
 * BigQuery ML's `EXPORT MODEL dataset.model [OPTIONS (URI = 'gs://bucket/folder/')]` read into the
 * statement model (`export-model`). Which options an export takes and what it writes is
 * src/warehouse/bqml/bqml-export.ts's; this only reads the statement.
 */
import type { StatementBody } from '../sql-statement.js';
import { Unreadable } from '../sql-statement.js';
import { readTableRef } from '../sql-table-ref.js';
import { isWord, matchingClose, type Token } from '../sql-tokens.js';
import { type MlValue, readMlOptions } from './bigquery-ml-options.js';

const SHAPE = "EXPORT MODEL dataset.model OPTIONS (URI = 'gs://bucket/folder/')";

/** The statement body of `EXPORT MODEL …` (`sig` starts with EXPORT MODEL). */
export function readBigQueryExportModel(sig: readonly Token[]): StatementBody {
  const name = readTableRef(sig, 2, 'bigquery');
  if (!name) throw new Unreadable(`EXPORT MODEL needs a model name: ${SHAPE}`);
  let options = new Map<string, MlValue>();
  let k = name.end;
  if (isWord(sig[k], 'OPTIONS')) {
    if (sig[k + 1]?.kind !== 'open') throw new Unreadable(`OPTIONS needs a parenthesised list: ${SHAPE}`);
    const close = matchingClose(sig, k + 1);
    options = readMlOptions(sig.slice(k + 2, close));
    k = close + 1;
  }
  if (k < sig.length) throw new Unreadable(`unexpected "${sig[k].text}" after the model name: ${SHAPE}`);
  return { kind: 'export-model', model: name.ref, options };
}
