import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { pipelineCatalogContract } from '../../src/pipelines/pipeline-catalog.contract.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

pipelineCatalogContract('sqlite', (clock) => openMetadata(godwitHome(join(scratchDir('godwit-pipelines-'), 'home')), clock, {}));

pipelineCatalogContract(
  'postgres',
  async (clock) => openMetadata(godwitHome(join(scratchDir('godwit-pipelines-'), 'home')), clock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
