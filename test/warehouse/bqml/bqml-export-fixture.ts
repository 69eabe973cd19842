/** An offline BigQuery warehouse whose stores reach `gs://` buckets in its home (and any s3:// endpoint given). */
import { join } from 'node:path';
import { godwitHome } from '../../../src/core/home.js';
import { objectIn, type StoreOptions } from '../../../src/store/index.js';
import { type DialectWarehouse, dialectWarehouse } from '../../../src/warehouse/dialect/dialect-warehouse.js';
import { createWarehouse } from '../../../src/warehouse/duckdb/duckdb-warehouse.js';
import { scratchDir } from '../../helpers/scratch.js';
import { PENGUINS_CSV } from './bqml-fixture.js';

export interface ExportFixture {
  readonly bq: DialectWarehouse;
  readonly root: string;
  readonly home: ReturnType<typeof godwitHome>;
  readonly storeOptions: StoreOptions;
  close(): Promise<void>;
}

export async function exportWarehouse(extra: StoreOptions = {}): Promise<ExportFixture> {
  const root = scratchDir('godwit-bqml-export-');
  const home = godwitHome(join(root, 'home'));
  const storeOptions: StoreOptions = { home: home.root, ...extra };
  const engine = createWarehouse('test', { type: 'duckdb' }, { home: home.root, stores: (uri) => objectIn(uri, storeOptions) });
  await engine.execute('create schema if not exists penguins');
  await engine.execute(
    `create or replace table penguins.penguins as select * from read_csv('${PENGUINS_CSV}', header = true, nullstr = '')`,
  );
  const bq = dialectWarehouse(engine, 'bigquery');
  return { bq, root, home, storeOptions, close: () => bq.close() };
}
