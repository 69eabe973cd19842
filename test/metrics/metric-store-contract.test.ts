import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { metricStoreContract } from '../../src/metrics/metric-store.contract.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const home = () => godwitHome(join(scratchDir('godwit-metrics-'), 'home'));

metricStoreContract('sqlite', (clock) => openMetadata(home(), clock, {}), new FakeClock(Date.parse('2026-12-05T10:17:23Z')));

metricStoreContract(
  'postgres',
  async (clock) => openMetadata(home(), clock, { url: await testDatabase() }),
  new FakeClock(Date.parse('2026-12-05T10:17:23Z')),
  { skip: POSTGRES_SKIP },
);
