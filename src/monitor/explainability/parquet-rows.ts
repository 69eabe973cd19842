/**
 * A Parquet file's rows through an in-memory DuckDB (loaded only for Parquet), from its bytes: the
 * object may live in any store, so it is written to a temporary file DuckDB reads.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GodwitError } from '../../core/errors.js';

export async function parquetRows(
  bytes: Uint8Array,
  uri: string,
): Promise<{ header: string[]; rows: { values: unknown[]; where: string }[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'godwit-explain-'));
  const { duckdb } = await import('../../warehouse/duckdb/duckdb-api.js');
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const file = join(dir, 'data.parquet');
    await writeFile(file, bytes);
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
    const header = reader.columnNames();
    const rows = (reader.getRowsJS() as unknown[][]).map((values, i) => ({
      values: values.map((v) => (typeof v === 'bigint' ? Number(v) : v)),
      where: `${uri}:row ${i + 1}`,
    }));
    return { header, rows };
  } catch (err) {
    throw new GodwitError('E_EXPLAIN_DATASET', `${uri} is not a Parquet file DuckDB reads: ${(err as Error).message}`, {
      hint: 'Give a Parquet file, or say --format csv or jsonl.',
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}
