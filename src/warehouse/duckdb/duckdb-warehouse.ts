/**
 * The embedded default warehouse: one DuckDB database file (`<home>/warehouse/godwit.duckdb`
 * unless the configuration's `url` names another, or `:memory:`), its SQL in DuckDB's dialect
 * with `$name` parameters. COPY and UNLOAD reach object storage through Godwit's stores
 * (`duckdb-copy.ts`, `duckdb-unload.ts`); materialized views are tables whose definitions
 * Godwit keeps (`duckdb-catalog.ts`); table versions come from the same catalog.
 *
 * ```ts
 * const wh = createWarehouse('default', { type: 'duckdb' }, { home, stores });
 * await wh.query('select $n + 1 as answer', { n: 41 }); // rows: [{ answer: 42 }]
 * ```
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { WarehouseConfig } from '../../config/config.js';
import { GodwitError } from '../../core/errors.js';
import { displayTable, quotedTable } from '../identifiers.js';
import type { WarehouseDeps } from '../index.js';
import type {
  CopySource,
  CreateOptions,
  QueryResult,
  Row,
  RowBatch,
  SqlParams,
  StatementCost,
  StreamOptions,
  TableRef,
  UnloadResult,
  UnloadTarget,
  Warehouse,
} from '../warehouse.js';
import { duckdb } from './duckdb-api.js';
import { bumpVersion, CATALOG, keyOf, tableExists, versionOf } from './duckdb-catalog.js';
import { type CopyContext, copyInto } from './duckdb-copy.js';
import { duckdbError } from './duckdb-errors.js';
import { DuckDbSession } from './duckdb-session.js';
import { inTransaction, isWrite, prepare, runStatement } from './duckdb-statement.js';
import { unloadTo } from './duckdb-unload.js';
import { plainRow } from './duckdb-values.js';
import { decodeParams, encodeParams } from './param-json.js';

/** How long a second process waits for the database file before E_WAREHOUSE_LOCKED. */
export const DEFAULT_LOCK_WAIT_MS = 5000;

export function createWarehouse(name: string, config: WarehouseConfig, deps: WarehouseDeps): Warehouse {
  return new DuckDbWarehouse(name, config, deps);
}

export class DuckDbWarehouse implements Warehouse {
  readonly type = 'duckdb' as const;
  readonly dialect = 'duckdb' as const;
  readonly path: string;
  readonly stores: WarehouseDeps['stores'];
  private readonly session: DuckDbSession;
  private readonly io: CopyContext;

  constructor(
    readonly name: string,
    config: WarehouseConfig,
    deps: WarehouseDeps,
  ) {
    this.path = config.url === ':memory:' ? ':memory:' : resolve(deps.home, config.url ?? join('warehouse', 'godwit.duckdb'));
    const lockWaitMs = typeof config.lockWaitMs === 'number' ? config.lockWaitMs : DEFAULT_LOCK_WAIT_MS;
    this.session = new DuckDbSession(name, this.path, lockWaitMs);
    this.stores = deps.stores;
    this.io = {
      warehouse: name,
      session: this.session,
      stores: deps.stores,
      scratchRoot: join(deps.home, 'warehouse', 'scratch'),
    };
  }

  async query(sql: string, params: SqlParams = {}): Promise<QueryResult> {
    const { ran, durationMs } = await this.run(sql, params);
    return { columns: ran.columns, rows: ran.rows, cost: { durationMs, rows: ran.rows.length } };
  }

  async execute(sql: string, params: SqlParams = {}): Promise<StatementCost> {
    const { ran, durationMs } = await this.run(sql, params);
    return { durationMs, rows: ran.changed };
  }

  /** One statement, timed from when it has the connection (opening the file is not its cost). */
  private run(sql: string, params: SqlParams) {
    return this.session.exclusive(async (c) => {
      const started = performance.now();
      const ran = await runStatement(this.session, c, sql, params, this.name);
      return { ran, durationMs: performance.now() - started };
    });
  }

