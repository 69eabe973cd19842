import { join } from 'node:path';
import { alarmServiceContract } from '../../src/alarms/alarm-service.contract.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const home = () => godwitHome(join(scratchDir('godwit-alarms-'), 'home'));

alarmServiceContract('sqlite', (clock) => openMetadata(home(), clock, {}), new FakeClock(Date.parse('2026-12-06T07:10:23Z')));

alarmServiceContract(
  'postgres',
  async (clock) => openMetadata(home(), clock, { url: await testDatabase() }),
  new FakeClock(Date.parse('2026-12-06T07:10:23Z')),
  { skip: POSTGRES_SKIP },
);
