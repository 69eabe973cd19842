/**
 * The warehouse capability: open the warehouse a configuration names, run SQL on it.
 *
 * ```ts
 * const wh = await openWarehouse('default', { type: 'duckdb' }, { home, stores });
 * (await wh.query('select 42 as answer')).rows; // [{ answer: 42 }]
 * const named = await warehouseFor(await loadConfig(source), 'analytics'); // the config's entry
 * ```
 */
import type { GodwitConfig, WarehouseConfig } from '../config/config.js';
import { GodwitError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { objectIn } from '../store/index.js';
import type { StoreResolver, Warehouse, WarehouseDialect, WarehouseType } from './warehouse.js';

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

// Vendor SDKs stay at the edge: a backend's module (and its driver) is imported on first use, so
// `godwit sql` on DuckDB never loads `pg` or BigQuery's client. A new backend is one line here.
const backends: Partial<Record<WarehouseType, () => Promise<WarehouseBackend>>> = {
  duckdb: () => import('./duckdb/duckdb-warehouse.js'),
  postgres: () => import('./postgres/postgres-warehouse.js'),
  redshift: () => import('./redshift/redshift-warehouse.js'),
  bigquery: () => import('./bigquery/index.js'),
};

/** Runs SQL of another dialect on a warehouse (Redshift or BigQuery SQL offline on DuckDB, BigQuery SQL on PostgreSQL). */
export type DialectFrontEnd = (engine: Warehouse) => Warehouse;

// The dialect front ends (src/warehouse/dialect/), loaded on first use like the backends; each
// runs its dialect on a warehouse that speaks DuckDB's (BigQuery's also on PostgreSQL's). One line each.
const frontEnd = (dialect: 'redshift' | 'bigquery') => async (): Promise<DialectFrontEnd> => {
  const { dialectWarehouse } = await import('./dialect/dialect-warehouse.js');
  return (engine) => dialectWarehouse(engine, dialect);
};
const frontEnds: Partial<Record<WarehouseDialect, () => Promise<DialectFrontEnd>>> = {
  redshift: frontEnd('redshift'),
  bigquery: frontEnd('bigquery'),
};

/** The engine dialects each front end runs on. */
const engines: Readonly<Record<string, readonly WarehouseDialect[]>> = {
  redshift: ['duckdb'],
  bigquery: ['duckdb', 'postgres'],
};

export interface OpenOptions {
  /** The dialect the caller's SQL is in; default the warehouse's own. */
  readonly dialect?: WarehouseDialect;
  /**
   * Wraps the engine before the dialect front end, so a caller's statements are enforced on the
   * engine's SQL (data governance: `governedWarehouse` in src/governance/enforce).
   */
  readonly govern?: (engine: Warehouse) => Warehouse;
}

/** The name `godwit sql` and SQL steps use when the configuration names no warehouse. */
export const DEFAULT_WAREHOUSE = 'default';

/**
 * The warehouse `config` describes, named `name`; constructing it does no I/O (the first call
 * connects). A type without a backend in this build is E_CONFIG naming the types there are.
 */
export async function openWarehouse(
  name: string,
  config: WarehouseConfig,
  deps: WarehouseDeps,
  options: OpenOptions = {},
): Promise<Warehouse> {
  const load = backends[config.type];
  if (load === undefined) {
    const known = Object.keys(backends);
    throw new GodwitError(
      'E_CONFIG',
      `Warehouse "${name}" has type "${String(config.type)}", which this version of Godwit cannot open.${didYouMean(String(config.type), known)}`,
      {
        hint: `Types available: ${known.join(', ')}.`,
      },
    );
  }
  const engine = (await load()).createWarehouse(name, config, deps);
  const warehouse = options.govern ? options.govern(engine) : engine;
  return options.dialect === undefined ? warehouse : speaking(warehouse, options.dialect);
}

/**
 * `warehouse` seen as one that accepts `dialect`'s SQL: itself when it already does, Redshift or
 * BigQuery SQL on a DuckDB warehouse and BigQuery SQL on a PostgreSQL one through the dialect
 * front end; anything else is E_CONFIG.
 */
export async function speaking(warehouse: Warehouse, dialect: WarehouseDialect): Promise<Warehouse> {
  if (dialect === warehouse.dialect) return warehouse;
  const load = engines[dialect]?.includes(warehouse.dialect) ? frontEnds[dialect] : undefined;
  if (load === undefined) {
    throw new GodwitError(
      'E_CONFIG',
      `Warehouse "${warehouse.name}" runs ${warehouse.dialect} SQL; this version of Godwit cannot run ${dialect} SQL on it.`,
      {
        hint: `Write the SQL in ${warehouse.dialect}'s dialect, or use a ${dialect} warehouse.`,
      },
    );
  }
  return (await load())(warehouse);
}

/** Settings `warehouseFor` takes from a loaded configuration. */
export type WarehouseSettings = Pick<GodwitConfig, 'home' | 'warehouses' | 'defaultWarehouse' | 's3' | 'gcs'>;

/**
 * The warehouse a configuration names: `name`, else its `defaultWarehouse`, else `default`. With
 * no `warehouses` entry for `default`, that is the embedded DuckDB file in the home. An unknown
 * name is E_CONFIG listing the names that exist. COPY and UNLOAD reach stores through
 * `options.stores`, by default with the configuration's S3 and GCS settings.
 */
export async function warehouseFor(
  config: WarehouseSettings,
  name?: string,
  env: NodeJS.ProcessEnv = process.env,
  options: OpenOptions & { readonly stores?: StoreResolver } = {},
): Promise<Warehouse> {
  const chosen = name ?? config.defaultWarehouse ?? DEFAULT_WAREHOUSE;
  const entry = config.warehouses[chosen] ?? (chosen === DEFAULT_WAREHOUSE ? { type: 'duckdb' as const } : undefined);
  if (entry === undefined) {
    const names = [...new Set([DEFAULT_WAREHOUSE, ...Object.keys(config.warehouses)])];
    throw new GodwitError('E_CONFIG', `There is no warehouse named "${chosen}".${didYouMean(chosen, names)}`, {
      hint: `Warehouses: ${names.join(', ')}. Define others under "warehouses" in godwit.config.yaml.`,
    });
  }
  const stores: StoreResolver =
    options.stores ?? ((uri) => objectIn(uri, { s3: config.s3, gcs: config.gcs, env, home: config.home }));
  return openWarehouse(chosen, entry, { home: config.home, stores, env }, options);
}