  async *stream(sql: string, params: SqlParams = {}, options: StreamOptions = {}): AsyncIterable<RowBatch> {
    const batchRows = Math.max(1, options.batchRows ?? 10_000);
    const held = await this.session.acquire();
    try {
      const prepared = await prepare(held.connection, sql, params, this.name);
      if (isWrite(prepared)) {
        held.release();
        const ran = await this.query(sql, params);
        for (let i = 0; i < ran.rows.length; i += batchRows)
          yield { columns: ran.columns, rows: ran.rows.slice(i, i + batchRows) };
        return;
      }
      const result = await prepared.stream().catch((err) => Promise.reject(duckdbError(err, this.name)));
      const columns = result.columnNames().map((n, i) => ({ name: n, type: String(result.columnType(i)) }));
      let batch: Row[] = [];
      try {
        for await (const rows of result.yieldConvertedRowObjects(duckdb.JSDuckDBValueConverter)) {
          for (const row of rows) batch.push(plainRow(row as Record<string, unknown>));
          while (batch.length >= batchRows) {
            yield { columns, rows: batch.slice(0, batchRows) };
            batch = batch.slice(batchRows);
          }
        }
      } catch (err) {
        throw duckdbError(err, this.name);
      }
      if (batch.length > 0) yield { columns, rows: batch };
    } finally {
      held.release();
    }
  }

  createTableAs(table: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    return this.materialize(table, select, options, false);
  }

  createMaterializedView(view: TableRef, select: string, options: CreateOptions = {}): Promise<StatementCost> {
    return this.materialize(view, select, options, true);
  }

  async refreshMaterializedView(view: TableRef): Promise<StatementCost> {
    const name = quotedTable(view, this.name);
    const key = keyOf(view);
    const definition = await this.session.exclusive(async (c) => {
      const result = await c.run(
        `select definition, params from ${CATALOG}.materialized_views where schema_name = $s and view_name = $n`,
        { s: key.schema, n: key.name },
      );
      return (await result.getRowObjectsJS())[0];
    });
    if (definition === undefined) {
      throw new GodwitError('E_TABLE_NOT_FOUND', `Warehouse "${this.name}" has no materialized view ${displayTable(view)}.`, {
        hint: 'Create it first with createMaterializedView (CREATE MATERIALIZED VIEW).',
      });
    }
    return this.materialize(
      view,
      String(definition.definition),
      { replace: true, params: decodeParams(String(definition.params)) },
      true,
      name,
    );
  }

  /** CTAS, and for a materialized view its definition, in one transaction with the version bump. */
  private async materialize(
    table: TableRef,
    select: string,
    options: CreateOptions,
    view: boolean,
    name = quotedTable(table, this.name),
  ): Promise<StatementCost> {
    const started = performance.now();
    const key = keyOf(table);
    const rows = await this.session.exclusive((c) =>
      inTransaction(this.session, c, async () => {
        if (!options.replace && (await tableExists(c, key))) {
          throw new GodwitError('E_TABLE_EXISTS', `Warehouse "${this.name}" already has a table ${displayTable(table)}.`, {
            hint: 'Pass replace: true (CREATE OR REPLACE) to replace it, or choose another name.',
          });
        }
        const prepared = await prepare(
          c,
          `create ${options.replace ? 'or replace ' : ''}table ${name} as ${select}`,
          options.params ?? {},
          this.name,
        );
        await prepared.run().catch((err) => Promise.reject(duckdbError(err, this.name)));
        if (view) {
          await c.run(`insert or replace into ${CATALOG}.materialized_views values ($s, $n, $d, $p)`, {
            s: key.schema,
            n: key.name,
            d: select,
            p: encodeParams(options.params ?? {}),
          });
        }
        await bumpVersion(c, key);
        const counted = await (await c.run(`select count(*)::bigint as n from ${name}`)).getRowObjectsJS();
        return Number(counted[0]?.n);
      }),
    );
    return { durationMs: performance.now() - started, rows };
  }

  async copyFrom(table: TableRef, source: CopySource): Promise<StatementCost> {
    await mkdir(this.io.scratchRoot, { recursive: true });
    return copyInto(this.io, table, source);
  }

  async unload(select: string, target: UnloadTarget, params: SqlParams = {}): Promise<UnloadResult> {
    await mkdir(this.io.scratchRoot, { recursive: true });
    return unloadTo(this.io, select, target, params);
  }

  tableVersion(table: TableRef): Promise<string | undefined> {
    quotedTable(table, this.name);
    return this.session.exclusive((c, databaseId) => versionOf(c, databaseId, keyOf(table)));
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
