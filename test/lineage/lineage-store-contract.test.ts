import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { lineageStoreContract } from '../../src/lineage/lineage-store.contract.js';
import { openMetadata } from '../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

lineageStoreContract('sqlite', () => openMetadata(godwitHome(join(scratchDir('godwit-lineage-'), 'home')), systemClock, {}));

lineageStoreContract(
  'postgres',
  async () => openMetadata(godwitHome(join(scratchDir('godwit-lineage-'), 'home')), systemClock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
