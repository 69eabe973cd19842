/**
 * Profiles Parquet files through an in-memory DuckDB (loaded only here). The column's Parquet
 * type decides its kind, since there is no text to judge: integer types are Integral, floating
 * and decimal types Fractional, everything else (strings, booleans, dates) is read as text. A
large file is read column-parallel: each worker thread takes every W-th column.
 * Numbers come out of DuckDB's vectors as Float64Arrays and go to the profiles a vector at a time.
 */

import { statSync } from 'node:fs';
import type { DuckDBConnection, DuckDBVector } from '@duckdb/node-api';
import { startWorker, workerEntry } from '../../../core/worker-thread.js';
import { ColumnProfile } from './column-profile.js';
import { fromWire, type ProfileWire } from './profile-wire.js';
import type { SourceFile, SourceProfile } from './text-profile.js';

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const FRACTIONAL_TYPES = /^(FLOAT|DOUBLE|DECIMAL.*|REAL)$/;

export interface ColumnPlan {
  readonly name: string;
  readonly kind: 'integral' | 'fractional' | 'text';
  /** The column's sketch seed: the same whichever thread reads it. */
  readonly seed: number;
}

export interface ParquetOptions {
  /** Worker threads, each reading its share of the columns through its own DuckDB. */
  readonly workers: number;
  /** Below this many bytes of data, one thread reads every column. */
  readonly parallelFromBytes: number;
}

/**
 * Profiles the files' columns: split into one group per worker when the data is large (each
 * worker's DuckDB reads only its columns' chunks from the file), else all on this thread.
 */
export async function profileParquet(files: readonly SourceFile[], options: ParquetOptions): Promise<SourceProfile | undefined> {
  const paths = files.map((f) => f.path);
  // One DuckDB on this thread plans the columns and then reads them (or its share of them).
  return withDuckdb(async (connection) => {
    const plan = await columnPlan(connection, fileList(paths));
    if (plan.length === 0) return undefined;
    const bytes = files.reduce((n, f) => n + statSync(f.path).size, 0);
    const groups = Math.min(options.workers, plan.length);
    if (groups <= 1 || bytes < options.parallelFromBytes)
      return { ...(await readColumns(connection, paths, plan)), malformed: 0, malformedLines: [] };
    const shares = Array.from({ length: groups }, (_, g) => plan.filter((_, j) => j % groups === g));
    // This thread reads the first share itself, on one DuckDB thread as each worker does: one
    // worker start and one DuckDB fewer than a worker per share.
    const [own, ...others] = shares as [ColumnPlan[], ...ColumnPlan[][]];
    await connection.run('SET threads = 1');
    const [mine, ...parts] = await Promise.all([
      readColumns(connection, paths, own),
      ...others.map((share) => inWorker(paths, share)),
    ]);
    const byName = new Map(mine.profiles.map((p) => [p.name, p] as const));
    for (const part of parts) for (const w of part.profiles) byName.set(w.name, fromWire(w));
    return {
      profiles: plan.map((c) => byName.get(c.name) as ColumnProfile),
      rows: mine.rows,
      malformed: 0,
      malformedLines: [],
    };
  });
}

/** Reads `plan`'s columns of the files into column profiles, on a DuckDB of its own (a worker's). */
export function profileParquetColumns(
  paths: readonly string[],
  plan: readonly ColumnPlan[],
  threads?: number,
): Promise<{ profiles: ColumnProfile[]; rows: number }> {
  return withDuckdb((connection) => readColumns(connection, paths, plan), threads);
}

/** Reads `plan`'s columns of the files a DuckDB vector at a time into column profiles. */
async function readColumns(
  connection: DuckDBConnection,
  paths: readonly string[],
  plan: readonly ColumnPlan[],
): Promise<{ profiles: ColumnProfile[]; rows: number }> {
  const profiles = plan.map((c) => new ColumnProfile(c.name, false, c.seed));
  const select = plan.map((c) => `CAST(${ident(c.name)} AS ${c.kind === 'text' ? 'VARCHAR' : 'DOUBLE'})`);
  const result = await connection.stream(`SELECT ${select.join(', ')} FROM read_parquet(${fileList(paths)})`);
  let rows = 0;
  // The next chunk is asked for before this one is profiled, so DuckDB decodes while JavaScript counts.
  let next = result.fetchChunk();
  for (;;) {
    const chunk = await next;
    if (!chunk || chunk.rowCount === 0) break;
    next = result.fetchChunk();
    rows += chunk.rowCount;
    for (let j = 0; j < plan.length; j++)
      addVector(profiles[j] as ColumnProfile, plan[j] as ColumnPlan, chunk.getColumnVector(j));
  }
  return { profiles, rows };
}

function inWorker(paths: readonly string[], plan: readonly ColumnPlan[]): Promise<{ profiles: ProfileWire[]; rows: number }> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(workerEntry(import.meta.url, 'parquet-worker'), { paths, plan });
    worker.once('message', (result: { profiles: ProfileWire[]; rows: number } | { error: string }) => {
      if ('error' in result) reject(new Error(result.error));
      else resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** `threads`: DuckDB's own threads; a worker reading its columns needs one (more only spin). */
async function withDuckdb<T>(fn: (connection: DuckDBConnection) => Promise<T>, threads?: number): Promise<T> {
  const { duckdb } = await import('../../../warehouse/duckdb/duckdb-api.js');
  const instance = await duckdb.DuckDBInstance.create(':memory:', threads === undefined ? {} : { threads: String(threads) });
  const connection = await instance.connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function fileList(paths: readonly string[]): string {
  return `[${paths.map(literal).join(', ')}]`;
}

async function columnPlan(connection: DuckDBConnection, list: string): Promise<ColumnPlan[]> {
  const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${list})`)).getRowObjectsJS();
  return described.map((row, j) => {
    const type = String(row.column_type);
    const kind = INTEGER_TYPES.test(type) ? 'integral' : FRACTIONAL_TYPES.test(type) ? 'fractional' : 'text';
    return { name: String(row.column_name), kind, seed: j + 1 };
  });
}

const scratch = { values: new Float64Array(2048) };

function addVector(profile: ColumnProfile, column: ColumnPlan, vector: DuckDBVector): void {
  if (column.kind === 'text') {
    for (const value of vector.toArray()) {
      if (value === null) profile.addMissing();
      else if (String(value).trim() === '') profile.addMissing();
      else profile.addText(String(value));
    }
    return;
  }
  const { items, validity } = vector as unknown as { items: Float64Array; validity: { data: BigUint64Array | null } };
  const integral = column.kind === 'integral';
  if (!validity.data) {
    profile.addNumbers(items, integral ? items.length : 0);
    return;
  }
  // Some values are NULL: copy the valid ones out (the validity mask as 32-bit words).
  const mask = new Uint32Array(validity.data.buffer, validity.data.byteOffset, validity.data.length * 2);
  if (scratch.values.length < items.length) scratch.values = new Float64Array(items.length);
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    if (((mask[i >>> 5] as number) >>> (i & 31)) & 1) scratch.values[n++] = items[i] as number;
    else profile.addMissing();
  }
  profile.addNumbers(scratch.values.subarray(0, n), integral ? n : 0);
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
