/**
 * COPY into DuckDB through Godwit's stores: each object is fetched to a scratch folder (checked
 * against its SHA-256 on the way), or, for a `file://` object, read where it lies while the store
 * re-hashes it alongside; DuckDB's `read_csv` / `read_json` / `read_parquet` then load every file
 * in one INSERT (or CREATE TABLE AS) inside one transaction with the version bump, so a bad row in
 * the last file leaves the table as it was, and a table the COPY was creating does not exist.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { GodwitError } from '../../core/errors.js';
import { fromFileUri } from '../../core/uri.js';
import { mapLimit } from '../../store/map-limit.js';
import { displayTable, quotedTable } from '../identifiers.js';
import { type SourceObject, sourceObjects } from '../object-uris.js';
import type { CopySource, StatementCost, StoreResolver, TableRef } from '../warehouse.js';
import { bumpVersion, keyOf, tableExists } from './duckdb-catalog.js';
import { duckdbError } from './duckdb-errors.js';
import type { DuckDbSession } from './duckdb-session.js';
import { inTransaction } from './duckdb-statement.js';

const FETCHES_IN_FLIGHT = 4;

export interface CopyContext {
  readonly warehouse: string;
  readonly session: DuckDbSession;
  readonly stores: StoreResolver;
  /** A folder for this warehouse's scratch files. */
  readonly scratchRoot: string;
}

export async function copyInto(ctx: CopyContext, table: TableRef, source: CopySource): Promise<StatementCost> {
  const started = performance.now();
  const name = quotedTable(table, ctx.warehouse);
  const objects = await sourceObjects(ctx.stores, source.uri);
  const scratch = await mkdtemp(join(ctx.scratchRoot, 'copy-'));
  try {
    const { paths, verified } = await localCopies(objects, scratch);
    const rows = await ctx.session
      .exclusive((c) =>
        inTransaction(ctx.session, c, async () => {
          const loaded = await load(ctx, c, table, name, source, paths);
          await verified;
          await bumpVersion(c, keyOf(table));
          return loaded;
        }),
      )
      .catch((err) => {
        throw err instanceof GodwitError ? err : copyError(ctx.warehouse, table, source, objects, paths, err);
      });
    const bytesScanned = objects.reduce((sum, o) => sum + o.size, 0);
    return { durationMs: performance.now() - started, rows, bytesScanned };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Local paths DuckDB reads, and a promise that every object matched its recorded digest. */
async function localCopies(
  objects: readonly SourceObject[],
  scratch: string,
): Promise<{ paths: string[]; verified: Promise<unknown> }> {
  const direct = objects.map((o) => (o.uri.startsWith('file:') ? fromFileUri(o.uri) : undefined));
  const verified = Promise.all(objects.map((o, i) => (direct[i] === undefined ? undefined : o.store.verify(o.key))));
  verified.catch(() => undefined); // awaited inside the transaction; this only stops an unhandled rejection
  const paths = await mapLimit(objects, FETCHES_IN_FLIGHT, async (o, i) => {
    const local = direct[i];
    if (local !== undefined) return local;
    const path = join(scratch, `${i}-${basename(o.key) || 'object'}`);
    await o.store.getToFile(o.key, path);
    return path;
  });
  return { paths, verified };
}

async function load(
  ctx: CopyContext,
  c: DuckDBConnection,
  table: TableRef,
  name: string,
  source: CopySource,
  paths: string[],
): Promise<number> {
  const exists = await tableExists(c, keyOf(table));
  if (!exists && !source.createTable) {
    throw new GodwitError(
      'E_TABLE_NOT_FOUND',
      `Warehouse "${ctx.warehouse}" has no table ${displayTable(table)} to COPY ${source.uri} into.`,
      {
        hint: 'Create the table first, or pass createTable to create it from the data.',
      },
    );
  }
  const columns = exists ? await columnsOf(c, table) : undefined;
  const reader = readerSql(source, paths, columns);
  const byName = source.format === 'csv' ? '' : 'by name ';
  const sql = exists ? `insert into ${name} ${byName}select * from ${reader}` : `create table ${name} as select * from ${reader}`;
  const result = await c.run(sql);
  if (exists) return result.rowsChanged;
  const count = await (await c.run(`select count(*)::bigint as n from ${name}`)).getRowObjectsJS();
  return Number(count[0]?.n);
}

async function columnsOf(c: DuckDBConnection, table: TableRef): Promise<[string, string][]> {
  const key = keyOf(table);
  const result = await c.run(
    'select column_name, data_type from duckdb_columns() where lower(schema_name) = $s and lower(table_name) = $n and database_name = current_database() order by column_index',
    { s: key.schema, n: key.name },
  );
  return (await result.getRowObjectsJS()).map((r) => [String(r.column_name), String(r.data_type)]);
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** DuckDB's reader for the files, every option explicit (nothing is sniffed for an existing table). */
export function readerSql(source: CopySource, paths: readonly string[], columns?: readonly [string, string][]): string {
  const files = `[${paths.map(lit).join(', ')}]`;
  const struct = columns && `{${columns.map(([n, t]) => `${lit(n)}: ${lit(t)}`).join(', ')}}`;
  if (source.format === 'parquet') return `read_parquet(${files}, union_by_name = true)`;
  if (source.format === 'jsonl')
    return `read_json(${files}, format = 'newline_delimited'${struct ? `, columns = ${struct}` : ''})`;
  const csv = source.csv ?? {};
  const quote = csv.quote ?? '"';
  const options = [
    `header = ${csv.header ?? true}`,
    `delim = ${lit(csv.delimiter ?? ',')}`,
    `quote = ${lit(quote)}`,
    `escape = ${lit(quote)}`,
    `nullstr = ${lit(csv.nullAs ?? '')}`,
    'strict_mode = true',
    struct ? `columns = ${struct}, auto_detect = false` : 'auto_detect = true',
  ];
  return `read_csv(${files}, ${options.join(', ')})`;
}

function copyError(
  warehouse: string,
  table: TableRef,
  source: CopySource,
  objects: readonly SourceObject[],
  paths: readonly string[],
  err: unknown,
): GodwitError {
  let message = err instanceof Error ? err.message : String(err);
  paths.forEach((p, i) => {
    message = message.replaceAll(p, objects[i]?.uri ?? p);
  });
  const sqlError = duckdbError(err, warehouse);
  if (sqlError.code === 'E_TABLE_NOT_FOUND') return sqlError;
  return new GodwitError(
    'E_COPY',
    `COPY of ${source.uri} into ${displayTable(table)} (warehouse "${warehouse}") failed; the table is unchanged: ${message}`,
    {
      hint: `Check that the ${source.format} data matches the table's columns and the options given (header, delimiter, quote, nullAs).`,
      cause: err,
    },
  );
}
