import { join } from 'node:path';
import { toFileUri } from '../../src/core/uri.js';
import { objectIn } from '../../src/store/index.js';
import { createWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import { ansiDialect, warehouseContract } from '../../src/warehouse/warehouse.contract.js';
import { scratchDir } from '../helpers/scratch.js';

warehouseContract(
  'duckdb',
  async () => {
    const home = scratchDir('godwit-duckdb-');
    const stores = (uri: string) => objectIn(uri);
    const warehouse = createWarehouse('test', { type: 'duckdb' }, { home, stores });
    return { warehouse, stores, objects: `${toFileUri(join(home, 'objects'))}/`, cleanup: () => warehouse.close() };
  },
  ansiDialect('$'),
);
