/**
 * A query run for one caller with a bounded answer: what the server's query API
 * (`POST /api/v1/query`) does beneath its request parsing, in the spirit of BigQuery's
 * `jobs.query` and the Redshift Data API. For a principal every statement is rewritten over its
 * views (`governedWarehouse`, beneath the dialect's front end) and each decision goes to the
 * access log; the local user's statements run as written.
 *
 * ```
 * queryAs({ sql: 'select * from churn.customers', maxRows: 2 }, ana, deps)
 * → { warehouse: 'default', statements: 1, columns: [{ name: 'id', type: 'BIGINT' }, …],
 *     rows: [{ id: 1, region: 'EU', email: null, … }, …], rowCount: 2, truncated: true }
 * ```
 */
import type { Warehouses } from '../../runtime/run-warehouses.js';
import type { SqlParams, Warehouse, WarehouseDialect } from '../../warehouse/warehouse.js';
import type { AccessDecision, Caller, GovernanceCatalog } from '../governance-records.js';

export interface CallerQuery {
  readonly sql: string;
  /** The SQL's dialect (`bigquery`, `redshift`, …); the warehouse's own by default. */
  readonly dialect?: WarehouseDialect;
  /** A configured warehouse's name; the default warehouse when absent. */
  readonly warehouse?: string;
  /** At most this many rows come back; `truncated` says whether there were more. */
  readonly maxRows: number;
  readonly params?: SqlParams;
}

export interface CallerQueryAnswer {
  readonly warehouse: string;
  /** How many statements the script held (all ran; the answer is the last one's). */
  readonly statements: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Rows as JSON objects: BIGINTs past 2^53 as strings, timestamps as ISO text, bytes as base64. */
  readonly rows: readonly Record<string, unknown>[];
  /** Rows returned, or rows a statement that returns none affected (when the engine says). */
  readonly rowCount: number;
  readonly truncated: boolean;
}

export interface CallerQueryDeps {
  readonly warehouses: Warehouses;
  readonly catalog: GovernanceCatalog;
  readonly accessLog: { record(decisions: readonly Omit<AccessDecision, 'at'>[]): Promise<void> };
  /** Who asked, in the access log (`rest`). */
  readonly via: string;
}

export async function queryAs(query: CallerQuery, caller: Caller, deps: CallerQueryDeps): Promise<CallerQueryAnswer> {
  const { speaking } = await import('../../warehouse/index.js');
  const { returnsRows, splitStatements } = await import('../../warehouse/sql-script.js');
  return deps.warehouses.use(query.warehouse, async (engine) => {
    const governed = await governedFor(engine, caller, deps);
    // A view of the shared warehouse, closed with it, never on its own.
    const warehouse = await speaking(governed, query.dialect ?? engine.dialect);
    const statements = splitStatements(query.sql, warehouse.dialect);
    let answer: Omit<CallerQueryAnswer, 'warehouse' | 'statements'> = { columns: [], rows: [], rowCount: 0, truncated: false };
    for (const { sql } of statements) {
      answer = returnsRows(sql) ? await bounded(warehouse, sql, query) : affected(await warehouse.execute(sql, query.params));
    }
    return { warehouse: engine.name, statements: statements.length, ...answer };
  });
}

async function governedFor(engine: Warehouse, caller: Caller, deps: CallerQueryDeps): Promise<Warehouse> {
  if (caller.kind === 'local') return engine;
  const { governedWarehouse } = await import('./governed-warehouse.js');
  return governedWarehouse(engine, caller, deps.catalog, { via: deps.via, record: (d) => deps.accessLog.record(d) });
}

/** Reads at most `maxRows + 1` rows from the stream (the extra one says `truncated`); the rest are never fetched. */
async function bounded(warehouse: Warehouse, sql: string, query: CallerQuery) {
  const rows: Record<string, unknown>[] = [];
  let columns: readonly { name: string; type: string }[] = [];
  let truncated = false;
  for await (const batch of warehouse.stream(sql, query.params, { batchRows: Math.min(query.maxRows + 1, 10_000) })) {
    columns = batch.columns.map((c) => ({ name: c.name, type: c.type }));
    for (const row of batch.rows) {
      if (rows.length === query.maxRows) {
        truncated = true;
        break;
      }
      rows.push(jsonRow(row));
    }
    if (truncated) break;
  }
  return { columns, rows, rowCount: rows.length, truncated };
}

function affected(cost: { rows?: number }) {
  return { columns: [], rows: [], rowCount: cost.rows ?? 0, truncated: false };
}

/** A row as JSON can carry it: a bigint as its digits (or a number when exact), a date as ISO text, bytes as base64. */
function jsonRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = jsonValue(v);
  return out;
}

function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonValue(v);
    return out;
  }
  return value;
}
