/**
 * A DuckDB or PostgreSQL engine warehouse as one caller sees it: every statement, CTAS,
 * materialized view and UNLOAD is rewritten by `enforce` in the engine's SQL before the engine
 * runs it, and the engine's "column not found" (PostgreSQL's `column "x" does not exist`) for a
 * column the caller's views leave out is `E_ACCESS_DENIED` naming it. The dialect front ends wrap
 * it like any engine (`dialectWarehouse(governedWarehouse(duckdb, …), 'bigquery')`), so BigQuery
 * and Redshift SQL are enforced on their translation, UNLOAD and EXPORT DATA included (they reach
 * the engine's `unload` with their SELECT). The Redshift warehouse on PostgreSQL (and Redshift's
 * Data API) is read with PostgreSQL's rules; on PostgreSQL, unqualified names are resolved by the
 * server's own search_path.
 *
 * ```ts
 * const wh = governedWarehouse(duckdb, ana, catalog, { record: (d) => accessLog.record(d) });
 * await wh.query('select * from churn.customers'); // ana's view only
 * ```
 *
 * The local caller gets the engine itself.
 */

import { basename } from 'node:path';
import type {
  CopySource,
  CreateOptions,
  QueryResult,
  RowBatch,
  SqlParams,
  StatementCost,
  StreamOptions,
  TableRef,
  UnloadResult,
  UnloadTarget,
  Warehouse,
} from '../../warehouse/warehouse.js';
import { ExternalReads } from '../external/external-relation.js';
import type { Caller, GovernanceCatalog } from '../governance-records.js';
import { type Decision, deniedColumn, type Enforced, EnforcementError, type EnforceOptions, enforce } from './enforce.js';

export interface GovernedOptions extends EnforceOptions {
  /** Where each statement's decisions go (the access log), allowed and denied alike. */
  readonly record?: (decisions: readonly Decision[]) => Promise<void>;
}

/**
 * The engine behind a governed warehouse, for Godwit's own bookkeeping in it (BigQuery ML's model
 * store): the models' rows are not the caller's data, while the ML statements' input SELECTs still
 * go through the governed warehouse. Any other warehouse is returned as it is.
 */
export function engineBehind(warehouse: Warehouse): Warehouse {
  return warehouse instanceof GovernedWarehouse ? warehouse.engine : warehouse;
}

export function governedWarehouse(
  engine: Warehouse,
  caller: Caller,
  catalog: GovernanceCatalog,
  options: GovernedOptions = {},
): Warehouse {
  if (caller.kind === 'local') return engine;
  const warehouseCatalog = engine.dialect === 'duckdb' ? duckdbCatalogOf(engine) : undefined;
  return new GovernedWarehouse(engine, caller, catalog, { warehouseCatalog, ...options });
}

/** DuckDB's name for the warehouse's database: the file's name without its extension, `memory` for `:memory:`. */
export function duckdbCatalogOf(engine: Warehouse): string | undefined {
  const path = (engine as { path?: unknown }).path;
  if (typeof path !== 'string') return undefined;
  return path === ':memory:' ? 'memory' : basename(path).replace(/\.[^.]*$/, '');
}

class GovernedWarehouse implements Warehouse {
  readonly name: string;
  readonly type: Warehouse['type'];
  readonly dialect: Warehouse['dialect'];
  readonly stores: Warehouse['stores'];

  constructor(
    readonly engine: Warehouse,
    private readonly caller: Caller,
    private readonly catalog: GovernanceCatalog,
    private readonly options: GovernedOptions,
  ) {
    this.name = engine.name;
    this.type = engine.type;
    this.dialect = engine.dialect;
    this.stores = engine.stores;
  }

  /** The statement rewritten; an external table it names is read from its objects, listed now (`reads`, one statement's). */
  private async enforce(sql: string): Promise<Run> {
    const dialect = engineDialect(this.engine);
    const reads = new ExternalReads(this.engine.stores, `Warehouse "${this.engine.name}"`);
    try {
      const options = dialect === 'postgres' ? await this.postgresOptions() : this.options;
      const enforced = await enforce(sql, dialect, this.caller, this.catalog, {
        // The relation is DuckDB SQL (read_csv/read_json/read_parquet): external tables are read on DuckDB engines.
        ...(dialect === 'duckdb' && { externalRelation: (table) => reads.relation(table) }),
        ...options,
      });
      await this.options.record?.(enforced.decisions);
      return { ...enforced, reads };
    } catch (err) {
      await reads.close();
      if (err instanceof EnforcementError) await this.options.record?.(err.decisions);
      throw err;
    }
  }

  private postgres?: Promise<EnforceOptions>;

