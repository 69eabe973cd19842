import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openDatabase } from '../../src/db/open-database.js';
import { principalStoreContract } from '../../src/governance/principals/principal-store.contract.js';
import { openMetadata } from '../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

/** A raw reader of the same database, as someone holding a copy of it (and not the secrets key) would read it. */
function rawReader(where: { file: string } | { url: string }) {
  return async (sql: string) => {
    const db = await openDatabase(where);
    try {
      return await db.query(sql);
    } finally {
      await db.close();
    }
  };
}

principalStoreContract('sqlite', async () => {
  const home = godwitHome(join(scratchDir('godwit-principals-'), 'home'));
  return { metadata: await openMetadata(home, systemClock, {}), raw: rawReader({ file: home.metadataFile }) };
});

principalStoreContract(
  'postgres',
  async () => {
    const url = await testDatabase();
    const home = godwitHome(join(scratchDir('godwit-principals-'), 'home'));
    return { metadata: await openMetadata(home, systemClock, { url }), raw: rawReader({ url }) };
  },
  { skip: POSTGRES_SKIP },
);
