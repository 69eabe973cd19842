/**
 * "Prepare training data from the warehouse": run a query and stage its result as files a
 * training step reads, choosing how. A small result is uploaded from the client in one file (one
 * round trip, no warehouse export job); a large one is UNLOADed by the warehouse in parallel files.
 * `auto` reads the result up to `clientMaxRows + 1` rows to find out which it is, and says why it
 * chose and what each part cost.
 *
 * ```ts
 * const staged = await prepareTrainingData(wh, { select: 'select * from features where day >= $d', params: { d: '2026-01-01' }, stageTo: 's3://ml/train/' });
 * staged.mode;   // 'client' (40,000 rows ≤ 100,000) or 'unload'
 * staged.rows;   // the rows, when they were read (client mode, or returnRows: true)
 * staged.stagedUri, staged.files; // what the training step consumes
 * ```
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { objectIn } from '../store/index.js';
import { rowsAsCsv, rowsAsJsonLines } from './rows-text.js';
import { planUnload, publishUnload, unloadFileName } from './unload-publish.js';
import type { Column, CsvOptions, DataFormat, Row, SqlParams, StatementCost, StoreResolver, Warehouse } from './warehouse.js';

/** Results up to this many rows are uploaded from the client by `auto`. */
export const DEFAULT_CLIENT_MAX_ROWS = 100_000;

export interface PrepareTrainingDataOptions {
  readonly select: string;
  readonly params?: SqlParams;
  /** The prefix the files go under (ending in `/`); it must be empty unless `allowOverwrite`. */
  readonly stageTo: string;
  /** Default csv. Parquet is written by the warehouse only, so it always unloads. */
  readonly format?: DataFormat;
  readonly csv?: CsvOptions;
  readonly mode?: 'auto' | 'unload' | 'client';
  readonly clientMaxRows?: number;
  /** Also return the rows when unloading (read with a second query); client mode always returns them. */
  readonly returnRows?: boolean;
  readonly allowOverwrite?: boolean;
  readonly manifest?: boolean;
}

export interface PreparedTrainingData {
  readonly mode: 'client' | 'unload';
  /** Why this mode, with the figures it was chosen on. */
  readonly reason: string;
  readonly stagedUri: string;
  readonly files: readonly { readonly uri: string; readonly size: number }[];
  readonly manifestUri?: string;
  readonly columns?: readonly Column[];
  readonly rows?: readonly Row[];
  /** `query`: reading the rows (client mode, or returnRows); `stage`: writing the files; `durationMs`: both. */
  readonly cost: { readonly query?: StatementCost; readonly stage: StatementCost; readonly durationMs: number };
}

/**
 * `stores` reaches `stageTo` for a client upload (give the resolver the warehouse was opened with
 * for S3 or GCS settings; the default uses the environment's).
 */
export async function prepareTrainingData(
  warehouse: Warehouse,
  options: PrepareTrainingDataOptions,
  stores: StoreResolver = (uri) => objectIn(uri),
): Promise<PreparedTrainingData> {
  const started = performance.now();
  const format = options.format ?? 'csv';
  const mode = options.mode ?? 'auto';
  const limit = options.clientMaxRows ?? DEFAULT_CLIENT_MAX_ROWS;
  if (mode === 'client' && format === 'parquet') {
    throw new GodwitError(
      'E_DATA_FORMAT',
      `Parquet training data at ${options.stageTo} is written by the warehouse, not the client.`,
      { hint: "Use mode 'unload' (or 'auto'), or format csv or jsonl." },
    );
  }
  const target = {
    uri: options.stageTo,
    format,
    csv: options.csv,
    allowOverwrite: options.allowOverwrite,
    manifest: options.manifest,
  };
  const plan = await planUnload(stores, target);
  const probe =
    mode === 'unload' || format === 'parquet'
      ? undefined
      : await readUpTo(warehouse, options, mode === 'client' ? Number.POSITIVE_INFINITY : limit + 1);
  const small = probe !== undefined && (mode === 'client' || probe.rows.length <= limit);
  const reason = reasonFor(mode, format, probe?.rows.length, limit);
  if (small && probe) {
    const stage = await uploadRows(plan, probe, format, options.csv);
    return {
      mode: 'client',
      reason,
      stagedUri: options.stageTo,
      files: stage.files,
      manifestUri: stage.manifestUri,
      columns: probe.columns,
      rows: probe.rows,
      cost: { query: probe.cost, stage, durationMs: performance.now() - started },
    };
  }
  const unloaded = await warehouse.unload(options.select, target, options.params);
  const read = options.returnRows ? await warehouse.query(options.select, options.params) : undefined;
  const { files, manifestUri, ...stage } = unloaded;
  return {
    mode: 'unload',
    reason,
    stagedUri: options.stageTo,
    files,
    manifestUri,
    columns: read?.columns,
    rows: read?.rows,
    cost: { query: read?.cost, stage, durationMs: performance.now() - started },
  };
}

interface Probe {
  readonly columns: readonly Column[];
  readonly rows: Row[];
  readonly cost: StatementCost;
}

/** The first `max` rows of the result, streamed (the rest of a large result is never read). */
async function readUpTo(warehouse: Warehouse, options: PrepareTrainingDataOptions, max: number): Promise<Probe> {
  const started = performance.now();
  const rows: Row[] = [];
  let columns: readonly Column[] = [];
  for await (const batch of warehouse.stream(options.select, options.params)) {
    columns = batch.columns;
    for (const row of batch.rows) if (rows.length < max) rows.push(row);
    if (rows.length >= max) break;
  }
  return { columns, rows, cost: { durationMs: performance.now() - started, rows: rows.length } };
}

function reasonFor(mode: string, format: DataFormat, rows: number | undefined, limit: number): string {
  if (mode === 'unload') return 'unload was asked for';
  if (mode === 'client') return `client upload was asked for (${rows} rows)`;
  if (format === 'parquet') return 'Parquet is written by the warehouse, so it unloads';
  if (rows !== undefined && rows <= limit)
    return `${rows} rows ≤ ${limit}: one upload from the client is cheaper than an export job`;
  return `more than ${limit} rows: the warehouse unloads them in parallel files instead of sending every row through the client`;
}

async function uploadRows(plan: Awaited<ReturnType<typeof planUnload>>, probe: Probe, format: DataFormat, csv?: CsvOptions) {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'godwit-stage-'));
  try {
    const path = join(dir, 'rows');
    await writeFile(path, format === 'csv' ? rowsAsCsv(probe.columns, probe.rows, csv) : rowsAsJsonLines(probe.rows));
    const published = await publishUnload(plan, [{ path, name: unloadFileName(0, 0, format) }], {
      rows: probe.rows.length,
      columns: probe.columns,
    });
    return {
      durationMs: performance.now() - started,
      rows: probe.rows.length,
      bytesWritten: published.bytesWritten,
      filesWritten: published.files.length,
      files: published.files,
      manifestUri: published.manifestUri,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
