import { join } from 'node:path';
import { toFileUri } from '../../src/core/uri.js';
import { objectIn } from '../../src/store/index.js';
import { dialectWarehouse } from '../../src/warehouse/dialect/dialect-warehouse.js';
import { createWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import { ansiDialect, warehouseContract } from '../../src/warehouse/warehouse.contract.js';
import type { TableRef } from '../../src/warehouse/warehouse.js';
import { scratchDir } from '../helpers/scratch.js';

/** The warehouse contract through the dialect front end: the suite's SQL is Redshift's or BigQuery's. */
for (const dialect of ['redshift', 'bigquery'] as const) {
  warehouseContract(
    `dialect ${dialect} on duckdb`,
    async () => {
      const home = scratchDir(`godwit-dialect-${dialect}-`);
      const stores = (uri: string) => objectIn(uri);
      const engine = createWarehouse('test', { type: 'duckdb' }, { home, stores });
      const warehouse = dialectWarehouse(engine, dialect);
      return { warehouse, stores, objects: `${toFileUri(join(home, 'objects'))}/`, cleanup: () => warehouse.close() };
    },
    dialect === 'redshift' ? ansiDialect(':') : bigQueryContractDialect(),
  );
}

function bigQueryContractDialect() {
  const tick = (s: string) => `\`${s.replaceAll('`', '\\`')}\``;
  return {
    param: (name: string) => `@${name}`,
    table: (ref: TableRef) => (ref.schema ? `${tick(ref.schema)}.${tick(ref.name)}` : tick(ref.name)),
    types: { int: 'INT64', text: 'STRING' },
    series: (n: number) => `SELECT i FROM UNNEST(GENERATE_ARRAY(1, ${n})) AS i`,
  };
}
