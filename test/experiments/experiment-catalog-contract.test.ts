import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { experimentCatalogContract } from '../../src/experiments/experiment-catalog.contract.js';
import { openMetadata } from '../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

experimentCatalogContract('sqlite', (clock) =>
  openMetadata(godwitHome(join(scratchDir('godwit-experiments-'), 'home')), clock, {}),
);

experimentCatalogContract(
  'postgres',
  async (clock) =>
    openMetadata(godwitHome(join(scratchDir('godwit-experiments-'), 'home')), clock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
