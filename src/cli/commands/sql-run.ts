/**
 * `godwit sql`: thin over the warehouse capability. It resolves the warehouse, splits the script,
 * runs each statement (a query's rows, another statement's count) and formats what came back.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Metadata } from '../../meta/index.js';
import {
  type SqlParams,
  type SqlValue,
  type StatementCost,
  speaking,
  type Warehouse,
  type WarehouseDialect,
  warehouseFor,
} from '../../warehouse/index.js';
import { returnsRows, splitStatements } from '../../warehouse/sql-script.js';
import { storeResolverOf } from '../artifact-location.js';
import { configOf, EXIT, json, UsageError, write } from '../cli-io.js';
import { bytes, duration, rowsTable } from '../format.js';
import type { Handler } from '../spec/command-spec.js';
import type { sqlOptions } from '../spec/sql-specs.js';

interface Ran {
  readonly sql: string;
  readonly columns?: readonly { name: string; type: string }[];
  readonly rows?: readonly Record<string, unknown>[];
  readonly cost: StatementCost;
}

type Io = Parameters<Handler['run']>[0]['io'];

export const sqlRun: Handler<typeof sqlOptions> = {
  async run({ values, positionals, io }) {
    const script = await scriptOf(positionals[0], values.file, io.cwd);
    const params = paramsOf(values.param ?? []);
    if (values.server !== undefined) {
      // The token says who runs it there; the server's warehouses, not this machine's, answer.
      if (values.as !== undefined)
        throw new UsageError('--as and --server do not go together: on a server, the token says who you are.');
      const { runOnServer } = await import('./sql-remote.js');
      return runOnServer(io, values, script, params, cell);
    }
    if (values.token !== undefined || values['max-rows'] !== undefined)
      throw new UsageError('--token and --max-rows are for --server URL.');
    if (values.as === undefined) return runLocal(io, values, script, params);
    // As a principal: every statement is rewritten over its views (src/governance/enforce), and
    // each decision, allowed or denied, is written to the access log.
    const { withMetadata } = await import('../open-home.js');
    return withMetadata(io, async (metadata) => {
      const { resolveRunAs } = await import('../../runtime/run-caller.js');
      const { caller } = await resolveRunAs(values.as as string, (name) => metadata.principals.get(name));
      const { governedWarehouse } = await import('../../governance/enforce/governed-warehouse.js');
      let engine: Warehouse | undefined;
      return runScript(io, values, script, params, {
        govern: (e) => {
          engine = e;
          return governedWarehouse(e, caller, metadata.catalog, { record: (d) => metadata.accessLog.record(d) });
        },
        // Godwit's own model table is not the caller's data: lineage reads it from the engine itself.
        own: async () => speaking(engine as Warehouse, 'bigquery'),
        home: async () => metadata,
      });
    });
  },
};

/**
 * As the local user: the engine itself, but a FROM item naming one of the catalog's external
 * tables reads its objects (src/governance/external). The home's metadata is opened only when a
 * statement names a dotted table or the script trains or reads a BigQuery ML model, once for
 * both; a home that cannot be opened has no external tables.
 */
async function runLocal(
  io: Io,
  values: { warehouse?: string; dialect?: string; json?: boolean },
  script: string,
  params: SqlParams,
): Promise<number> {
  // Opened once, on first need: an external table's lookup, or a model's lineage.
  let opened: Promise<Metadata> | undefined;
  const home = () => (opened ??= import('../open-home.js').then(({ openHome }) => openHome(io)));
  const catalog = async () => (await home().catch(() => undefined))?.catalog;
  const { externalTablesWarehouse } = await import('../../governance/external/external-warehouse.js');
  try {
    return await runScript(io, values, script, params, { govern: (e) => externalTablesWarehouse(e, catalog), home });
  } finally {
    await (await opened?.catch(() => undefined))?.close();
  }
}