  /**
   * On PostgreSQL: the database's name (for `db.schema.table` and information_schema's
   * table_catalog), and unqualified names resolved by the server's own search_path, so the
   * rewriter reads the table PostgreSQL would.
   */
  private postgresOptions(): Promise<EnforceOptions> {
    this.postgres ??= this.engine.query('SELECT current_database() AS db').then(({ rows }) => ({
      ...this.options,
      warehouseCatalog: this.options.warehouseCatalog ?? String(rows[0]?.db),
      resolve:
        this.options.resolve ??
        (async (name: string) => {
          const { rows: found } = await this.engine.query(RESOLVE, { name: `"${name.replace(/"/g, '""')}"` });
          return found.length === 0 ? undefined : String(found[0].schema);
        }),
    }));
    return this.postgres;
  }

  private async guarded<T>(enforced: Run, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw deniedColumn(enforced.reads.explain(err), enforced);
    } finally {
      await enforced.reads.close();
    }
  }

  async query(sql: string, params?: SqlParams): Promise<QueryResult> {
    const enforced = await this.enforce(sql);
    return this.guarded(enforced, () => this.engine.query(enforced.sql, params));
  }

  async *stream(sql: string, params?: SqlParams, options?: StreamOptions): AsyncIterable<RowBatch> {
    const enforced = await this.enforce(sql);
    try {
      yield* this.engine.stream(enforced.sql, params, options);
    } catch (err) {
      throw deniedColumn(enforced.reads.explain(err), enforced);
    } finally {
      await enforced.reads.close();
    }
  }

  async execute(sql: string, params?: SqlParams): Promise<StatementCost> {
    const enforced = await this.enforce(sql);
    return this.guarded(enforced, () => this.engine.execute(enforced.sql, params));
  }

  /** CTAS: CREATE_TABLE on the target's database, and the SELECT rewritten. */
  async createTableAs(table: TableRef, select: string, options?: CreateOptions): Promise<StatementCost> {
    const enforced = await this.created(table, select);
    return this.guarded(enforced, () => this.engine.createTableAs(table, enforced.sql, options));
  }

  /** The stored definition is the rewritten SELECT, so a refresh cannot widen it. */
  async createMaterializedView(view: TableRef, select: string, options?: CreateOptions): Promise<StatementCost> {
    const enforced = await this.created(view, select);
    return this.guarded(enforced, () => this.engine.createMaterializedView(view, enforced.sql, options));
  }

  async refreshMaterializedView(view: TableRef): Promise<StatementCost> {
    await (await this.created(view, 'SELECT 1')).reads.close();
    return this.engine.refreshMaterializedView(view);
  }

  /** Loading files is refused for a principal: reading a location is the object stores' check (DATA_LOCATION_ACCESS). */
  async copyFrom(table: TableRef, source: CopySource): Promise<StatementCost> {
    await (await this.enforce(`COPY ${quoted(table)} FROM '${source.uri.replace(/'/g, "''")}'`)).reads.close();
    return this.engine.copyFrom(table, source);
  }

  /** UNLOAD / EXPORT DATA: only the rewritten SELECT's rows are written. */
  async unload(select: string, target: UnloadTarget, params?: SqlParams): Promise<UnloadResult> {
    const enforced = await this.enforce(select);
    return this.guarded(enforced, () => this.engine.unload(enforced.sql, target, params));
  }

  tableVersion(table: TableRef): Promise<string | undefined> {
    return this.engine.tableVersion(table);
  }

  close(): Promise<void> {
    return this.engine.close();
  }

  /** The permission check of `CREATE TABLE t AS select`, returning the rewritten SELECT alone. */
  private async created(table: TableRef, select: string): Promise<Run> {
    const statement = `CREATE TABLE ${quoted(table)} AS `;
    const enforced = await this.enforce(statement + select);
    return { ...enforced, sql: enforced.sql.slice(statement.length) };
  }
}

/** A rewritten statement and the external reads it needs (closed once it has run). */
type Run = Enforced & { readonly reads: ExternalReads };

/** The schema PostgreSQL's search_path resolves a relation name to (pg_temp and pg_catalog first, as the server looks). */
const RESOLVE = `SELECT n.nspname AS schema FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass(:name)`;

/** The SQL the rewriter reads: DuckDB's, or PostgreSQL's for the PostgreSQL and Redshift engines (Redshift's Data API and Redshift on PostgreSQL). */
function engineDialect(engine: Warehouse): 'duckdb' | 'postgres' | 'redshift' | 'bigquery' {
  if (engine.dialect === 'duckdb' || engine.dialect === 'postgres') return engine.dialect;
  // A Redshift warehouse runs its SQL on PostgreSQL (or is Redshift); a dialect front end over
  // another engine must be governed beneath it, so its text is refused (enforce says so).
  return engine.dialect === 'redshift' && engine.type === 'redshift' ? 'postgres' : engine.dialect;
}

function quoted(table: TableRef): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return table.schema ? `${q(table.schema)}.${q(table.name)}` : q(table.name);
}
