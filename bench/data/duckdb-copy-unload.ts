/**
 * bench/data: COPY 1,000,000 CSV rows into DuckDB, then UNLOAD them to Parquet through Godwit's
 * store, beside the same work as raw DuckDB SQL on local files, in the same run. Prints the
 * throughput ratio (target ≥ 0.9×), CPU time, and whole-process time including module loading.
 *
 *   node --import tsx bench/data/duckdb-copy-unload.ts [ROWS] [ROUNDS]
 *
 * The CSV is generated here deterministically (xorshift), so every run loads the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PassResult, pass } from './duckdb-pass.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const CATEGORIES = ['books', 'electronics', 'garden', 'grocery', 'toys, games', 'apparel "basics"'];

function generateCsv(path: string, rows: number): void {
  let x = 2463534242;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const chunks = ['id,customer_id,amount,category,ts,flag\n'];
  const start = Date.UTC(2026, 0, 1) / 1000;
  for (let i = 0; i < rows; i++) {
    const category = CATEGORIES[Math.floor(next() * CATEGORIES.length)];
    const quoted = category.includes(',') || category.includes('"') ? `"${category.replaceAll('"', '""')}"` : category;
    const ts = new Date((start + Math.floor(next() * 31_536_000)) * 1000).toISOString().slice(0, 19).replace('T', ' ');
    chunks.push(`${i},${Math.floor(next() * 50_000)},${(next() * 500).toFixed(2)},${quoted},${ts},${next() < 0.5}\n`);
  }
  writeFileSync(path, chunks.join(''));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const root = mkdtempSync(join(tmpdir(), 'godwit-bench-data-'));
try {
  const csv = join(root, 'sales.csv');
  generateCsv(csv, ROWS);
  console.log(
    `bench:data (DuckDB) — ${ROWS.toLocaleString('en')} rows, ${(statSync(csv).size / 2 ** 20).toFixed(1)} MiB CSV, ${ROUNDS} rounds, alternating order`,
  );
  const results: Record<'godwit' | 'raw', PassResult[]> = { godwit: [], raw: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order: ('godwit' | 'raw')[] = round % 2 === 0 ? ['raw', 'godwit'] : ['godwit', 'raw'];
    for (const kind of order) results[kind].push(await pass(kind, csv, join(root, `${kind}-${round}`)));
  }
  for (const kind of ['raw', 'godwit'] as const) {
    const r = results[kind];
    const total = median(r.map((p) => p.copyMs + p.unloadMs));
    console.log(
      `${kind.padEnd(7)} COPY ${fmt(median(r.map((p) => p.copyMs)))}  UNLOAD ${fmt(median(r.map((p) => p.unloadMs)))}  total ${fmt(total)}  ` +
        `(${Math.round(ROWS / (total / 1000)).toLocaleString('en')} rows/s)  CPU ${fmt(median(r.map((p) => p.cpuMs)))}  parquet ${(r[0].parquetBytes / 2 ** 20).toFixed(1)} MiB`,
    );
  }
  const total = (kind: 'godwit' | 'raw') => median(results[kind].map((p) => p.copyMs + p.unloadMs));
  const cpu = (kind: 'godwit' | 'raw') => median(results[kind].map((p) => p.cpuMs));
  console.log(
    `throughput ratio Godwit / raw DuckDB: ${(total('raw') / total('godwit')).toFixed(2)}× (target ≥ 0.9×); CPU ratio raw / Godwit ${(cpu('raw') / cpu('godwit')).toFixed(2)}×`,
  );

  const passScript = fileURLToPath(new URL('./duckdb-pass.ts', import.meta.url));
  for (const kind of ['raw', 'godwit'] as const) {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', passScript, kind, csv, join(root, `${kind}-process`)], {
      encoding: 'utf8',
    });
    const wall = performance.now() - started;
    if (child.status !== 0) throw new Error(`${kind} pass failed: ${child.stderr}`);
    const inner = JSON.parse(child.stdout) as PassResult;
    console.log(
      `whole process (${kind}, node + tsx + modules + open + COPY + UNLOAD + close): ${fmt(wall)} (COPY+UNLOAD ${fmt(inner.copyMs + inner.unloadMs)})`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
