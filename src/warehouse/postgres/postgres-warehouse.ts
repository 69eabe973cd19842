/**
 * The PostgreSQL warehouse: SQL on a PostgreSQL server through a `pg` pool, COPY and UNLOAD
 * streamed between Godwit's stores and the server's `COPY … FROM STDIN` / `COPY … TO STDOUT`
 * (`pg-copy-streams`). Configured as
 *
 * ```yaml
 * warehouses:
 *   analytics: { type: postgres, url: "postgres://etl:${PGPASSWORD}@db:5432/analytics" }
 * ```
 *
 * Loaded only when a warehouse of type `postgres` (or `redshift`, which builds on it) is opened;
 * nothing connects until the first statement.
 */
import type pg from 'pg';
import type { WarehouseConfig } from '../../config/config.js';
import { GodwitError } from '../../core/errors.js';
import { redactUrl } from '../../core/redact.js';
import { loadPg } from '../../db/load-pg.js';
import type { WarehouseDeps } from '../index.js';
import type {
  Column,
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
  WarehouseDialect,
  WarehouseType,
} from '../warehouse.js';
import { copyInto } from './postgres-copy.js';
import { type ErrorTarget, warehouseError } from './postgres-errors.js';
import { quoteLiteral, tableName } from './postgres-identifiers.js';
import { bare, positional } from './postgres-params.js';
import { streamRows } from './postgres-stream.js';
import { parserFor, TYPE_NAMES, typedQuery } from './postgres-types.js';
import { unloadQuery } from './postgres-unload.js';

const { Pool } = await loadPg();

export function createWarehouse(name: string, config: WarehouseConfig, deps: WarehouseDeps): Warehouse {
  return new PostgresWarehouse(name, connectionUrl(name, config), deps);
}

/** The configuration's `url`; a missing or foreign one is E_WAREHOUSE_CONFIG. */
export function connectionUrl(name: string, config: WarehouseConfig): string {
  const url = typeof config.url === 'string' ? config.url.trim() : '';
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new GodwitError(
      'E_WAREHOUSE_CONFIG',
      `Warehouse "${name}" (type ${config.type}) needs a postgres:// url${url ? `, not ${redactUrl(url)}` : ''}.`,
      {
        hint: `Set url: postgres://USER:PASSWORD@HOST:PORT/DATABASE in its configuration, the password as \${PGPASSWORD} (an environment variable).`,
      },
    );
  }
  return url;
}

export class PostgresWarehouse implements Warehouse {
  readonly type: WarehouseType = 'postgres';
  readonly dialect: WarehouseDialect = 'postgres';
  private pool?: pg.Pool;
  private readonly typeNames = new Map<number, string>(Object.entries(TYPE_NAMES).map(([k, v]) => [Number(k), v]));

  constructor(
    readonly name: string,
    protected readonly url: string,
    protected readonly deps: WarehouseDeps,
  ) {}

  async query(sql: string, params?: SqlParams): Promise<QueryResult> {
    const started = performance.now();
    const { text, values, types } = positional(sql, params);
    const result = await this.run((c) => c.query(typedQuery(text, values, types)), text);
    const columns = await this.columnsOf(result.fields ?? []);
    const rows = Array.isArray(result.rows) ? result.rows : [];
    return { columns, rows, cost: { durationMs: performance.now() - started, rows: rows.length } };
  }

  async *stream(sql: string, params?: SqlParams, options: StreamOptions = {}): AsyncIterable<RowBatch> {
    const { text, values, types } = positional(sql, params);
    const client = await this.connect();
    try {
      yield* streamRows(
        client,
        typedQuery(text, values, types),
        options.batchRows ?? 10_000,
        (fields) => this.columnsOf(fields),
        (err) => this.fail(err, text),
      );
    } finally {
      client.release();
    }
  }

  async execute(sql: string, params?: SqlParams): Promise<StatementCost> {
    const started = performance.now();
    const { text, values, types } = positional(sql, params);
    const result = await this.run((c) => c.query(typedQuery(text, values, types)), text);
    return cost(started, result.rowCount);
  }

  async createTableAs(table: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    const started = performance.now();
    const name = tableName(table);
    const { text, values, types } = positional(select, options.params);
    const count = await this.transaction(async (c) => {
      if (options.replace) await c.query(`DROP TABLE IF EXISTS ${name}`);
      const result = await c
        .query(typedQuery(`CREATE TABLE ${name} AS ${bare(text)}`, values, types))
        .catch((err) => Promise.reject(this.fail(err, text)));
      await this.recordPhysical(c, 'TABLE', name, options.physical);
      return result.rowCount;
    });
    return cost(started, count);
  }

  async createMaterializedView(view: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    const started = performance.now();
    const name = tableName(view);
    if (options.params && Object.keys(options.params).length > 0) {
      // REFRESH must recompute the same query alone, so PostgreSQL refuses bound parameters here.
      throw new GodwitError(
        'E_WAREHOUSE_UNSUPPORTED',
        `The materialized view ${name} cannot take parameters (${Object.keys(options.params).join(', ')}).`,
        {
          hint: 'PostgreSQL recomputes a materialized view from its text alone: write the values into a table the view reads, or use createTableAs.',
        },
      );
    }
    const { text } = positional(select, {});
    const count = await this.transaction(async (c) => {
      if (options.replace) await c.query(`DROP MATERIALIZED VIEW IF EXISTS ${name}`);
      const result = await c
        .query(`CREATE MATERIALIZED VIEW ${name} AS ${bare(text)}`)
        .catch((err) => Promise.reject(this.fail(err, text)));
      await this.recordPhysical(c, 'MATERIALIZED VIEW', name, options.physical);
      return result.rowCount;
    });
    return cost(started, count);
  }

