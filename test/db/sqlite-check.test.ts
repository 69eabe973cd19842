import assert from 'node:assert/strict';
import { closeSync, openSync, renameSync, statSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/db/open-database.js';
import { checkIsDue, recordClean } from '../../src/db/sqlite-check.js';
import { scratchDir } from '../helpers/scratch.js';

/** A database written and closed through Godwit, with some pages. */
async function written(): Promise<string> {
  const file = join(scratchDir('godwit-check-'), 'metadata.sqlite');
  const db = await openDatabase({ file });
  await db.exec('CREATE TABLE t (v TEXT)');
  for (let i = 0; i < 50; i++) await db.run('INSERT INTO t (v) VALUES (?)', ['x'.repeat(400)]);
  await db.close();
  return file;
}

test('a file closed by a Godwit that opened it clean is not checked again until something else changes it', async () => {
  const file = await written();
  assert.equal(checkIsDue(file), false, 'recorded at close');
  const reader = await openDatabase({ file });
  assert.equal((await reader.query<{ n: number }>('SELECT count(*) AS n FROM t'))[0].n, 50);
  await reader.close();
  assert.equal(checkIsDue(file), false, 'reading leaves the record valid');

  const other = new Database(file);
  other.prepare('INSERT INTO t (v) VALUES (?)').run('from another program');
  other.close();
  assert.equal(checkIsDue(file), true, 'a write by another program is checked on the next open');
});

test('damage that puts the modification time back is still checked (the change time moved)', async () => {
  const file = await written();
  const { atime, mtime } = statSync(file);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 2 * 4096);
  closeSync(fd);
  utimesSync(file, atime, mtime);
  assert.equal(checkIsDue(file), true);
  const db = await openDatabase({ file });
  await assert.rejects(db.query('SELECT count(*) FROM t'), { code: 'E_METADATA_CORRUPT' });
  await db.close();
});

test('a record no later than the file it describes is racy and not trusted', async () => {
  const file = await written();
  assert.equal(recordClean(file), true);
  // As if written before the file's last change (times are set to the millisecond, not to the ns).
  const { mtime } = statSync(file);
  const earlier = new Date(mtime.getTime() - 1000);
  utimesSync(`${file}-checked`, earlier, earlier);
  assert.equal(checkIsDue(file), true);
});

test('no record, or a record of another file, means a check', async () => {
  const file = await written();
  assert.equal(checkIsDue(join(file, '..', 'absent.sqlite')), true);
  const copy = await written();
  const record = `${copy}-checked`;
  utimesSync(record, new Date(), new Date(Date.now() + 60_000));
  // The copy's record names its own inode and size, not this file's.
  renameSync(record, `${file}-checked`);
  assert.equal(checkIsDue(file), true);
});
