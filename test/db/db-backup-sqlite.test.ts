import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';
import { startServer } from '../../src/server/start-server.js';
import { cli } from '../cli/capture.js';
import { godwitProcess } from '../cli/process.js';
import { scratchDir } from '../helpers/scratch.js';

const INTERNAL = /internal error|please report it/i;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A home with the demo's run and registered model in it. */
async function demoHome(): Promise<{ dir: string; env: NodeJS.ProcessEnv; db: string; runId: string }> {
  const dir = scratchDir('godwit-db-ops-');
  const env = { GODWIT_HOME: join(dir, 'home') };
  const demo = await cli(['demo'], env, dir);
  assert.equal(demo.code, 0, demo.stdout + demo.stderr);
  const runId = /godwit runs show (\S+)/.exec(demo.stdout)?.[1] as string;
  return { dir, env, db: join(dir, 'home', 'metadata.sqlite'), runId };
}

function rows(file: string, sql: string): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('godwit db backup and restore on SQLite', () => {
  let home: Awaited<ReturnType<typeof demoHome>>;
  before(async () => {
    home = await demoHome();
  });

  test('db info: where, backend, size, counts and every capability current', async () => {
    const r = await cli(['db', 'info', '--json'], home.env, home.dir);
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.deepEqual([info.backend, info.database, info.exists, info.runs, info.models], ['sqlite', home.db, true, 1, 1]);
    assert.ok(info.size > 100_000, String(info.size));
    const runs = info.versions.find((v: { capability: string }) => v.capability === 'runs');
    assert.equal(runs.state, 'current');
    assert.ok(info.versions.every((v: { state: string }) => v.state === 'current'));
    const text = await cli(['db', 'info'], home.env, home.dir);
    assert.match(text.stdout, /^Database: .*metadata\.sqlite \(SQLite\)\nSize: +[\d.]+ KiB; 1 runs, 1 model versions/);
    assert.match(text.stdout, /\nlineage +\d+ +\d+ +current/);
  });

  test('a backup taken while another process runs a pipeline into the home is whole, checked and restorable', async () => {
    const writer = godwitProcess(['demo'], home.env as Record<string, string>, { cwd: home.dir });
    let exited = false;
    const done = writer.done.then((r) => {
      exited = true;
      return r;
    });
    const backups: { file: string; runs: number }[] = [];
    for (let i = 0; !exited || backups.length < 2; i++) {
      const file = join(home.dir, `during-${i}.sqlite`);
      const r = await cli(['db', 'backup', file, '--json'], home.env, home.dir);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.equal(report.integrity, 'ok');
      assert.equal(report.file, file);
      backups.push({ file, runs: report.runs });
      // Checked independently: the copy is one self-contained file (not WAL) that passes integrity_check.
      assert.deepEqual(rows(file, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
      assert.deepEqual(rows(file, 'PRAGMA journal_mode'), [{ journal_mode: 'delete' }]);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    // Each backup is one moment of the home: before the writer's run was recorded, or with it.
    assert.ok(backups.length >= 2 && backups.every((b) => b.runs === 1 || b.runs === 2), JSON.stringify(backups));
    assert.equal(backups.at(-1)?.runs, 2, JSON.stringify(backups));
    const text = await cli(['db', 'backup', join(home.dir, 'after.sqlite')], home.env, home.dir);
    assert.match(
      text.stdout,
      /^Backed up .*metadata\.sqlite to .*after\.sqlite \([\d.]+ KiB; integrity_check ok\)\.\n {2}2 runs, 2 model versions; schema versions: runs 3, registry \d/,
    );
    assert.match(text.stdout, /Restore it with: godwit db restore .*after\.sqlite/);
  });

  test('backup refuses to overwrite a file, and a home without a database', async () => {
    const file = join(home.dir, 'taken.sqlite');
    writeFileSync(file, 'precious');
    const r = await cli(['db', 'backup', file], home.env, home.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /taken\.sqlite exists already; a backup never overwrites a file\. Name a new file/);
    assert.equal(readFileSync(file, 'utf8'), 'precious');
    const empty = { GODWIT_HOME: join(scratchDir('godwit-empty-'), 'home') };
    const none = await cli(['db', 'backup', join(home.dir, 'none.sqlite')], empty, home.dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /There is no metadata database at .*metadata\.sqlite yet: nothing to back up\. Set GODWIT_HOME/);
    assert.equal(existsSync(join(home.dir, 'none.sqlite')), false);
  });

  test('restore: shows the plan without --yes, then replaces the database, keeping it as .before-restore', async () => {
    const h = await demoHome();
    const backup = join(h.dir, 'one-run.sqlite');
    assert.equal((await cli(['db', 'backup', backup], h.env, h.dir)).code, 0);
    const second = await cli(['demo'], h.env, h.dir);
    assert.equal(second.code, 0, second.stderr);
    const secondRun = /godwit runs show (\S+)/.exec(second.stdout)?.[1] as string;
    const before = sha(h.db);

    const plan = await cli(['db', 'restore', backup], h.env, h.dir);
    assert.equal(plan.code, 2);
    assert.match(
      plan.stdout,
      /^Would replace .*metadata\.sqlite with .*one-run\.sqlite \(1 runs, 1 model versions\)\.\nThe replaced database would be kept as .*metadata\.sqlite\.before-restore\./,
    );
    assert.match(plan.stderr, /nothing was changed\. Run it again with --yes/);
    assert.equal(sha(h.db), before);
    assert.equal(existsSync(`${h.db}.before-restore`), false);

    const r = await cli(['db', 'restore', backup, '--yes'], h.env, h.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Restored .*one-run\.sqlite into .*metadata\.sqlite \(1 runs, 1 model versions\)\.\nThe replaced database is kept as .*\.before-restore\./,
    );
    const listed = JSON.parse((await cli(['runs', 'list', '--json'], h.env, h.dir)).stdout);
    assert.deepEqual(
      listed.map((run: { id: string }) => run.id),
      [h.runId],
    );
    const models = await cli(['models', 'list', '--json'], h.env, h.dir);
    assert.equal(models.code, 0, models.stderr);
    assert.match(models.stdout, /AbaloneModelPackageGroup/);
    const show = await cli(['runs', 'show', h.runId], h.env, h.dir);
    assert.equal(show.code, 0, show.stderr);
    // What was replaced is whole in .before-restore: both runs, the second one's included.
    const kept = rows(`${h.db}.before-restore`, 'SELECT id FROM runs ORDER BY id').map((x) => x.id);
    assert.deepEqual(kept.sort(), [h.runId, secondRun].sort());
    // The home goes on: a new run writes into the restored database.
    const third = await cli(['demo'], h.env, h.dir);
    assert.equal(third.code, 0, third.stderr);
    assert.equal(JSON.parse((await cli(['runs', 'list', '--json'], h.env, h.dir)).stdout).length, 2);
  });

  test('restore refuses while the home’s server or a live run holds the database, unless --force', async () => {
    const h = await demoHome();
    const backup = join(h.dir, 'b.sqlite');
    assert.equal((await cli(['db', 'backup', backup], h.env, h.dir)).code, 0);
    const server = await startServer(godwitHome(h.env.GODWIT_HOME), { host: '127.0.0.1', port: 0, log: () => {} });
    try {
      const before = sha(h.db);
      const r = await cli(['db', 'restore', backup, '--yes'], h.env, h.dir);
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.stderr, INTERNAL);
      assert.match(
        r.stderr,
        new RegExp(
          `metadata\\.sqlite is in use by the server at ${server.url.replace(/[.]/g, '\\.')} \\(pid ${process.pid}\\); nothing was changed\\. Stop them first \\(godwit server stop`,
        ),
      );
      assert.equal(sha(h.db), before);
    } finally {
      await server.stop();
    }
    // A run recorded as running by a live process on this machine holds it too.
    const metadata = await openMetadata(godwitHome(h.env.GODWIT_HOME), systemClock, {});
    const live = 'run-20261206-000000-live01';
    const ir = { apiVersion: 'godwit/v1', kind: 'Pipeline', name: 'p', parameters: [], steps: [] } as unknown as PipelineIR;
    await metadata.store.createRun({
      id: live,
      pipeline: 'p',
      ir,
      parameters: {},
      baseDir: h.dir,
      runDir: join(h.dir, 'r'),
      startedAt: new Date(),
      pid: process.pid,
      host: hostname(),
    });
    await metadata.close();
    const held = await cli(['db', 'restore', backup, '--yes'], h.env, h.dir);
    assert.equal(held.code, 2);
    assert.match(held.stderr, new RegExp(`in use by run ${live} \\(pid ${process.pid}\\); nothing was changed`));
    const forced = await cli(['db', 'restore', backup, '--yes', '--force'], h.env, h.dir);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, new RegExp(`It was held by run ${live} \\(pid ${process.pid}\\): restart them`));
    const ids = JSON.parse((await cli(['runs', 'list', '--json'], h.env, h.dir)).stdout).map((x: { id: string }) => x.id);
    assert.deepEqual(ids, [h.runId]);
  });

  test('a backup made by a newer Godwit is refused naming the file and the capability; nothing is written', async () => {
    const h = await demoHome();
    const backup = join(h.dir, 'newer.sqlite');
    assert.equal((await cli(['db', 'backup', backup], h.env, h.dir)).code, 0);
    const db = new Database(backup);
    db.prepare("UPDATE schema_versions SET version = 99 WHERE capability = 'registry'").run();
    db.prepare("INSERT INTO schema_versions (capability, version) VALUES ('feature-store', 1)").run();
    db.close();
    const before = sha(h.db);
    const backupBefore = sha(backup);
    const r = await cli(['db', 'restore', backup, '--yes'], h.env, h.dir);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^error: The backup .*newer\.sqlite was made by a newer Godwit: schema version registry 99 \(this Godwit knows \d+\), feature-store 1 \(this Godwit knows none\)\. Nothing was changed\. Restore it with a Godwit at least as new/,
    );
    assert.equal(sha(h.db), before);
    assert.equal(sha(backup), backupBefore);
    assert.equal(existsSync(`${h.db}.before-restore`), false);
  });

  test('a file that is not a backup, or a damaged one, is refused with the way out', async () => {
    const h = await demoHome();
    const text = join(h.dir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some words that are long enough to fill a header page\n'.repeat(20));
    const r = await cli(['db', 'restore', text, '--yes'], h.env, h.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /The backup .*notes\.txt is not a SQLite database\. Name a file written by `godwit db backup`/);
    const other = join(h.dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE things (x)');
    db.close();
    const r2 = await cli(['db', 'restore', other, '--yes'], h.env, h.dir);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /is a SQLite database, but not Godwit's metadata/);
    // A backup damaged after it was written: pages overwritten in the middle of the file.
    const damaged = join(h.dir, 'damaged.sqlite');
    assert.equal((await cli(['db', 'backup', damaged], h.env, h.dir)).code, 0);
    const bytes = readFileSync(damaged);
    bytes.fill(0xa5, 8192, bytes.length - 8192);
    writeFileSync(damaged, bytes);
    const before = sha(h.db);
    const r3 = await cli(['db', 'restore', damaged, '--yes'], h.env, h.dir);
    assert.equal(r3.code, 2);
    assert.doesNotMatch(r3.stderr, INTERNAL);
    assert.match(r3.stderr, /The backup .*damaged\.sqlite is damaged: .*Use another backup/);
    assert.equal(sha(h.db), before);
    const missing = await cli(['db', 'restore', join(h.dir, 'nope.sqlite'), '--yes'], h.env, h.dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No backup file .*nope\.sqlite\. Check the path/);
  });

  test('a home database created by a newer Godwit: E_METADATA_VERSION through the CLI, and the file is not touched', async () => {
    const h = await demoHome();
    const db = new Database(h.db);
    db.prepare("UPDATE schema_versions SET version = 42 WHERE capability = 'runs'").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(h.db);
    for (const args of [
      ['runs', 'list'],
      ['models', 'list'],
      ['runs', 'move', h.runId, '--to', join(h.dir, 'x')],
    ]) {
      const r = await cli(args, h.env, h.dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.stderr, INTERNAL);
      assert.match(
        r.stderr,
        /The metadata database .*metadata\.sqlite has schema version runs 42, newer than this Godwit knows \(3\)\. Upgrade Godwit/,
      );
    }
    assert.equal(sha(h.db), before);
    assert.deepEqual(rows(h.db, "SELECT version FROM schema_versions WHERE capability = 'runs'"), [{ version: 42 }]);
    // db info reads it as it is and says which part is ahead.
    const info = await cli(['db', 'info'], h.env, h.dir);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /\nruns +42 +3 +ahead/);
    assert.match(info.stdout, /Written by a newer Godwit \(runs\): upgrade Godwit to use it\./);
    assert.equal(sha(h.db), before);
  });
});
