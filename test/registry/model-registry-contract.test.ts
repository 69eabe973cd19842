import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openDatabase } from '../../src/db/open-database.js';
import { openMetadata } from '../../src/meta/index.js';
import { modelRegistryContract } from '../../src/registry/model-registry.contract.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

modelRegistryContract('sqlite', async () => {
  const home = godwitHome(join(scratchDir('godwit-registry-'), 'home'));
  const metadata = await openMetadata(home, systemClock, {});
  return { metadata, raw: await openDatabase({ file: home.metadataFile }) };
});

modelRegistryContract(
  'postgres',
  async () => {
    const url = await testDatabase();
    const metadata = await openMetadata(godwitHome(join(scratchDir('godwit-registry-'), 'home')), systemClock, { url });
    return { metadata, raw: await openDatabase({ url }) };
  },
  { skip: POSTGRES_SKIP },
);
