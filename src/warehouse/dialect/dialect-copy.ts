/**
 * Running a dialect's COPY / LOAD DATA on the engine. LOAD DATA OVERWRITE replaces the table's
 * rows: the files are loaded into a staging table first (a bad file fails there, leaving the table
 * as it was), then the rows are swapped in and the staging table dropped.
 */
import type { CopyStatement } from '../../sql/index.js';
import { quotedTable } from '../identifiers.js';
import type { StatementCost, TableRef, Warehouse } from '../warehouse.js';

/** Offline there is one BigQuery project: the table without it. */
export function localRef(ref: TableRef): TableRef {
  return ref.schema === undefined ? { name: ref.name } : { schema: ref.schema, name: ref.name };
}

export async function copyStatement(engine: Warehouse, statement: CopyStatement): Promise<StatementCost> {
  const table = localRef(statement.table);
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