async function runScript(
  io: Io,
  values: { warehouse?: string; dialect?: string; json?: boolean },
  script: string,
  params: SqlParams,
  setup: {
    /** Wraps the engine: the caller's views (`--as`), or external tables read for the local user. */
    readonly govern: (engine: Warehouse) => Warehouse;
    /** The warehouse BigQuery ML's own model table is read from, when not the wrapped one. */
    readonly own?: () => Promise<Warehouse>;
    /** The home, opened once whoever needs it first. */
    readonly home: () => Promise<Metadata>;
  },
): Promise<number> {
  const warehouse = await warehouseFor(configOf(io), values.warehouse, io.env, {
    dialect: values.dialect as WarehouseDialect | undefined,
    stores: storeResolverOf(io),
    govern: setup.govern,
  });
  const results: Ran[] = [];
  try {
    const statements = splitStatements(script, warehouse.dialect);
    for (const statement of statements) {
      const ran: Ran = returnsRows(statement.sql)
        ? { sql: statement.sql, ...(await warehouse.query(statement.sql, params)) }
        : { sql: statement.sql, cost: await warehouse.execute(statement.sql, params) };
      results.push(ran);
      if (!values.json) show(io, ran);
    }
    if (warehouse.dialect === 'bigquery')
      await recordModels(
        setup.own ? await setup.own() : warehouse,
        statements.map((s) => s.sql),
        setup.home,
      );
  } finally {
    await warehouse.close();
  }
  if (values.json) json(io, JSON.parse(JSON.stringify({ warehouse: warehouse.name, statements: results }, jsonValue)));
  return EXIT.ok;
}

/**
 * BigQuery ML models a script trained (and ones the warehouse holds that lineage never saw) are
 * recorded as lineage in the home, as a pipeline's sql step records them. The home is opened only
 * for a script that creates or reads a model, and not again when the command already opened it.
 */
async function recordModels(warehouse: Warehouse, statements: readonly string[], home: () => Promise<Metadata>) {
  const { modelsOf } = await import('../../warehouse/bqml/bqml-lineage.js');
  const { reads, writes } = modelsOf(statements);
  if (reads.length === 0 && writes.length === 0) return;
  const { recordBqmlTraining } = await import('../../lineage/bqml-lineage.js');
  await recordBqmlTraining((await home()).lineage, warehouse, statements);
}

async function scriptOf(inline: string | undefined, file: string | undefined, cwd: string): Promise<string> {
  if ((inline === undefined) === (file === undefined))
    throw new UsageError('Give the SQL either as an argument or with -f FILE (one of them).');
  if (inline !== undefined) return inline;
  const path = resolve(cwd, file as string);
  return readFile(path, 'utf8').catch((err) => {
    throw new UsageError(`Cannot read the SQL file ${path}: ${(err as Error).message}.`);
  });
}

/**
 * `--param name=value`: a JSON number, string (`"007"`), true, false or null is that value; any
 * other text is a string. So `-p n=5` binds 5, `-p day=2026-01-01` the text, `-p zip='"007"'` text.
 */
function paramsOf(pairs: readonly string[]): SqlParams {
  const params: Record<string, SqlValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param takes NAME=VALUE, not "${pair}".`);
    params[pair.slice(0, eq)] = paramValue(pair.slice(eq + 1));
  }
  return params;
}

function paramValue(text: string): SqlValue {
  if (!/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|".*"|true|false|null)$/.test(text)) return text;
  try {
    return JSON.parse(text) as SqlValue;
  } catch {
    return text;
  }
}

function show(io: Parameters<Handler['run']>[0]['io'], ran: Ran): void {
  if (ran.columns && ran.rows) write(io.stdout, rowsTable(ran.columns, ran.rows, cell));
  write(io.stderr, costLine(ran));
}

/** `-- 3 rows in 12 ms, 1.2 KiB scanned, 2 files (40.0 KiB) written`, what a user watches. */
export function costLine(ran: Ran): string {
  const c = ran.cost;
  const rows = c.rows === undefined ? '' : `${c.rows} row${c.rows === 1 ? '' : 's'}${ran.columns ? '' : ' affected'} `;
  const parts = [`-- ${rows}in ${duration(c.durationMs)}`];
  if (c.bytesScanned !== undefined) parts.push(`${bytes(c.bytesScanned)} scanned`);
  if (c.filesWritten !== undefined) parts.push(`${c.filesWritten} file${c.filesWritten === 1 ? '' : 's'} written`);
  if (c.bytesWritten !== undefined) parts.push(`${bytes(c.bytesWritten)} written`);
  return parts.join(', ');
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'object') return JSON.stringify(value, jsonValue);
  return String(value);
}

/** JSON for row values JSON lacks: a bigint as a string, bytes as base64. */
function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  const buffer = value as { type?: unknown; data?: unknown } | null;
  if (buffer?.type === 'Buffer' && Array.isArray(buffer.data)) return Buffer.from(buffer.data).toString('base64');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}
