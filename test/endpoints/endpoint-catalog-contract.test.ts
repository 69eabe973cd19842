import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { endpointCatalogContract } from '../../src/endpoints/endpoint-catalog.contract.js';
import { openMetadata } from '../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

endpointCatalogContract('sqlite', (clock) => openMetadata(godwitHome(join(scratchDir('godwit-endpoints-'), 'home')), clock, {}));

endpointCatalogContract(
  'postgres',
  async (clock) => openMetadata(godwitHome(join(scratchDir('godwit-endpoints-'), 'home')), clock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
