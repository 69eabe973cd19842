/**
 * One pass of the DuckDB data benchmark: COPY a CSV file into a fresh table, then UNLOAD the table
 * to Parquet, either through Godwit's warehouse (COPY and UNLOAD through the file:// store, with
 * its checksums, catalog and atomic publish) or as the same work in raw DuckDB SQL on local files.
 * Run alone (`node --import tsx bench/data/duckdb-pass.ts godwit|raw CSV DIR`) it prints its
 * timings as JSON, which is how `duckdb-copy-unload.ts` measures whole-process time.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface PassResult {
  readonly copyMs: number;
  readonly unloadMs: number;
  readonly cpuMs: number;
  readonly rows: number;
  readonly parquetBytes: number;
}

export const COLUMNS: readonly [string, string][] = [
  ['id', 'BIGINT'],
  ['customer_id', 'INTEGER'],
  ['amount', 'DOUBLE'],
  ['category', 'VARCHAR'],
  ['ts', 'TIMESTAMP'],
  ['flag', 'BOOLEAN'],
];

const DDL = `create table sales (${COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})`;

export async function pass(kind: 'godwit' | 'raw', csv: string, dir: string): Promise<PassResult> {
  mkdirSync(dir, { recursive: true });
  return kind === 'godwit' ? godwitPass(csv, dir) : rawPass(csv, dir);
}

async function godwitPass(csv: string, dir: string): Promise<PassResult> {
  const { toFileUri } = await import('../../src/core/uri.js');
  const { objectIn } = await import('../../src/store/index.js');
  const { openWarehouse } = await import('../../src/warehouse/index.js');
  const wh = await openWarehouse(
    'bench',
    { type: 'duckdb', url: join(dir, 'godwit.duckdb') },
    { home: dir, stores: (u) => objectIn(u) },
  );
  await wh.execute(DDL);
  const cpu = process.cpuUsage();
  let t = performance.now();
  const copy = await wh.copyFrom({ name: 'sales' }, { uri: toFileUri(csv), format: 'csv' });
  const copyMs = performance.now() - t;
  t = performance.now();
  const unload = await wh.unload('select * from sales', { uri: `${toFileUri(join(dir, 'parquet'))}/`, format: 'parquet' });
  const unloadMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  await wh.close();
  return {
    copyMs,
    unloadMs,
    cpuMs: (used.user + used.system) / 1000,
    rows: copy.rows ?? 0,
    parquetBytes: unload.bytesWritten ?? 0,
  };
}

async function rawPass(csv: string, dir: string): Promise<PassResult> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { readdirSync, statSync } = await import('node:fs');
  const instance = await DuckDBInstance.create(join(dir, 'raw.duckdb'));
  const c = await instance.connect();
  await c.run(DDL);
  const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const columns = `{${COLUMNS.map(([n, t]) => `${lit(n)}: ${lit(t)}`).join(', ')}}`;
  const cpu = process.cpuUsage();
  let t = performance.now();
  const loaded = await c.run(
    `insert into sales select * from read_csv(${lit(csv)}, header = true, delim = ',', quote = '"', escape = '"', nullstr = '', strict_mode = true, columns = ${columns}, auto_detect = false)`,
  );
  const copyMs = performance.now() - t;
  t = performance.now();
  const out = join(dir, 'parquet');
  await c.run(`copy sales to ${lit(out)} (format parquet, per_thread_output true)`);
  const unloadMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const parquetBytes = readdirSync(out).reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
  c.closeSync();
  instance.closeSync();
  return { copyMs, unloadMs, cpuMs: (used.user + used.system) / 1000, rows: loaded.rowsChanged, parquetBytes };
}

if (process.argv[1]?.endsWith('duckdb-pass.ts')) {
  const [kind, csv, dir] = process.argv.slice(2);
  const result = await pass(kind as 'godwit' | 'raw', csv, dir);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
