import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type CapabilitySchema, migrate } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { SqlDatabase } from '../../src/db/sql-database.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

/** Notes: a capability whose table records notes. */
const NOTES: CapabilitySchema = {
  capability: 'notes',
  migrations: ['CREATE TABLE notes (text TEXT NOT NULL)'],
};

/** Tally: counts the notes there were when it was added, with a data migration. */
function tallySchema(runs: { count: number }, fail = false): CapabilitySchema {
  return {
    capability: 'tally',
    migrations: [
      'CREATE TABLE tally (n INTEGER NOT NULL)',
      {
        describe: 'count the notes recorded before',
        run: async (tx) => {
          runs.count++;
          const [{ n }] = await tx.query('SELECT COUNT(*) AS n FROM notes');
          await tx.run('INSERT INTO tally (n) VALUES (?)', [Number(n)]);
          if (fail) throw new Error('the disk is full');
        },
      },
    ],
  };
}

function dataMigrations(name: string, open: () => Promise<SqlDatabase>, skip?: string) {
  describe(`data migrations: ${name}`, { skip }, () => {
    test('a data migration runs once, over what other capabilities recorded before it', async () => {
      const db = await open();
      try {
        await migrate(db, [NOTES], 'test');
        await db.run("INSERT INTO notes (text) VALUES ('a'), ('b')");
        const runs = { count: 0 };
        await migrate(db, [NOTES, tallySchema(runs)], 'test');
        await migrate(db, [NOTES, tallySchema(runs)], 'test');
        assert.equal(runs.count, 1);
        assert.deepEqual(
          (await db.query('SELECT n FROM tally')).map((r) => Number(r.n)),
          [2],
        );
        const [{ version }] = await db.query("SELECT version FROM schema_versions WHERE capability = 'tally'");
        assert.equal(Number(version), 2);
      } finally {
        await db.close();
      }
    });

    test('a database that held nothing skips data migrations (nothing to move) and counts them as run', async () => {
      const db = await open();
      try {
        const runs = { count: 0 };
        await migrate(db, [NOTES, tallySchema(runs)], 'test');
        assert.equal(runs.count, 0);
        assert.deepEqual(await db.query('SELECT n FROM tally'), []);
        const [{ version }] = await db.query("SELECT version FROM schema_versions WHERE capability = 'tally'");
        assert.equal(Number(version), 2);
      } finally {
        await db.close();
      }
    });

    test('a data migration that fails is E_METADATA_MIGRATION naming it, and changes nothing', async () => {
      const db = await open();
      try {
        await migrate(db, [NOTES], 'test');
        await db.run("INSERT INTO notes (text) VALUES ('a')");
        await assert.rejects(
          migrate(db, [NOTES, tallySchema({ count: 0 }, true)], 'the test database'),
          (err: Error & { code?: string }) =>
            err.code === 'E_METADATA_MIGRATION' &&
            /Migration 2 of tally in the test database \(count the notes recorded before\) failed: the disk is full/.test(
              err.message,
            ),
        );
        const tables = await db.query("SELECT capability FROM schema_versions WHERE capability = 'tally'");
        assert.deepEqual(tables, [], 'no version recorded');
        await assert.rejects(db.query('SELECT n FROM tally'), 'the table the failed transaction made is gone');
      } finally {
        await db.close();
      }
    });
  });
}

dataMigrations('SQLite', async () => openDatabase({ file: join(scratchDir('data-migrations'), 'm.db') }));
dataMigrations('PostgreSQL', async () => openDatabase({ url: await testDatabase() }), POSTGRES_SKIP);
