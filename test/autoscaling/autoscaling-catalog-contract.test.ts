import { join } from 'node:path';
import { autoscalingCatalogContract } from '../../src/autoscaling/autoscaling-catalog.contract.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

autoscalingCatalogContract('sqlite', (clock) =>
  openMetadata(godwitHome(join(scratchDir('godwit-autoscaling-'), 'home')), clock, {}),
);

autoscalingCatalogContract(
  'postgres',
  async (clock) =>
    openMetadata(godwitHome(join(scratchDir('godwit-autoscaling-'), 'home')), clock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
