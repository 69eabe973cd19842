import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { modelRegistryContract } from '../../src/registry/model-registry.contract.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

modelRegistryContract('sqlite', () => openMetadata(godwitHome(join(scratchDir('godwit-registry-'), 'home')), systemClock, {}));

modelRegistryContract(
  'postgres',
  async () => openMetadata(godwitHome(join(scratchDir('godwit-registry-'), 'home')), systemClock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
