/**
 * UNLOAD on PostgreSQL: `COPY (query) TO STDOUT` (the server formats CSV, or JSON lines through
 * `row_to_json`), cut into files at row boundaries by `RowSlicer`. CSV and JSON lines stream into
 * the store's uploads, all committed only once the query has finished; Parquet is staged in a
 * temporary folder, converted by DuckDB, then uploaded. Old objects (with `allowOverwrite`) are
 * removed and the manifest written last. Any failure removes what this UNLOAD published and
 * leaves what was there. A query with parameters is first materialized in a temporary table,
 * because COPY takes no bound parameters.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyToStdout } from 'pg-copy-streams';
import { GodwitError } from '../../core/errors.js';
import { fileSink } from '../../core/file-sink.js';
import type { ArtifactStore, ObjectInfo } from '../../store/artifact-store.js';
import { mapLimit } from '../../store/map-limit.js';
import { checkObjectUri } from '../object-uris.js';
import type { StoreResolver, UnloadResult, UnloadTarget } from '../warehouse.js';
import { csvToParquet } from './duckdb-convert.js';
import { csvOptions } from './postgres-copy.js';
import { bare } from './postgres-params.js';
import { duckdbTypeOf } from './postgres-types.js';
import { RowSlicer } from './row-slicer.js';

/** Redshift's default MAXFILESIZE: 6.2 GB. */
const DEFAULT_MAX_FILE_BYTES = 6.2e9;
/** Files a parallel UNLOAD deals rows to (Redshift writes one series per slice). */
const SLICES = 4;
const EXTENSION = { csv: 'csv', jsonl: 'jsonl', parquet: 'parquet' } as const;

export async function unloadQuery(
  client: pg.PoolClient,
  statement: pg.QueryConfig,
  target: UnloadTarget,
  stores: StoreResolver,
): Promise<Omit<UnloadResult, 'durationMs'>> {
  const { store, key: prefix } = await stores(checkObjectUri(target.uri));
  const existing = await store.list(prefix);
  if (existing.length > 0 && !target.allowOverwrite) throw notEmpty(target.uri, existing.length);
  const query = { ...statement, text: bare(statement.text) };
  const written =
    target.format === 'parquet'
      ? await viaParquet(client, query, target, store, prefix)
      : await direct(client, query, target, store, prefix);
  const files = written.objects.map((o) => ({ uri: store.uri(o.key), size: o.size }));
  try {
    const fresh = new Set(written.objects.map((o) => o.key));
    for (const old of existing) if (!fresh.has(old.key)) await store.delete(old.key);
    const manifestUri = target.manifest ? await writeManifest(store, prefix, files, written.rows) : undefined;
    const bytesWritten = files.reduce((n, f) => n + f.size, 0);
    return { rows: written.rows, bytesWritten, filesWritten: files.length, files, ...(manifestUri ? { manifestUri } : {}) };
  } catch (err) {
    await removeAll(store, written.objects);
    throw err;
  }
}

interface Written {
  /** Sorted by key. */
  readonly objects: ObjectInfo[];
  readonly rows: number;
}

/**
 * CSV and JSON lines go straight from the COPY into store uploads, one per file, all held open
 * until the query has finished: a store commits an object only when its stream ends, so a failed
 * query publishes nothing, and there is no second copy of the data on local disk.
 */
async function direct(
  client: pg.PoolClient,
  query: pg.QueryConfig,
  target: UnloadTarget,
  store: ArtifactStore,
  prefix: string,
): Promise<Written> {
  const uploads: Promise<ObjectInfo>[] = [];
  const slicer: RowSlicer = new RowSlicer({
    ...slicing(target),
    open: (name) => {
      const body = new PassThrough();
      // A failed COPY destroys the body with its error, maybe before the store starts reading it;
      // the upload still sees the error (its pipeline finds the stream errored), nothing else must.
      body.on('error', () => {});
      const upload = store.put(prefix + name, body);
      // A failing upload stops the COPY instead of leaving it writing into a stream nobody reads.
      upload.catch((err) => slicer.destroy(err));
      uploads.push(upload);
      return body;
    },
  });
  let rows = 0;
  let failure: unknown;
  try {
    rows = (await runCopy(client, query, target, slicer)).rows;
  } catch (err) {
    failure = err;
  }
  const settled = await Promise.allSettled(uploads);
  const objects = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const rejected = settled.find((r) => r.status === 'rejected');
  if (failure !== undefined || rejected) {
    await removeAll(store, objects);
    throw failure ?? (rejected as PromiseRejectedResult).reason;
  }
  return { objects: sortByKey(objects), rows };
}

