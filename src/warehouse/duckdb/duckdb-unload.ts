/**
 * UNLOAD from DuckDB through Godwit's stores: `COPY (select) TO` a scratch folder with DuckDB's
 * own writers (PER_THREAD_OUTPUT for parallel files, FILE_SIZE_BYTES for the size limit, which
 * DuckDB applies once a file has reached it, so a file can overshoot by one buffer or row group),
 * then `publishUnload` puts the finished files under the prefix and writes the manifest. A query
 * that fails leaves only scratch files, which are removed.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type LocalUnloadFile, planUnload, publishUnload, unloadFileName } from '../unload-publish.js';
import type { Column, SqlParams, UnloadResult, UnloadTarget } from '../warehouse.js';
import type { CopyContext } from './duckdb-copy.js';
import { duckdbError } from './duckdb-errors.js';
import { prepare } from './duckdb-statement.js';

const FORMATS = { csv: 'csv', parquet: 'parquet', jsonl: 'json' } as const;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

export async function unloadTo(ctx: CopyContext, select: string, target: UnloadTarget, params: SqlParams): Promise<UnloadResult> {
  const started = performance.now();
  const plan = await planUnload(ctx.stores, target);
  const scratch = await mkdtemp(join(ctx.scratchRoot, 'unload-'));
  try {
    const out = join(scratch, 'out');
    const parallel = target.parallel ?? true;
    const oneFile = !parallel && target.maxFileBytes === undefined;
    if (oneFile) await mkdir(out);
    const dest = oneFile ? join(out, `data_0.${FORMATS[target.format]}`) : out;
    const { rows, columns } = await ctx.session.exclusive(async (c) => {
      const columns = target.manifest ? await columnsOfSelect(c, select, params, ctx.warehouse) : undefined;
      const prepared = await prepare(
        c,
        `copy (${select}) to ${lit(dest)} (${copyOptions(target, parallel).join(', ')})`,
        params,
        ctx.warehouse,
      );
      const result = await prepared
        .run()
        .catch((err) => Promise.reject(duckdbError(err, ctx.warehouse, `unload to ${target.uri}`)));
      return { rows: result.rowsChanged, columns };
    });
    const files = await finishedFiles(out, target, parallel);
    const published = await publishUnload(plan, files, { rows, columns });
    return {
      durationMs: performance.now() - started,
      rows,
      bytesWritten: published.bytesWritten,
      filesWritten: published.files.length,
      files: published.files,
      ...(published.manifestUri ? { manifestUri: published.manifestUri } : {}),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function copyOptions(target: UnloadTarget, parallel: boolean): string[] {
  const options = [`format ${FORMATS[target.format]}`];
  if (target.format === 'csv') {
    const csv = target.csv ?? {};
    options.push(
      `header ${csv.header ?? true}`,
      `delimiter ${lit(csv.delimiter ?? ',')}`,
      `quote ${lit(csv.quote ?? '"')}`,
      `nullstr ${lit(csv.nullAs ?? '')}`,
    );
  }
  if (parallel) options.push('per_thread_output true');
  if (target.maxFileBytes !== undefined) options.push(`file_size_bytes ${Math.max(1, Math.floor(target.maxFileBytes))}`);
  return options;
}

/** Column names and types of `select`, for the manifest (prepared only, not run). */
async function columnsOfSelect(c: DuckDBConnection, select: string, params: SqlParams, warehouse: string): Promise<Column[]> {
  const prepared = await prepare(c, select, params, warehouse);
  return Array.from({ length: prepared.columnCount }, (_, i) => ({
    name: prepared.columnName(i),
    type: String(prepared.columnType(i)),
  }));
}

/**
 * DuckDB's files in write order, named as Redshift names them, without the empty ones its
 * writers leave behind (a last file with only a CSV header); a result with no rows keeps one.
 */
async function finishedFiles(out: string, target: UnloadTarget, parallel: boolean): Promise<LocalUnloadFile[]> {
  const names = (await readdir(out, { recursive: true })).map(String);
  const sized = await Promise.all(
    names.map(async (n) => ({ path: join(out, n), order: n.match(/\d+/g)?.map(Number) ?? [], stats: await stat(join(out, n)) })),
  );
  const files = sized.filter((f) => f.stats.isFile()).sort((a, b) => compareOrder(a.order, b.order));
  const withRows = [];
  for (const f of files) if (await holdsRows(f.path, f.stats.size, target)) withRows.push(f);
  const kept = withRows.length > 0 ? withRows : files.slice(0, 1);
  return kept.map((f, i) => ({
    path: f.path,
    name: parallel ? unloadFileName(i, 0, target.format) : unloadFileName(0, i, target.format),
  }));
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? -1) !== (b[i] ?? -1)) return (a[i] ?? -1) - (b[i] ?? -1);
  return 0;
}

async function holdsRows(path: string, size: number, target: UnloadTarget): Promise<boolean> {
  if (size === 0) return false;
  if (target.format !== 'csv' || target.csv?.header === false || size > 65_536) return true;
  return (await readFile(path, 'utf8')).trimEnd().includes('\n');
}
