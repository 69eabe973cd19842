/** The fixture both BigQuery test files share: one REST stand-in, a warehouse on it, a scratch home. */
import { after, before, beforeEach } from 'node:test';
import { objectIn } from '../../src/store/index.js';
import type { BigQueryWarehouse } from '../../src/warehouse/bigquery/bigquery-warehouse.js';
import { createWarehouse } from '../../src/warehouse/bigquery/index.js';
import { BigQueryStandIn } from '../helpers/bigquery-stand-in.js';
import { scratchDir } from '../helpers/scratch.js';

export interface BigQueryFixture {
  standIn: BigQueryStandIn;
  endpoint: string;
  home: string;
  wh: BigQueryWarehouse;
}

/** Registers the hooks; the returned object holds the current test's fixture. */
export function bigQueryFixture(): BigQueryFixture {
  const f = {} as BigQueryFixture;
  before(async () => {
    f.standIn = new BigQueryStandIn();
    f.endpoint = await f.standIn.start();
  });
  after(() => f.standIn.stop());
  beforeEach(() => {
    f.standIn.requests.length = 0;
    f.home = scratchDir('godwit-bq-home-');
    const home = f.home;
    f.wh = createWarehouse(
      'analytics',
      { type: 'bigquery', url: 'my-project', location: 'EU', endpoint: f.endpoint, maxRetries: 0 },
      {
        home,
        stores: (uri) => objectIn(uri, { home }),
      },
    ) as BigQueryWarehouse;
  });
  return f;
}

export const code = (expected: string) => (err: unknown) => {
  if ((err as { code?: string }).code !== expected) throw new Error(`expected ${expected}, got ${String(err)}`);
  return true;
};
