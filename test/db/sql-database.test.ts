import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../../src/db/open-database.js';
import type { SqlDatabase } from '../../src/db/sql-database.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

/** What every SqlDatabase does the same way, on SQLite and on PostgreSQL. */
function seamContract(name: string, open: () => Promise<SqlDatabase>, skip?: string) {
  describe(`SqlDatabase: ${name}`, { skip }, () => {
    async function withTable(fn: (db: SqlDatabase) => Promise<void>) {
      const db = await open();
      try {
        await db.exec(db.dialect.ddl('CREATE TABLE t (id {{serial}}, k TEXT NOT NULL UNIQUE, n BIGINT, x DOUBLE PRECISION)'));
        await fn(db);
      } finally {
        await db.close();
      }
    }

    test('one SQL text: ? placeholders (not inside quotes), upsert, RETURNING, 64-bit integers as numbers', () =>
      withTable(async (db) => {
        const [{ id }] = await db.query('INSERT INTO t (k, n, x) VALUES (?, ?, ?) RETURNING id', ['a?', 5_000_000_000, 0.1]);
        assert.equal(id, 1);
        await db.run('INSERT INTO t (k, n) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET n = excluded.n', ['a?', 7]);
        const rows = await db.query("SELECT k, n, x, 'what?' AS q FROM t WHERE k = ?", ['a?']);
        assert.deepEqual(rows, [{ k: 'a?', n: 7, x: 0.1, q: 'what?' }]);
        assert.deepEqual(await db.run('UPDATE t SET n = n + 1 WHERE k LIKE ?', ['a%']), { changes: 1 });
        const [{ c }] = await db.query('SELECT COUNT(*) AS c FROM t');
        assert.equal(c, 1);
      }));

    test('a transaction commits when its function resolves and rolls back when it rejects', () =>
      withTable(async (db) => {
        await db.transaction(async (tx) => {
          await tx.run('INSERT INTO t (k) VALUES (?)', ['kept']);
        });
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.run('INSERT INTO t (k) VALUES (?)', ['lost']);
            throw new Error('no');
          }),
          /no/,
        );
        assert.deepEqual(await db.query('SELECT k FROM t ORDER BY k'), [{ k: 'kept' }]);
      }));

    test("errors thrown by a transaction's own code pass through unchanged; its statements' errors are coded", () =>
      withTable(async (db) => {
        const own = Object.assign(new Error('the caller could not write its own file'), { code: 'EROFS' });
        await assert.rejects(
          db.transaction(async () => {
            throw own;
          }),
          (err) => err === own,
        );
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.query('SELECT * FROM no_such_table');
          }),
          /no_such_table/,
        );
      }));

    test('a nested transaction is a savepoint: its failure undoes only its own writes', () =>
      withTable(async (db) => {
        await db.transaction(async (tx) => {
          await tx.run('INSERT INTO t (k) VALUES (?)', ['outer']);
          await assert.rejects(
            tx.transaction(async (inner) => {
              await inner.run('INSERT INTO t (k) VALUES (?)', ['inner']);
              throw new Error('inner failed');
            }),
          );
          await tx.transaction((inner) => inner.run('INSERT INTO t (k) VALUES (?)', ['inner-ok']));
        });
        assert.deepEqual(await db.query('SELECT k FROM t ORDER BY k'), [{ k: 'inner-ok' }, { k: 'outer' }]);
      }));

    test('atCommit defers a task to just before COMMIT: in order, kept from released savepoints, dropped with a rolled-back one', () =>
      withTable(async (db) => {
        const seen: string[] = [];
        const note = (k: string) => async (tx: SqlDatabase) => {
          const [{ c }] = await tx.query<{ c: number }>('SELECT COUNT(*) AS c FROM t');
          seen.push(`${k}:${c}`);
          await tx.run('INSERT INTO t (k) VALUES (?)', [k]);
        };
        await db.transaction(async (tx) => {
          await tx.atCommit(note('first'));
          await tx.transaction((inner) => inner.atCommit(note('released')));
          await assert.rejects(
            tx.transaction(async (inner) => {
              await inner.atCommit(note('rolled-back'));
              throw new Error('savepoint fails');
            }),
          );
          await tx.atCommit(async (t) => {
            await note('last')(t);
            await t.atCommit(note('deferred-by-a-task'));
          });
          await tx.run('INSERT INTO t (k) VALUES (?)', ['body']);
          assert.deepEqual(seen, [], 'nothing runs before the function resolves');
        });
        assert.deepEqual(seen, ['first:1', 'released:2', 'last:3', 'deferred-by-a-task:4']);
        // A task's rejection rolls the whole transaction back; on the database itself a task runs at once.
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.run('INSERT INTO t (k) VALUES (?)', ['never']);
            await tx.atCommit(async () => {
              throw new Error('task fails');
            });
          }),
          /task fails/,
        );
        await db.atCommit(note('now'));
        assert.deepEqual(
          (await db.query<{ k: string }>('SELECT k FROM t ORDER BY id')).map((r) => r.k),
          ['body', 'first', 'released', 'last', 'deferred-by-a-task', 'now'],
        );
      }));

    test('a shared lock taken at commit: two writers that meet on a row in opposite orders both commit', () =>
      withTable(async (db) => {
        await db.run("INSERT INTO t (k, n) VALUES ('row', 0)");
        const lock = db.dialect.lock(424242);
        const publish = (tx: SqlDatabase) =>
          tx.atCommit(async (t) => {
            if (lock) await t.query(lock);
          });
        const bump = (tx: SqlDatabase) => tx.run("UPDATE t SET n = n + 1 WHERE k = 'row'");
        const pause = () => new Promise((r) => setTimeout(r, 50));
        // Taken at once, the lock and the row would be held in opposite orders: a deadlock on PostgreSQL.
        await Promise.all([
          db.transaction(async (tx) => {
            await publish(tx);
            await pause();
            await bump(tx);
          }),
          db.transaction(async (tx) => {
            await bump(tx);
            await pause();
            await publish(tx);
          }),
        ]);
        assert.deepEqual(await db.query("SELECT n FROM t WHERE k = 'row'"), [{ n: 2 }]);
      }));

    test('statements outside an open transaction are not part of it', () =>
      withTable(async (db) => {
        let release = () => {};
        const gate = new Promise<void>((r) => {
          release = r;
        });
        const tx = db.transaction(async (t) => {
          await t.run('INSERT INTO t (k) VALUES (?)', ['in-tx']);
          await gate;
          throw new Error('roll back');
        });
        const outside = db.run('INSERT INTO t (k) VALUES (?)', ['outside']);
        setTimeout(release, 20);
        await assert.rejects(tx, /roll back/);
        await outside;
        assert.deepEqual(await db.query('SELECT k FROM t'), [{ k: 'outside' }]);
      }));
  });
}

