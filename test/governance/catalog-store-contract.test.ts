import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { catalogStoreContract } from '../../src/governance/catalog/catalog-store.contract.js';
import { openMetadata } from '../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

catalogStoreContract('sqlite', () => openMetadata(godwitHome(join(scratchDir('godwit-catalog-'), 'home')), systemClock, {}));

catalogStoreContract(
  'postgres',
  async () => openMetadata(godwitHome(join(scratchDir('godwit-catalog-'), 'home')), systemClock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
