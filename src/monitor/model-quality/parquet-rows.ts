/**
 * The rows of Parquet objects (`parquetTable`), one object at a time, each row an object keyed by
 * column name as JSON Lines records are.
 */
import type { ArtifactStore } from '../../store/index.js';
import { parquetTable } from '../parquet-table.js';

export interface ParquetRow {
  readonly row: Readonly<Record<string, unknown>>;
  /** `<object uri>:<row>`, 1-based. */
  readonly where: string;
}

export async function* parquetRows(store: ArtifactStore, keys: readonly string[]): AsyncGenerator<ParquetRow> {
  for (const key of keys) {
    const { header, rows } = await parquetTable(store, key);
    const uri = store.uri(key);
    for (const [i, values] of rows.entries()) {
      yield { row: Object.fromEntries(header.map((name, j) => [name, values[j]])), where: `${uri}:${i + 1}` };
    }
  }
}
