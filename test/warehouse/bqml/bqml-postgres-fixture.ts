/** The BigQuery front end on the test run's PostgreSQL, holding penguins.penguins with the DuckDB fixture's rows, in order. */
import { objectIn } from '../../../src/store/index.js';
import { type DialectWarehouse, dialectWarehouse } from '../../../src/warehouse/dialect/dialect-warehouse.js';
import { createWarehouse } from '../../../src/warehouse/postgres/postgres-warehouse.js';
import type { Row, Warehouse } from '../../../src/warehouse/warehouse.js';
import { testDatabase } from '../../helpers/postgres.js';
import { scratchDir } from '../../helpers/scratch.js';

export interface PgFixture {
  readonly bq: DialectWarehouse;
  readonly engine: Warehouse;
  close(): Promise<void>;
}

const COLUMNS =
  'species text, island text, culmen_length_mm double precision, culmen_depth_mm double precision, flipper_length_mm bigint, body_mass_g bigint, sex text';

export async function penguinsOnPostgres(rows: readonly Row[]): Promise<PgFixture> {
  const url = await testDatabase();
  const engine = createWarehouse(
    'pg',
    { type: 'postgres', url },
    { home: scratchDir('godwit-bqpg-'), stores: (uri) => objectIn(uri) },
  );
  await engine.execute('create schema penguins');
  await engine.execute(`create table penguins.penguins (${COLUMNS})`);
  const json = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  await engine.execute(`insert into penguins.penguins select * from jsonb_to_recordset(:rows::jsonb) as r(${COLUMNS})`, {
    rows: json,
  });
  const bq = dialectWarehouse(engine, 'bigquery');
  return { bq, engine, close: () => bq.close() };
}