/** Parquet: the COPY's CSV staged in a temporary folder, converted by DuckDB, then uploaded. */
async function viaParquet(
  client: pg.PoolClient,
  query: pg.QueryConfig,
  target: UnloadTarget,
  store: ArtifactStore,
  prefix: string,
): Promise<Written> {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-pg-unload-'));
  try {
    const slicer = new RowSlicer({ ...slicing(target), open: (name) => fileSink(join(dir, name), { flags: 'wx' }) });
    const { rows, fields } = await runCopy(client, query, target, slicer);
    const columns = fields.map((f) => ({ name: f.name, type: duckdbTypeOf(f.dataTypeID) }));
    const files = slicer.files.map((f) => ({ csv: join(dir, f.name), name: f.name.replace(/\.csv$/, '.parquet') }));
    await csvToParquet(
      files.map((f) => ({ csv: f.csv, parquet: join(dir, f.name) })),
      columns,
    );
    const objects: ObjectInfo[] = [];
    try {
      await mapLimit(files, 4, async (f) => objects.push(await store.putFile(prefix + f.name, join(dir, f.name))));
    } catch (err) {
      await removeAll(store, objects);
      throw err;
    }
    return { objects: sortByKey(objects), rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function slicing(target: UnloadTarget) {
  const { quote, header } = copyStatement('', target);
  return {
    extension: target.format === 'parquet' ? 'csv' : EXTENSION[target.format],
    slices: target.parallel === false ? 1 : SLICES,
    maxFileBytes: target.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    header,
    quote,
  };
}

/** The COPY in its own transaction (a parameterized query first lands in a temporary table). */
async function runCopy(
  client: pg.PoolClient,
  query: pg.QueryConfig,
  target: UnloadTarget,
  sink: RowSlicer,
): Promise<{ rows: number; fields: pg.FieldDef[] }> {
  await client.query('BEGIN');
  try {
    let source = `(${query.text})`;
    if ((query.values ?? []).length > 0) {
      await client.query({ ...query, text: `CREATE TEMP TABLE godwit_unload ON COMMIT DROP AS ${query.text}` });
      source = '(SELECT * FROM godwit_unload)';
    }
    const fields = target.format === 'parquet' ? (await client.query(`SELECT * FROM ${source} AS godwit_q LIMIT 0`)).fields : [];
    const stream = client.query(copyToStdout(copyStatement(source, target).copy));
    await pipeline(stream, sink);
    await client.query('COMMIT');
    return { rows: stream.rowCount ?? 0, fields };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

function sortByKey(objects: ObjectInfo[]): ObjectInfo[] {
  return [...objects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function removeAll(store: ArtifactStore, objects: readonly ObjectInfo[]): Promise<void> {
  for (const o of objects) await store.delete(o.key).catch(() => {});
}

function copyStatement(source: string, target: UnloadTarget): { copy: string; quote?: number; header: boolean } {
  if (target.format === 'jsonl') {
    // One JSON object per line: CSV with a quote and delimiter JSON text never holds raw
    // (to_json escapes every control character), so the server writes each object as it is.
    const copy = `COPY (SELECT row_to_json(godwit_row) FROM ${source} AS godwit_row) TO STDOUT (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;
    return { copy, header: false };
  }
  if (target.format === 'parquet') {
    return { copy: `COPY ${source} TO STDOUT (FORMAT csv, HEADER true, NULL '\\N')`, quote: 0x22, header: true };
  }
  const csv = target.csv ?? {};
  const quote = Buffer.from(csv.quote ?? '"')[0];
  return { copy: `COPY ${source} TO STDOUT (${csvOptions(csv)})`, quote, header: csv.header !== false };
}

async function writeManifest(
  store: ArtifactStore,
  prefix: string,
  files: readonly { uri: string; size: number }[],
  rows: number,
): Promise<string> {
  const manifest = {
    entries: files.map((f) => ({ url: f.uri, meta: { content_length: f.size } })),
    meta: { content_length: files.reduce((n, f) => n + f.size, 0), record_count: rows },
  };
  const info = await store.put(`${prefix}manifest`, `${JSON.stringify(manifest, null, 2)}\n`);
  return store.uri(info.key);
}

function notEmpty(uri: string, count: number): GodwitError {
  return new GodwitError(
    'E_UNLOAD_NOT_EMPTY',
    `UNLOAD to ${uri}: the prefix already holds ${count} object${count === 1 ? '' : 's'}.`,
    {
      hint: 'Unload to an empty prefix, or allow overwriting (allowOverwrite, Redshift ALLOWOVERWRITE) to replace them.',
    },
  );
}
