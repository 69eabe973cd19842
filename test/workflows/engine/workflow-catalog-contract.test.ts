import { join } from 'node:path';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { workflowCatalogContract } from '../../../src/workflows/workflow-catalog.contract.js';
import { POSTGRES_SKIP, testDatabase } from '../../helpers/postgres.js';
import { scratchDir } from '../../helpers/scratch.js';

workflowCatalogContract('sqlite', (clock) => openMetadata(godwitHome(join(scratchDir('godwit-workflows-'), 'home')), clock, {}));

workflowCatalogContract(
  'postgres',
  async (clock) => openMetadata(godwitHome(join(scratchDir('godwit-workflows-'), 'home')), clock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
