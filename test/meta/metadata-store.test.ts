import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { metadataStoreContract } from '../../src/meta/metadata-store.contract.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

metadataStoreContract('sqlite', () => openMetadata(godwitHome(join(scratchDir('godwit-meta-'), 'home')), systemClock, {}));

metadataStoreContract(
  'postgres',
  async () => openMetadata(godwitHome(join(scratchDir('godwit-meta-'), 'home')), systemClock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
