/**
 * UNLOAD on PostgreSQL: `COPY (query) TO STDOUT` (the server formats CSV, or JSON lines through
 * `row_to_json`), cut into files by `RowSlicer` in a temporary folder, converted to Parquet by
 * DuckDB when asked, and only then published to the store: every file, then the manifest. A
 * failure before that leaves the prefix untouched; a failure while publishing removes what was
 * published. A query with parameters is first materialized in a temporary table, because COPY
 * takes no bound parameters.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyToStdout } from 'pg-copy-streams';
import { GodwitError } from '../../core/errors.js';
import { mapLimit } from '../../store/map-limit.js';
import type { StoreResolver, UnloadResult, UnloadTarget } from '../warehouse.js';
import { csvToParquet } from './duckdb-convert.js';
import { objectAt } from './object-uri.js';
import { csvOptions } from './postgres-copy.js';
import { bare } from './postgres-params.js';
import { duckdbTypeOf } from './postgres-types.js';
import { RowSlicer, type SliceFile } from './row-slicer.js';

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
  const { store, key } = await objectAt(stores, target.uri);
  const prefix = key;
  const existing = await store.list(prefix);
  if (existing.length > 0 && !target.allowOverwrite) throw notEmpty(target.uri, existing.length);
  const dir = await mkdtemp(join(tmpdir(), 'godwit-pg-unload-'));
  try {
    const staged = await stage(client, { ...statement, text: bare(statement.text) }, target, dir);
    const published: string[] = [];
    try {
      const ordered = [...staged.files].sort((a, b) => (a.name < b.name ? -1 : 1));
      const files = await mapLimit(ordered, 4, async (f) => {
        const info = await store.putFile(prefix + f.name, f.path);
        published.push(info.key);
        return { uri: store.uri(info.key), size: info.size };
      });
      const fresh = new Set(published);
      for (const old of existing) if (!fresh.has(old.key)) await store.delete(old.key);
      const manifestUri = target.manifest ? await writeManifest(store, prefix, files, staged.rows) : undefined;
      const bytesWritten = files.reduce((n, f) => n + f.size, 0);
      return { rows: staged.rows, bytesWritten, filesWritten: files.length, files, ...(manifestUri ? { manifestUri } : {}) };
    } catch (err) {
      for (const k of published) await store.delete(k).catch(() => {});
      throw err;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Staged {
  readonly files: SliceFile[];
  readonly rows: number;
}

/** Runs the COPY into local files (and Parquet conversion). */
async function stage(client: pg.PoolClient, statement: pg.QueryConfig, target: UnloadTarget, dir: string): Promise<Staged> {
  const parquet = target.format === 'parquet';
  await client.query('BEGIN');
  try {
    let source = `(${statement.text})`;
    if ((statement.values ?? []).length > 0) {
      await client.query({ ...statement, text: `CREATE TEMP TABLE godwit_unload ON COMMIT DROP AS ${statement.text}` });
      source = '(SELECT * FROM godwit_unload)';
    }
    const fields = parquet ? (await client.query(`SELECT * FROM ${source} AS godwit_q LIMIT 0`)).fields : [];
    const { copy, quote, header } = copyStatement(source, target);
    const slicer = new RowSlicer({
      dir,
      extension: parquet ? 'csv' : EXTENSION[target.format],
      slices: target.parallel === false ? 1 : SLICES,
      maxFileBytes: target.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      header,
      quote,
    });
    const stream = client.query(copyToStdout(copy));
    await pipeline(stream, slicer);
    await client.query('COMMIT');
    if (!parquet) return { files: slicer.files, rows: stream.rowCount ?? 0 };
    const columns = fields.map((f) => ({ name: f.name, type: duckdbTypeOf(f.dataTypeID) }));
    const files = slicer.files.map((f) => ({
      ...f,
      name: f.name.replace(/\.csv$/, '.parquet'),
      path: f.path.replace(/\.csv$/, '.parquet'),
    }));
    await csvToParquet(
      slicer.files.map((f, i) => ({ csv: f.path, parquet: files[i].path })),
      columns,
    );
    return { files, rows: stream.rowCount ?? 0 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
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
  store: Awaited<ReturnType<StoreResolver>>['store'],
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
