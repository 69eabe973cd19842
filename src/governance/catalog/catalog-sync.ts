/**
 * `godwit catalog sync`: a warehouse's schemas, tables and columns, read from its own
 * information_schema (DuckDB, PostgreSQL and Redshift all keep one; BigQuery one per region, over
 * every dataset in it), as the catalog records them: a schema (a BigQuery dataset) is a database,
 * its tables and views are tables. Nothing is copied but names and types.
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

/**
 * BigQuery's `region-LOCATION.INFORMATION_SCHEMA.COLUMNS` lists the columns of every dataset the
 * project keeps in the warehouse's location (`US` when none is configured, as BigQuery defaults).
 */
function bigQueryColumns(location: string | undefined): string {
  const region = (location ?? 'US').toLowerCase();
  if (!/^[a-z0-9-]+$/.test(region)) {
    throw new GodwitError('E_CATALOG_INPUT', `BigQuery location "${location}" is not a region or multi-region name.`, {
      hint: "Set the warehouse's location to one such as US, EU or europe-west2.",
    });
  }
  return `SELECT table_schema, table_name, column_name, data_type
  FROM \`region-${region}\`.INFORMATION_SCHEMA.COLUMNS
 ORDER BY table_schema, table_name, ordinal_position`;
}

export async function readWarehouseTables(warehouse: Warehouse): Promise<WarehouseTables> {
  const sql = warehouse.type === 'bigquery' ? bigQueryColumns((warehouse as { location?: string }).location) : COLUMNS;
  const { rows } = await warehouse.query(sql);
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
