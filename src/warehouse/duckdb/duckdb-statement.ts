/**
 * Running one statement on DuckDB: prepare it (so parameters are bound, never pasted), and when
 * it writes, run it in a transaction together with the catalog's version bump for the table it
 * writes, so a table's version changes exactly when a write to it commits.
 */
import type { DuckDBConnection, DuckDBPreparedStatement, StatementType } from '@duckdb/node-api';
import { quoteIdentifier } from '../identifiers.js';
import type { Column, Row, SqlParams } from '../warehouse.js';
import { duckdb } from './duckdb-api.js';
import { bumpVersion, type TableKey } from './duckdb-catalog.js';
import { duckdbError } from './duckdb-errors.js';
import type { DuckDbSession } from './duckdb-session.js';
import { bindParams, plainRow } from './duckdb-values.js';

const READS = new Set<StatementType>([
  duckdb.StatementType.SELECT,
  duckdb.StatementType.EXPLAIN,
  duckdb.StatementType.PREPARE,
  duckdb.StatementType.TRANSACTION,
  duckdb.StatementType.VARIABLE_SET,
  duckdb.StatementType.SET,
  duckdb.StatementType.PRAGMA,
  duckdb.StatementType.CALL,
  duckdb.StatementType.RELATION,
  duckdb.StatementType.LOGICAL_PLAN,
  duckdb.StatementType.LOAD,
]);

export interface Ran {
  readonly columns: Column[];
  readonly rows: Row[];
  readonly changed: number;
}

/** Prepares `sql` and binds `params`; E_SQL / E_TABLE_NOT_FOUND / E_SQL_PARAMETER on failure. */
export async function prepare(
  c: DuckDBConnection,
  sql: string,
  params: SqlParams,
  warehouse: string,
): Promise<DuckDBPreparedStatement> {
  let prepared: DuckDBPreparedStatement;
  try {
    prepared = await c.prepare(sql);
  } catch (err) {
    throw duckdbError(err, warehouse);
  }
  bindParams(prepared, params, warehouse);
  return prepared;
}

export function isWrite(prepared: DuckDBPreparedStatement): boolean {
  return !READS.has(prepared.statementType);
}

/** Runs a user's statement; a write bumps the version of its target (or the epoch) in the same transaction. */
export async function runStatement(
  session: DuckDbSession,
  c: DuckDBConnection,
  sql: string,
  params: SqlParams,
  warehouse: string,
): Promise<Ran> {
  const prepared = await prepare(c, sql, params, warehouse);
  if (prepared.statementType === duckdb.StatementType.TRANSACTION) {
    const ran = await read(prepared, warehouse);
    session.userTransaction = /^\s*(begin|start)\b/i.test(stripComments(sql));
    return ran;
  }
  if (!isWrite(prepared)) return read(prepared, warehouse);
  return inTransaction(session, c, async () => {
    const ran = await read(prepared, warehouse);
    const target = writeTarget(sql);
    await bumpVersion(c, target);
    // DuckDB reports no rows changed for CREATE TABLE … AS; the rows it holds are the figure to show.
    if (
      target &&
      prepared.statementType === duckdb.StatementType.CREATE &&
      /\bas\s*\(?\s*(select|with|values|from)\b/i.test(sql)
    ) {
      const counted = await (
        await c.run(`select count(*)::bigint as n from ${quoteIdentifier(target.schema)}.${quoteIdentifier(target.name)}`)
      ).getRowObjectsJS();
      return { ...ran, changed: Number(counted[0]?.n) };
    }
    return ran;
  });
}

async function read(prepared: DuckDBPreparedStatement, warehouse: string): Promise<Ran> {
  try {
    const result = await prepared.run();
    const rows = (await result.getRowObjectsJS()).map(plainRow);
    const columns = result.columnNames().map((name, i) => ({ name, type: String(result.columnType(i)) }));
    return { columns, rows, changed: result.rowsChanged };
  } catch (err) {
    throw duckdbError(err, warehouse);
  }
}

/** Runs `fn` in a transaction, unless the user has one open (their COMMIT decides then). */
export async function inTransaction<T>(session: DuckDbSession, c: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  if (session.userTransaction) return fn();
  await c.run('begin transaction');
  try {
    const out = await fn();
    await c.run('commit');
    return out;
  } catch (err) {
    await c.run('rollback').catch(() => undefined);
    throw err;
  }
}

const NAME = '(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)';
const QNAME = `(${NAME}(?:\\s*\\.\\s*${NAME}){0,2})`;
const TARGETS = [
  `insert\\s+(?:or\\s+\\w+\\s+)?into\\s+${QNAME}`,
  `update\\s+${QNAME}`,
  `delete\\s+from\\s+${QNAME}`,
  `truncate\\s+(?:table\\s+)?${QNAME}`,
  `create\\s+(?:or\\s+replace\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?${QNAME}`,
  `drop\\s+table\\s+(?:if\\s+exists\\s+)?${QNAME}`,
  `copy\\s+${QNAME}\\s+from\\b`,
].map((p) => new RegExp(`^${p}`, 'i'));

/**
 * The table a write statement writes, read from its first words; undefined when they do not say
 * (a CTE before INSERT, ALTER … RENAME, CREATE VIEW), and then every table's version changes.
 */
export function writeTarget(sql: string): TableKey | undefined {
  const text = stripComments(sql);
  for (const pattern of TARGETS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const parts = [...match[1].matchAll(new RegExp(NAME, 'g'))].map((m) =>
      (m[0].startsWith('"') ? m[0].slice(1, -1).replaceAll('""', '"') : m[0]).toLowerCase(),
    );
    return { schema: parts.length > 1 ? parts[parts.length - 2] : 'main', name: parts[parts.length - 1] };
  }
  return undefined;
}

function stripComments(sql: string): string {
  let text = sql.trimStart();
  for (;;) {
    if (text.startsWith('--')) text = text.slice(text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')).trimStart();
    else if (text.startsWith('/*'))
      text = text.slice(text.indexOf('*/') === -1 ? text.length : text.indexOf('*/') + 2).trimStart();
    else return text;
  }
}
