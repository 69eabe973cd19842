/**
 * `godwit catalog sync`: a warehouse's schemas, tables and columns, read from its own
 * information_schema (DuckDB, PostgreSQL and Redshift all keep one), as the catalog records them:
 * a schema is a database, its tables and views are tables. Nothing is copied but names and types.
 * The DuckDB warehouse's own bookkeeping schema (`godwit_catalog`, duckdb-catalog.ts) is not the user's.
 */
import { GodwitError } from '../../core/errors.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import type { WarehouseTables } from './catalog-store.js';

const COLUMNS = `SELECT table_schema, table_name, column_name, data_type
  FROM information_schema.columns
 WHERE table_catalog = current_database()
   AND table_schema NOT IN ('information_schema', 'pg_catalog', 'pg_toast', 'pg_internal', 'godwit_catalog')
   AND table_schema NOT LIKE 'pg_temp%'
 ORDER BY table_schema, table_name, ordinal_position`;

export async function readWarehouseTables(warehouse: Warehouse): Promise<WarehouseTables> {
  if (warehouse.type === 'bigquery') {
    throw new GodwitError(
      'E_CATALOG_INPUT',
      `Warehouse "${warehouse.name}" is BigQuery, whose datasets godwit catalog sync does not read yet.`,
      {
        hint: 'Record its tables with godwit catalog create-table, or sync a DuckDB, PostgreSQL or Redshift warehouse.',
      },
    );
  }
  const { rows } = await warehouse.query(COLUMNS);
  const tables = new Map<string, { database: string; name: string; columns: { name: string; type: string }[] }>();
  for (const r of rows) {
    const key = `${r.table_schema}.${r.table_name}`;
    let t = tables.get(key);
    if (!t) {
      t = { database: String(r.table_schema), name: String(r.table_name), columns: [] };
      tables.set(key, t);
    }
    t.columns.push({ name: String(r.column_name), type: String(r.data_type) });
  }
  return { warehouse: warehouse.name, tables: [...tables.values()] };
}