  async refreshMaterializedView(view: TableRef): Promise<StatementCost> {
    const started = performance.now();
    const name = tableName(view);
    const count = await this.transaction(async (c) => {
      await c.query(`REFRESH MATERIALIZED VIEW ${name}`);
      // REFRESH reports no row count; counting in the same transaction gives the rows it wrote.
      return Number((await c.query(`SELECT count(*) AS n FROM ${name}`)).rows[0].n);
    });
    return cost(started, count);
  }

  async copyFrom(table: TableRef, source: CopySource): Promise<StatementCost> {
    return this.copyColumns(table, source);
  }

  /** COPY into the named columns (CSV by position into them; Redshift's `COPY t (a, b) FROM`). */
  protected async copyColumns(table: TableRef, source: CopySource, columns?: readonly string[]): Promise<StatementCost> {
    const started = performance.now();
    const loaded = await this.transaction((c) => copyInto(c, table, source, this.deps.stores, this.target(), columns));
    return { durationMs: performance.now() - started, rows: loaded.rows, bytesScanned: loaded.bytes };
  }

  async unload(select: string, target: UnloadTarget, params?: SqlParams): Promise<UnloadResult> {
    const started = performance.now();
    const { text, values, types } = positional(select, params);
    const client = await this.connect();
    try {
      const result = await unloadQuery(client, typedQuery(text, values, types), target, this.deps.stores).catch((err) =>
        Promise.reject(this.fail(err, text)),
      );
      return { durationMs: performance.now() - started, ...result };
    } finally {
      client.release();
    }
  }

  /**
   * `pg:<oid>.<relfilenode>:<rows>:<sum of tuple-identity hashes>`. Every INSERT, UPDATE or
   * DELETE changes the set of visible tuples' (xmin, ctid) pairs, and TRUNCATE, REFRESH and
   * table rewrites change the relfilenode, so the value changes with the rows, exactly and
   * at once (the statistics counters of pg_stat_user_tables lag by up to seconds). The cost is one
   * scan of the table's system columns, no user data. A VACUUM FULL or CLUSTER gives a new
   * value for the same rows: a cache miss, never a wrong hit.
   */
  async tableVersion(table: TableRef): Promise<string | undefined> {
    const name = tableName(table);
    const found = await this.run((c) =>
      c.query('SELECT c.oid::int8 AS oid, c.relfilenode::int8 AS file FROM pg_class c WHERE c.oid = to_regclass($1)', [name]),
    );
    if (found.rows.length === 0) return undefined;
    const { oid, file } = found.rows[0];
    const sql = `SELECT count(*) AS n, coalesce(sum(hashtextextended(xmin::text || ctid::text, 0)::numeric), 0)::text AS h FROM ${name}`;
    const scan = await this.run((c) => c.query(sql), sql);
    return `pg:${oid}.${file}:${scan.rows[0].n}:${scan.rows[0].h}`;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  /** Keeps CreateOptions.physical (DISTKEY, SORTKEY…) as written, in the object's comment. */
  protected async recordPhysical(
    c: pg.PoolClient,
    kind: string,
    name: string,
    physical: CreateOptions['physical'],
  ): Promise<void> {
    if (!physical || Object.keys(physical).length === 0) return;
    await c.query(`COMMENT ON ${kind} ${name} IS ${quoteLiteral(`godwit:physical ${JSON.stringify(physical)}`)}`);
  }

  protected async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw this.fail(err);
    } finally {
      client.release();
    }
  }

  protected async run<T>(fn: (client: pg.Pool) => Promise<T>, sql?: string): Promise<T> {
    try {
      return await fn(this.connection());
    } catch (err) {
      throw this.fail(err, sql);
    }
  }

  protected async connect(): Promise<pg.PoolClient> {
    try {
      return await this.connection().connect();
    } catch (err) {
      throw this.fail(err);
    }
  }

  protected fail(err: unknown, sql?: string): GodwitError {
    return warehouseError(err, this.target(), sql);
  }

  protected target(): ErrorTarget {
    return { name: this.name, url: this.url };
  }

  private connection(): pg.Pool {
    if (!this.pool) {
      this.pool = new Pool({ connectionString: this.url, max: 4, types: { getTypeParser: parserFor as never } });
      // An idle client's dropped connection must not crash the process; the next statement reports it.
      this.pool.on('error', () => {});
    }
    return this.pool;
  }

  /** Column names and type names; OIDs outside the common table are named by pg_type, once. */
  protected async columnsOf(fields: readonly { name: string; dataTypeID: number }[]): Promise<Column[]> {
    const unknown = [...new Set(fields.map((f) => f.dataTypeID).filter((oid) => !this.typeNames.has(oid)))];
    if (unknown.length > 0) {
      const named = await this.run((c) =>
        c.query('SELECT oid::int8 AS oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY($1)', [unknown]),
      );
      for (const row of named.rows) this.typeNames.set(Number(row.oid), row.name);
    }
    return fields.map((f) => ({ name: f.name, type: this.typeNames.get(f.dataTypeID) ?? `oid ${f.dataTypeID}` }));
  }
}

function cost(started: number, rows: number | null | undefined): StatementCost {
  return rows === null || rows === undefined
    ? { durationMs: performance.now() - started }
    : { durationMs: performance.now() - started, rows };
}
