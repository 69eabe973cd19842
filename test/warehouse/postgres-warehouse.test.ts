import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { toFileUri } from '../../src/core/uri.js';
import { objectIn } from '../../src/store/index.js';
import { createWarehouse } from '../../src/warehouse/postgres/postgres-warehouse.js';
import { ansiDialect, type WarehouseUnderTest, warehouseContract } from '../../src/warehouse/warehouse.contract.js';
import { POSTGRES_URL, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

let database: Promise<string> | undefined;

/** One database for the file, a fresh schema and object folder per test. */
export async function postgresFixture(type: 'postgres' | 'redshift', create = createWarehouse): Promise<WarehouseUnderTest> {
  database ??= testDatabase();
  const url = await database;
  const dir = scratchDir('godwit-pgwh-');
  const stores = (uri: string) => objectIn(uri);
  const warehouse = create('test', { type, url }, { home: dir, stores });
  const schema = `s_${randomBytes(4).toString('hex')}`;
  await warehouse.execute(`create schema ${schema}`);
  return { warehouse, stores, objects: `${toFileUri(join(dir, 'objects'))}/`, schema, cleanup: () => warehouse.close() };
}

if (POSTGRES_URL) warehouseContract('postgres', () => postgresFixture('postgres'), ansiDialect(':'));
