import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { jobCatalogContract } from '../../src/jobs/job-catalog.contract.js';
import { openMetadata } from '../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

jobCatalogContract('sqlite', (clock) => openMetadata(godwitHome(join(scratchDir('godwit-jobs-'), 'home')), clock, {}));

jobCatalogContract(
  'postgres',
  async (clock) => openMetadata(godwitHome(join(scratchDir('godwit-jobs-'), 'home')), clock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
