/**
 * A Parquet object's columns and rows, read by an in-memory DuckDB (loaded only when a Parquet data
 * set is read; Godwit has no Parquet decoder of its own). The object is copied to a temporary file
 * first, so any store works. DuckDB's BIGINT arrives as a bigint and is given back as a number
 * (labels, predictions and features are numbers). A file DuckDB cannot read rejects with DuckDB's
 * error; the caller says what it was reading it for.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore } from '../store/index.js';

export interface ParquetTable {
  readonly header: string[];
  readonly rows: unknown[][];
}

export async function parquetTable(store: ArtifactStore, key: string): Promise<ParquetTable> {
  const { duckdb } = await import('../warehouse/duckdb/duckdb-api.js');
  const folder = await mkdtemp(join(tmpdir(), 'godwit-parquet-'));
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const file = join(folder, 'object.parquet');
    await store.getToFile(key, file);
    const reader = await connection.runAndReadAll(`select * from read_parquet('${file.replace(/'/g, "''")}')`);
    const rows = (reader.getRowsJS() as unknown[][]).map((values) => values.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
    return { header: reader.columnNames(), rows };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(folder, { recursive: true, force: true });
  }
}
