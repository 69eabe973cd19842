import { join } from 'node:path';
import { godwitHome } from '../../../src/core/home.js';
import { HandClock } from '../../../src/db/contract-kit.js';
import { eventBridgeCatalogContract } from '../../../src/events/bus/eventbridge-catalog.contract.js';
import { openMetadata } from '../../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../../helpers/postgres.js';
import { scratchDir } from '../../helpers/scratch.js';

const home = () => godwitHome(join(scratchDir('godwit-eventbridge-'), 'home'));

eventBridgeCatalogContract('sqlite', (clock) => openMetadata(home(), clock, {}), new HandClock());

eventBridgeCatalogContract(
  'postgres',
  async (clock) => openMetadata(home(), clock, { url: await testDatabase() }),
  new HandClock(),
  {
    skip: POSTGRES_SKIP,
  },
);
