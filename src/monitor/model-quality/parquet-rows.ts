/**
 * The rows of Parquet objects, read by an in-memory DuckDB (loaded only when a Parquet data set is
 * measured; Godwit has no Parquet decoder of its own). Each object is copied to a temporary file
 * first, so any store works; rows come back as objects keyed by column name, one object at a time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore } from '../../store/index.js';

export interface ParquetRow {
  readonly row: Readonly<Record<string, unknown>>;
  /** `<object uri>:<row>`, 1-based. */
  readonly where: string;
}

export async function* parquetRows(store: ArtifactStore, keys: readonly string[]): AsyncGenerator<ParquetRow> {
  const { duckdb } = await import('../../warehouse/duckdb/duckdb-api.js');
  const folder = await mkdtemp(join(tmpdir(), 'godwit-mq-parquet-'));
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const key of keys) {
      const file = join(folder, 'object.parquet');
      await store.getToFile(key, file);
      const result = await connection.runAndReadAll(`select * from read_parquet('${file.replace(/'/g, "''")}')`);
      const rows = result.getRowObjectsJS() as Record<string, unknown>[];
      const uri = store.uri(key);
      for (const [i, row] of rows.entries()) yield { row: plain(row), where: `${uri}:${i + 1}` };
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(folder, { recursive: true, force: true });
  }
}

/** DuckDB's BIGINT arrives as a bigint: labels and predictions are numbers. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(row)) if (typeof value === 'bigint') row[name] = Number(value);
  return row;
}
