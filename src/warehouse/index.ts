/**
 * The warehouse capability: open the warehouse a configuration names, run SQL on it.
 *
 * ```ts
 * const wh = await openWarehouse('default', { type: 'duckdb' }, { home, stores });
 * (await wh.query('select 42 as answer')).rows; // [{ answer: 42 }]
 * ```
 */
import type { WarehouseConfig } from '../config/config.js';
import type { StoreResolver, Warehouse } from './warehouse.js';

export type * from './warehouse.js';

/** What opening a warehouse needs besides its configuration. */
export interface WarehouseDeps {
  /** Godwit's home folder: the embedded DuckDB database file lives in `<home>/warehouse/`. */
  readonly home: string;
  /** How COPY and UNLOAD reach object storage. */
  readonly stores: StoreResolver;
  /** Where credentials are read from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** What each backend module exports; loaded only when a warehouse of its type is first opened. */
export interface WarehouseBackend {
  createWarehouse(name: string, config: WarehouseConfig, deps: WarehouseDeps): Warehouse;
}
