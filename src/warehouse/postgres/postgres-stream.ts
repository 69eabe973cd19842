/**
 * A statement's rows in batches, never all at once: a query (SELECT, WITH, VALUES, TABLE) runs
 * behind a server-side cursor (`DECLARE … NO SCROLL CURSOR` in a read-only transaction, then
 * `FETCH n`), so the server holds the result and the client one batch. Any other statement
 * (`INSERT … RETURNING`, `SHOW`) cannot be a cursor: it runs whole and its rows are yielded in
 * batches. Leaving the loop early closes the cursor and ends the transaction.
 */
import type pg from 'pg';
import { significant, tokenize } from '../../sql/sql-tokens.js';
import type { Column, RowBatch } from '../warehouse.js';
import { bare, POSTGRES } from './postgres-params.js';

type Fields = readonly { name: string; dataTypeID: number }[];

const CURSOR = 'godwit_stream';

export async function* streamRows(
  client: pg.PoolClient,
  statement: pg.QueryConfig,
  batchRows: number,
  columnsOf: (fields: Fields) => Promise<Column[]>,
  fail: (err: unknown) => Error,
): AsyncIterable<RowBatch> {
  const size = Math.max(1, Math.floor(batchRows));
  if (!isQuery(statement.text)) {
    const result = await client.query(statement).catch((err) => Promise.reject(fail(err)));
    const columns = await columnsOf(result.fields ?? []);
    for (let i = 0; i < result.rows.length; i += size) yield { columns, rows: result.rows.slice(i, i + size) };
    return;
  }
  let open = false;
  try {
    await client.query('BEGIN');
    open = true;
    await client.query({ ...statement, text: `DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${bare(statement.text)}` });
    let columns: Column[] | undefined;
    for (;;) {
      const batch = await client.query(`FETCH FORWARD ${size} FROM ${CURSOR}`);
      columns ??= await columnsOf(batch.fields ?? []);
      if (batch.rows.length > 0) yield { columns, rows: batch.rows };
      if (batch.rows.length < size) break;
    }
    await client.query('COMMIT');
    open = false;
  } catch (err) {
    throw fail(err);
  } finally {
    // An early `break` (or an error) lands here with the transaction open: end it, cursor and all.
    if (open) await client.query('ROLLBACK').catch(() => {});
  }
}

/** Whether the statement is one PostgreSQL can put behind a cursor. */
function isQuery(text: string): boolean {
  const first = significant(tokenize(text, POSTGRES)).find((t) => t.kind !== 'open');
  return first?.kind === 'word' && /^(SELECT|WITH|VALUES|TABLE)$/i.test(first.text);
}
