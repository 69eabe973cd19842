/**
 * Godwit's own tables inside the DuckDB file (schema `godwit_catalog`): a random id for the file,
 * a per-table version counter that Godwit bumps on every write it performs, an epoch bumped by a
 * write whose target table it cannot tell, and the definitions of materialized views (which
 * DuckDB does not have; Godwit materializes them as tables).
 *
 * A table's version (`tableVersion`) joins the file id, its counter, the epoch and DuckDB's own
 * row and column counts. Writes made outside Godwit (the DuckDB CLI on the same file) do not bump
 * the counter: the row count catches inserts and deletes, not an UPDATE in place.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableRef } from '../warehouse.js';

export const CATALOG = 'godwit_catalog';

const SCHEMA = [
  `create schema if not exists ${CATALOG}`,
  `create table if not exists ${CATALOG}.facts (key varchar primary key, value varchar not null)`,
  `create table if not exists ${CATALOG}.table_versions (schema_name varchar, table_name varchar, version bigint not null, primary key (schema_name, table_name))`,
  `create table if not exists ${CATALOG}.materialized_views (schema_name varchar, view_name varchar, definition varchar not null, params varchar not null, primary key (schema_name, view_name))`,
  `insert into ${CATALOG}.facts values ('database_id', uuid()::varchar), ('epoch', '0') on conflict do nothing`,
];

/** Creates the catalog when missing; returns the file's id. */
export async function ensureCatalog(c: DuckDBConnection): Promise<string> {
  await c.run('begin transaction');
  try {
    for (const statement of SCHEMA) await c.run(statement);
    await c.run('commit');
  } catch (err) {
    await c.run('rollback').catch(() => undefined);
    throw err;
  }
  const rows = await (await c.run(`select value from ${CATALOG}.facts where key = 'database_id'`)).getRowObjectsJS();
  return String(rows[0]?.value);
}

/** Catalog key of a table: DuckDB matches names case-insensitively, so the key is lower-cased. */
export interface TableKey {
  readonly schema: string;
  readonly name: string;
}

export function keyOf(ref: TableRef): TableKey {
  return { schema: (ref.schema ?? 'main').toLowerCase(), name: ref.name.toLowerCase() };
}

/** Records a write to `table`, or to an unknown table (every version changes) when undefined. */
export async function bumpVersion(c: DuckDBConnection, table: TableKey | undefined): Promise<void> {
  if (table === undefined) {
    await c.run(`update ${CATALOG}.facts set value = (value::bigint + 1)::varchar where key = 'epoch'`);
    return;
  }
  await c.run(
    `insert into ${CATALOG}.table_versions values ($s, $n, 1) on conflict do update set version = table_versions.version + 1`,
    { s: table.schema, n: table.name },
  );
}

/** The table's version, or undefined when no such table exists. */
export async function versionOf(c: DuckDBConnection, databaseId: string, table: TableKey): Promise<string | undefined> {
  const result = await c.run(
    `select t.estimated_size as size, t.column_count as columns, coalesce(v.version, 0) as version,
       (select value from ${CATALOG}.facts where key = 'epoch') as epoch
     from duckdb_tables() t
     left join ${CATALOG}.table_versions v on v.schema_name = lower(t.schema_name) and v.table_name = lower(t.table_name)
     where lower(t.schema_name) = $s and lower(t.table_name) = $n and t.database_name = current_database()`,
    { s: table.schema, n: table.name },
  );
  const row = (await result.getRowObjectsJS())[0];
  if (row === undefined) return undefined;
  return `duckdb:${databaseId.slice(0, 8)}:${row.version}.${row.epoch}:${row.size}r${row.columns}c`;
}

/** Whether the table (or materialized view) exists. */
export async function tableExists(c: DuckDBConnection, table: TableKey): Promise<boolean> {
  const result = await c.run(
    'select 1 from duckdb_tables() where lower(schema_name) = $s and lower(table_name) = $n and database_name = current_database()',
    { s: table.schema, n: table.name },
  );
  return (await result.getRowObjectsJS()).length > 0;
}
