import { join } from 'node:path';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { monitoringCatalogContract } from '../../../src/monitor/schedules/monitoring-catalog.contract.js';
import { POSTGRES_SKIP, testDatabase } from '../../helpers/postgres.js';
import { scratchDir } from '../../helpers/scratch.js';

monitoringCatalogContract('sqlite', (clock) =>
  openMetadata(godwitHome(join(scratchDir('godwit-monitoring-'), 'home')), clock, {}),
);

monitoringCatalogContract(
  'postgres',
  async (clock) => openMetadata(godwitHome(join(scratchDir('godwit-monitoring-'), 'home')), clock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
