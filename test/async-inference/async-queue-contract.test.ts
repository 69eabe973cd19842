import { join } from 'node:path';
import { asyncQueueContract } from '../../src/async-inference/async-queue.contract.js';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

asyncQueueContract('sqlite', () => openMetadata(godwitHome(join(scratchDir('godwit-async-queue-'), 'home')), systemClock, {}));

asyncQueueContract(
  'postgres',
  async () =>
    openMetadata(godwitHome(join(scratchDir('godwit-async-queue-'), 'home')), systemClock, { url: await testDatabase() }),
  { skip: POSTGRES_SKIP },
);
