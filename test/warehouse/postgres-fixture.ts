import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { WarehouseConfig } from '../../src/config/config.js';
import { toFileUri } from '../../src/core/uri.js';
import { objectIn } from '../../src/store/index.js';
import type { WarehouseDeps } from '../../src/warehouse/index.js';
import type { WarehouseUnderTest } from '../../src/warehouse/warehouse.contract.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

type Create = (name: string, config: WarehouseConfig, deps: WarehouseDeps) => Warehouse;

let database: Promise<string> | undefined;

/** The test file's database (made once), for tests that need its URL. */
export function fileDatabase(): Promise<string> {
  database ??= testDatabase();
  return database;
}

/** A warehouse on the file's database with a fresh schema and object folder for each test. */
export async function postgresFixture(type: 'postgres' | 'redshift', create: Create): Promise<WarehouseUnderTest> {
  const url = await fileDatabase();
  const dir = scratchDir('godwit-pgwh-');
  const stores = (uri: string) => objectIn(uri);
  const warehouse = create('test', { type, url }, { home: dir, stores });
  const schema = `s_${randomBytes(4).toString('hex')}`;
  await warehouse.execute(`create schema ${schema}`);
  return { warehouse, stores, objects: `${toFileUri(join(dir, 'objects'))}/`, schema, cleanup: () => warehouse.close() };
}