seamContract('sqlite', () => openDatabase({ file: join(scratchDir('godwit-db-'), 'db.sqlite') }));
seamContract('postgres', async () => openDatabase({ url: await testDatabase() }), POSTGRES_SKIP);

describe('SqlDatabase errors and start-up', () => {
  test('constructors do no I/O: nothing is created or connected before the first statement', async () => {
    const file = join(scratchDir('godwit-db-'), 'deep', 'db.sqlite');
    const db = await openDatabase({ file });
    assert.equal(existsSync(file), false);
    await db.query('SELECT 1 AS one');
    assert.equal(existsSync(file), true);
    await db.close();
    // A server that does not exist: opening is fine, the first statement says what is wrong.
    const pg = await openDatabase({ url: 'postgres://u:pw@127.0.0.1:1/none' });
    await pg.close();
  });

  test('a PostgreSQL server that is down: E_DATABASE_UNREACHABLE naming host:port, never the password', async () => {
    const port = await closedPort();
    const db = await openDatabase({ url: `postgres://godwit:s3cr%21t-pw@127.0.0.1:${port}/meta` });
    try {
      await assert.rejects(db.query('SELECT 1'), (err: Error & { code?: string; hint?: string }) => {
        assert.equal(err.code, 'E_DATABASE_UNREACHABLE');
        assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${port} \\(connection refused\\)`));
        assert.match(err.hint ?? '', /databaseUrl \(postgres:\/\/godwit:\*\*\*@127\.0\.0\.1/);
        const everything = `${err.message} ${err.hint} ${err.stack} ${JSON.stringify(err)} ${String(err.cause ?? '')}`;
        assert.doesNotMatch(everything, /s3cr/);
        return true;
      });
    } finally {
      await db.close();
    }
  });

  test('a PostgreSQL database that does not exist: E_DATABASE_NOT_FOUND with createdb', { skip: POSTGRES_SKIP }, async () => {
    const url = new URL(await testDatabase());
    url.pathname = '/godwit_no_such_db';
    url.password = 'hunter2';
    const db = await openDatabase({ url: url.toString() });
    try {
      await assert.rejects(db.query('SELECT 1'), (err: Error & { code?: string; hint?: string }) => {
        assert.equal(err.code, 'E_DATABASE_NOT_FOUND');
        assert.match(err.message, /no database "godwit_no_such_db"/);
        assert.match(err.hint ?? '', /createdb -h 127\.0\.0\.1 godwit_no_such_db/);
        assert.doesNotMatch(`${err.message} ${err.hint} ${err.stack}`, /hunter2/);
        return true;
      });
    } finally {
      await db.close();
    }
  });

  test('a file that is not a database: E_METADATA_CORRUPT', async () => {
    const file = join(scratchDir('godwit-db-'), 'db.sqlite');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'not a database '.repeat(400));
    const db = await openDatabase({ file });
    await assert.rejects(db.query('SELECT 1'), code('E_METADATA_CORRUPT'));
    await db.close();
  });
});

test('a database path that cannot be opened for writing: E_METADATA_UNWRITABLE', async () => {
  const { mkdirSync } = await import('node:fs');
  const file = join(scratchDir('godwit-db-'), 'metadata.sqlite');
  mkdirSync(file);
  const db = await openDatabase({ file });
  await assert.rejects(db.query('SELECT 1'), (err: Error & { code?: string; hint?: string }) => {
    assert.equal(err.code, 'E_METADATA_UNWRITABLE');
    assert.match(err.message, /metadata\.sqlite cannot be opened for writing/);
    assert.match(err.hint ?? '', /GODWIT_HOME/);
    return true;
  });
  await db.close();
});

test('a PostgreSQL login the server refuses: E_DATABASE_AUTH', { skip: POSTGRES_SKIP }, async () => {
  const url = new URL(await testDatabase());
  url.username = 'nobody_here';
  url.password = 'pw-abc123';
  const db = await openDatabase({ url: url.toString() });
  try {
    await assert.rejects(db.query('SELECT 1'), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'E_DATABASE_AUTH');
      assert.match(err.message, /refused the login: role "nobody_here" does not exist/);
      assert.doesNotMatch(`${err.message} ${err.hint}`, /pw-abc123/);
      return true;
    });
  } finally {
    await db.close();
  }
});

test('a SQLite write lock held by another process past the timeout: E_DATABASE_BUSY', async () => {
  const file = join(scratchDir('godwit-db-'), 'db.sqlite');
  const { default: Database } = await import('better-sqlite3');
  const other = new Database(file);
  other.pragma('journal_mode = WAL');
  other.exec('CREATE TABLE t (a INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);');
  const db = await openDatabase({ file });
  try {
    await assert.rejects(
      db.transaction((tx) => tx.run('INSERT INTO t VALUES (2)')),
      (err: Error & { code?: string }) => err.code === 'E_DATABASE_BUSY' && /stayed locked by another process/.test(err.message),
    );
  } finally {
    other.exec('ROLLBACK');
    other.close();
    await db.close();
  }
});

test('a database URL that is not PostgreSQL: E_DATABASE_URL, password hidden', async () => {
  const { configuredDatabaseUrl } = await import('../../src/db/database-url.js');
  const cwd = scratchDir('godwit-db-');
  assert.throws(
    () => configuredDatabaseUrl({ cwd, env: { GODWIT_DATABASE_URL: 'mysql://u:hunter2@h/db', XDG_CONFIG_HOME: cwd } }),
    (err: Error & { code?: string }) =>
      err.code === 'E_DATABASE_URL' && /mysql:\/\/u:\*\*\*@h\/db/.test(err.message) && !/hunter2/.test(err.message),
  );
  assert.equal(configuredDatabaseUrl({ cwd, env: { XDG_CONFIG_HOME: cwd } }), undefined);
  assert.equal(
    configuredDatabaseUrl({ cwd, env: { GODWIT_DATABASE_URL: 'postgres://h/db', XDG_CONFIG_HOME: cwd } }),
    'postgres://h/db',
  );
  // The project file's databaseUrl, which the environment overrides.
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(cwd, 'godwit.config.yaml'), 'databaseUrl: postgres://team-db/godwit\n');
  assert.equal(configuredDatabaseUrl({ cwd, env: { XDG_CONFIG_HOME: cwd } }), 'postgres://team-db/godwit');
  assert.equal(
    configuredDatabaseUrl({ cwd, env: { GODWIT_DATABASE_URL: 'postgres://h/db', XDG_CONFIG_HOME: cwd } }),
    'postgres://h/db',
  );
});

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
