/** A BigQuery warehouse offline (the dialect front end on a DuckDB file) holding penguins.penguins. */
import { fileURLToPath } from 'node:url';
import { objectIn } from '../../../src/store/index.js';
import { type DialectWarehouse, dialectWarehouse } from '../../../src/warehouse/dialect/dialect-warehouse.js';
import { createWarehouse } from '../../../src/warehouse/duckdb/duckdb-warehouse.js';
import type { Warehouse } from '../../../src/warehouse/warehouse.js';
import { scratchDir } from '../../helpers/scratch.js';

export const PENGUINS_CSV = fileURLToPath(new URL('../../fixtures/penguins/penguins.csv', import.meta.url));

export interface BqFixture {
  readonly bq: DialectWarehouse;
  readonly engine: Warehouse;
  readonly home: string;
  /** A second warehouse on the same file (a later `godwit sql -f`), after this one is closed. */
  reopen(): BqFixture;
  close(): Promise<void>;
}

export async function penguinsWarehouse(home = scratchDir('godwit-bqml-')): Promise<BqFixture> {
  const fixture = open(home);
  await fixture.engine.execute('create schema if not exists penguins');
  await fixture.engine.execute(
    `create or replace table penguins.penguins as select * from read_csv('${PENGUINS_CSV}', header = true, nullstr = '')`,
  );
  return fixture;
}

function open(home: string): BqFixture {
  const engine = createWarehouse('test', { type: 'duckdb' }, { home, stores: (uri: string) => objectIn(uri) });
  const bq = dialectWarehouse(engine, 'bigquery');
  return { bq, engine, home, reopen: () => open(home), close: () => bq.close() };
}
