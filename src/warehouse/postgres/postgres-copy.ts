/**
 * COPY into a PostgreSQL table from objects in any store, inside the caller's transaction: a
 * failure at any object rolls back every row already loaded, and a table created for the load.
 * Each object is fetched to a temporary file (the store checks its SHA-256 on the way) and
 * streamed into `COPY … FROM STDIN`; Parquet and JSON lines are converted to CSV by DuckDB first
 * and loaded by column name, CSV by position (as Redshift's COPY does).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { GodwitError } from '../../core/errors.js';
import type { ArtifactStore, ObjectInfo } from '../../store/artifact-store.js';
import { checkObjectUri } from '../object-uris.js';
import type { CopySource, CsvOptions, StoreResolver, TableRef } from '../warehouse.js';
import { type DataColumn, describeData, toCsv } from './duckdb-convert.js';
import { copyError, type ErrorTarget } from './postgres-errors.js';
import { displayName, quoteIdent, quoteLiteral, tableName } from './postgres-identifiers.js';
import { postgresTypeOf } from './postgres-types.js';

export interface Loaded {
  readonly rows: number;
  /** Bytes of the objects read. */
  readonly bytes: number;
}

export async function copyInto(
  client: pg.PoolClient,
  table: TableRef,
  source: CopySource,
  stores: StoreResolver,
  target: ErrorTarget,
  columns?: readonly string[],
): Promise<Loaded> {
  const name = tableName(table);
  const { store, key } = await stores(checkObjectUri(source.uri));
  const objects = await objectsAt(store, key, source.uri);
  const dir = await mkdtemp(join(tmpdir(), 'godwit-pg-copy-'));
  try {
    const exists = (await client.query('SELECT to_regclass($1) IS NOT NULL AS e', [name])).rows[0].e;
    let rows = 0;
    for (const [i, object] of objects.entries()) {
      const local = join(dir, `${i}.data`);
      await store.getToFile(object.key, local);
      try {
        if (i === 0 && !exists) await createFor(client, table, source, local);
        rows += await loadFile(client, name, source, local, join(dir, `${i}.csv`), columns);
      } catch (err) {
        throw copyError(err, target, store.uri(object.key));
      }
      await rm(local, { force: true });
    }
    return { rows, bytes: objects.reduce((n, o) => n + o.size, 0) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One object, or every object under a prefix (Redshift reads every key that starts with it). */
async function objectsAt(store: ArtifactStore, key: string, uri: string): Promise<ObjectInfo[]> {
  const one = key === '' || key.endsWith('/') ? undefined : await store.head(key);
  const objects = one ? [one] : (await store.list(key)).filter((o) => o.size > 0 && !/(^|\/)manifest$/.test(o.key));
  if (objects.length === 0) {
    throw new GodwitError('E_NOT_FOUND', `COPY found no object at ${uri}.`, {
      hint: 'Check the URI; a prefix ending in / loads every object under it.',
    });
  }
  return objects;
}

async function createFor(client: pg.PoolClient, table: TableRef, source: CopySource, local: string): Promise<void> {
  if (!source.createTable) {
    throw new GodwitError('E_TABLE_NOT_FOUND', `COPY into ${displayName(table)}: the table does not exist.`, {
      hint: 'Create it first, or ask COPY to create it from the data (createTable: true).',
    });
  }
  const columns = await describeData(local, source.format, source.csv);
  const list = columns.map((c) => `${quoteIdent(c.name, 'column name')} ${postgresTypeOf(c.type)}`).join(', ');
  await client.query(`CREATE TABLE ${tableName(table)} (${list})`);
}

async function loadFile(
  client: pg.PoolClient,
  name: string,
  source: CopySource,
  local: string,
  csvPath: string,
  named?: readonly string[],
): Promise<number> {
  let file = local;
  let columns: readonly DataColumn[] | undefined = named?.map((n) => ({ name: n, type: '' }));
  let csv: CsvOptions = source.csv ?? {};
  if (source.format !== 'csv') {
    columns = await toCsv(local, source.format, csvPath);
    file = csvPath;
    csv = { header: true };
  }
  if ((await stat(file)).size === 0) return 0;
  const list = columns ? ` (${columns.map((c) => quoteIdent(c.name, 'column name')).join(', ')})` : '';
  const stream = client.query(copyFromStdin(`COPY ${name}${list} FROM STDIN (${csvOptions(csv)})`));
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), stream);
  return stream.rowCount ?? 0;
}

/** PostgreSQL's CSV options; the values are literals (COPY takes no parameters), quoted. */
export function csvOptions(csv: CsvOptions): string {
  const options = ['FORMAT csv', `HEADER ${csv.header === false ? 'false' : 'true'}`];
  if (csv.delimiter !== undefined) options.push(`DELIMITER ${quoteLiteral(oneCharacter(csv.delimiter, 'delimiter'))}`);
  if (csv.quote !== undefined) options.push(`QUOTE ${quoteLiteral(oneCharacter(csv.quote, 'quote'))}`);
  options.push(`NULL ${quoteLiteral(csv.nullAs ?? '')}`);
  return options.join(', ');
}

function oneCharacter(value: string, what: string): string {
  if (Buffer.byteLength(value) !== 1) {
    throw new GodwitError(
      'E_WAREHOUSE_UNSUPPORTED',
      `The CSV ${what} ${JSON.stringify(value)} is not one single-byte character.`,
      {
        hint: `PostgreSQL's COPY takes a ${what} of exactly one single-byte character.`,
      },
    );
  }
  return value;
}
