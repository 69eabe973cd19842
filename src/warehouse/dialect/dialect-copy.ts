/**
 * Running a dialect's COPY / LOAD DATA on the engine. LOAD DATA OVERWRITE replaces the table's
 * rows: the files are loaded into a staging table first (a bad file fails there, leaving the table
 * as it was), then the rows are swapped in and the staging table dropped.
 */
import type { CopyStatement, StatementDialect } from '../../sql/index.js';
import { quotedTable } from '../identifiers.js';
import type { StatementCost, TableRef, Warehouse } from '../warehouse.js';

/**
 * The engine's name for a dialect's table: offline there is one BigQuery project (dropped), and
 * Redshift's default schema `public` is DuckDB's default `main`.
 */
export function localRef(ref: TableRef, dialect: StatementDialect): TableRef {
  return ref.schema === undefined || (ref.schema === 'public' && dialect === 'redshift')
    ? { name: ref.name }
    : { schema: ref.schema, name: ref.name };
}

export async function copyStatement(
  engine: Warehouse,
  statement: CopyStatement,
  dialect: StatementDialect,
): Promise<StatementCost> {
  const table = localRef(statement.table, dialect);
  if (!statement.overwrite || (await engine.tableVersion(table)) === undefined) return engine.copyFrom(table, statement.source);
  const started = performance.now();
  const staging = { ...table, name: `${table.name}__godwit_load` };
  const target = quotedTable(table, engine.name);
  const from = quotedTable(staging, engine.name);
  await engine.execute(`drop table if exists ${from}`);
  const loaded = await engine.copyFrom(staging, { ...statement.source, createTable: true });
  try {
    await engine.execute(`delete from ${target}`);
    await engine.execute(`insert into ${target} select * from ${from}`);
  } finally {
    await engine.execute(`drop table if exists ${from}`);
  }
  return { ...loaded, durationMs: performance.now() - started };
}
