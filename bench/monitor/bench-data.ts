/**
 * The data of bench/monitor, generated deterministically (xorshift) so every run profiles the
 * same bytes: ROWS rows × 20 numeric columns (uniform, normal, exponential, skewed, integer-valued
 * and constant-heavy columns, 4 decimals), written as CSV with a header, as Parquet (DuckDB's COPY
 * of that CSV) and as SageMaker capture JSON lines (each row a CSV request, Godwit's capture line).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const COLUMNS = 20;

export interface BenchFiles {
  readonly csv: string;
  readonly parquet: string;
  readonly capture: string;
}

function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 4294967296;
  };
}

function cell(column: number, next: () => number): string {
  const u = next();
  switch (column % 5) {
    case 0:
      return (u * 100).toFixed(4);
    case 1:
      return (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next()) * 15 + 50).toFixed(4);
    case 2:
      return (-Math.log(u) * 3).toFixed(4);
    case 3:
      return String(Math.floor(u * 1000));
    default:
      return (u ** 4 * 1e5).toFixed(2);
  }
}

export async function benchFiles(dir: string, rows: number): Promise<BenchFiles> {
  const files = {
    csv: join(dir, `data-${rows}.csv`),
    parquet: join(dir, `data-${rows}.parquet`),
    capture: join(dir, `capture-${rows}.jsonl`),
  };
  if (existsSync(files.csv) && existsSync(files.parquet) && existsSync(files.capture)) return files;
  const next = rng(2463534242);
  const header = Array.from({ length: COLUMNS }, (_, j) => `f${j}`).join(',');
  const csv: string[] = [`${header}\n`];
  const capture: string[] = [];
  for (let i = 0; i < rows; i++) {
    const row = Array.from({ length: COLUMNS }, (_, j) => cell(j, next)).join(',');
    csv.push(`${row}\n`);
    const id = `${(i + 1).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    capture.push(
      `{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"${row}","encoding":"CSV"}},"eventMetadata":{"eventId":"${id}","inferenceTime":"2026-12-06T10:00:00Z"},"eventVersion":"0"}\n`,
    );
  }
  writeFileSync(files.csv, csv.join(''));
  writeFileSync(files.capture, capture.join(''));
  const { duckdb } = await import('../../src/warehouse/duckdb/duckdb-api.js');
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT * FROM read_csv('${files.csv}', header = true)) TO '${files.parquet}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  return files;
}
