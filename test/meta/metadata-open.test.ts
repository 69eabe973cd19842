import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { main } from '../../src/cli/main.js';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { ENDPOINTS_SCHEMA } from '../../src/endpoints/endpoints-schema.js';
import { EVENTBRIDGE_SCHEMA } from '../../src/events/bus/eventbridge-schema.js';
import { EVENTS_SCHEMA } from '../../src/events/event-outbox.js';
import { PRINCIPALS_SCHEMA } from '../../src/governance/principals/principals-schema.js';
import { LINEAGE_SCHEMA } from '../../src/lineage/lineage-schema.js';
import { openMetadata } from '../../src/meta/index.js';
import { RUNS_SCHEMA } from '../../src/meta/runs-schema.js';
import { PIPELINES_SCHEMA } from '../../src/pipelines/pipelines-schema.js';
import { REGISTRY_SCHEMA } from '../../src/registry/registry-schema.js';
import { WORKFLOWS_SCHEMA } from '../../src/workflows/workflows-schema.js';
import { scratchDir } from '../helpers/scratch.js';
import { LEGACY_MIGRATIONS } from './fixtures/legacy-migrations.js';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A home whose database the old code made: its migrations up to `version`, and some rows. */
function legacyHome(version: number) {
  const home = godwitHome(join(scratchDir('godwit-legacy-'), 'home'));
  mkdirSync(home.root, { recursive: true });
  const db = new Database(home.metadataFile);
  db.pragma('journal_mode = WAL');
  for (let v = 0; v < version; v++) {
    db.exec(LEGACY_MIGRATIONS[v]);
    db.pragma(`user_version = ${v + 1}`);
  }
  db.prepare(
    `INSERT INTO runs (id, pipeline, status, ir, parameters, base_dir, run_dir, pid, host, started_at, ended_at)
     VALUES ('run-old', 'abalone', 'succeeded', '{"name":"abalone","steps":[]}', '{"lr":0.1}', '/b', '/r', 1, 'h', '2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z')`,
  ).run();
  db.prepare(
    "INSERT INTO steps (run_id, name, type, status, attempts) VALUES ('run-old', 'train', 'training', 'succeeded', 1)",
  ).run();
  db.prepare(
    "INSERT INTO events (run_id, at, type, message) VALUES ('run-old', '2026-01-01T00:00:00.000Z', 'run-started', 'x')",
  ).run();
  db.prepare("INSERT INTO model_package_groups (name, created_at) VALUES ('Abalone', '2026-01-01T00:00:00.000Z')").run();
  db.prepare(
    `INSERT INTO model_packages (group_name, version, model_uri, approval_status, created_at)
     VALUES ('Abalone', 1, 'file:///m/', 'Approved', '2026-01-01T00:00:00.000Z')`,
  ).run();
  db.close();
  return home;
}

describe('opening a home made by an older Godwit', () => {
  for (const version of [1, 2]) {
    test(`user_version ${version}: the tables are adopted, every row kept, and new writes work`, async () => {
      const home = legacyHome(version);
      const metadata = await openMetadata(home, systemClock, {});
      try {
        const run = await metadata.store.getRun('run-old');
        assert.deepEqual([run?.pipeline, run?.status, run?.parameters], ['abalone', 'succeeded', { lr: 0.1 }]);
        assert.deepEqual(
          (await metadata.store.listSteps('run-old')).map((s) => s.name),
          ['train'],
        );
        assert.equal((await metadata.store.listEvents('run-old')).length, 1);
        const next = await metadata.registry.registerVersion({
          group: 'Abalone',
          modelUri: 'file:///m2/',
          approvalStatus: 'PendingManualApproval',
          actor: 't',
          inference: { contentTypes: ['text/csv'] },
        });
        assert.deepEqual([next.version, next.inference?.contentTypes], [2, ['text/csv']]);
        assert.equal((await metadata.outbox.since()).length, 1);
      } finally {
        await metadata.close();
      }
      const db = new Database(home.metadataFile, { readonly: true });
      assert.deepEqual(db.prepare('SELECT capability, version FROM schema_versions ORDER BY capability').all(), [
        { capability: 'access_audit', version: 1 },
        { capability: 'alarms', version: 1 },
        { capability: 'async-inference', version: 1 },
        { capability: 'autoscaling', version: 1 },
        { capability: 'catalog', version: 1 },
        { capability: 'endpoints', version: ENDPOINTS_SCHEMA.migrations.length },
        { capability: 'event-schedules', version: 1 },
        { capability: 'eventbridge', version: EVENTBRIDGE_SCHEMA.migrations.length },
        { capability: 'events', version: EVENTS_SCHEMA.migrations.length },
        { capability: 'experiments', version: 1 },
        { capability: 'gc', version: 1 },
        { capability: 'jobs', version: 1 },
        { capability: 'lineage', version: LINEAGE_SCHEMA.migrations.length },
        { capability: 'metrics', version: 1 },
        { capability: 'monitoring', version: 1 },
        { capability: 'pipelines', version: PIPELINES_SCHEMA.migrations.length },
        { capability: 'principals', version: PRINCIPALS_SCHEMA.migrations.length },
        { capability: 'registry', version: REGISTRY_SCHEMA.migrations.length },
        { capability: 'runs', version: RUNS_SCHEMA.migrations.length },
        { capability: 'workflow-calls', version: 1 },
        { capability: 'workflows', version: WORKFLOWS_SCHEMA.migrations.length },
      ]);
      // An older Godwit now refuses the file ("newer than this Godwit knows") instead of writing into it.
      assert.equal(db.pragma('user_version', { simple: true }), 3);
      db.close();
    });
  }

  test('a database newer than this code is refused, and left exactly as it was', async () => {
    const home = legacyHome(2);
    const db = new Database(home.metadataFile);
    db.pragma('user_version = 99');
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = digest(home.metadataFile);
    await assert.rejects(openMetadata(home, systemClock, {}), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'E_METADATA_VERSION');
      assert.match(err.message, /schema version 99, newer than this Godwit knows/);
      return true;
    });
    assert.equal(digest(home.metadataFile), before);

    // The same for a capability whose recorded version is ahead of the code.
    const fresh = godwitHome(join(scratchDir('godwit-newer-'), 'home'));
    await (await openMetadata(fresh, systemClock, {})).close();
    const db2 = new Database(fresh.metadataFile);
    db2.prepare("UPDATE schema_versions SET version = 7 WHERE capability = 'registry'").run();
    db2.close();
    const known = REGISTRY_SCHEMA.migrations.length;
    await assert.rejects(
      openMetadata(fresh, systemClock, {}),
      new RegExp(`schema version registry 7, newer than this Godwit knows \\(${known}\\)`),
    );
  });
});

describe('a database with damaged pages', () => {
  test('opening it is E_METADATA_CORRUPT, `godwit run` refuses to write into it, and the file is untouched', async () => {
    const root = scratchDir('godwit-damaged-');
    const home = godwitHome(join(root, 'home'));
    const metadata = await openMetadata(home, systemClock, {});
    for (let i = 0; i < 40; i++) {
      await metadata.registry.registerVersion({
        group: `G${i}`,
        modelUri: `file:///m${i}/${'x'.repeat(300)}`,
        approvalStatus: 'Approved',
        actor: 't',
      });
    }
    await metadata.close();
    assert.equal(existsSync(`${home.metadataFile}-wal`), false, 'closing checkpoints the WAL into the file');
    const size = statSync(home.metadataFile).size;
    assert.ok(size >= 8 * 4096, `a database of several pages (${size} bytes)`);
    // Not truncated, and the file header intact: scribble over pages 3 to 6.
    const fd = openSync(home.metadataFile, 'r+');
    for (let page = 2; page < 6; page++) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, page * 4096);
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    closeSync(fd);
    assert.equal(header.toString('latin1'), 'SQLite format 3\0');
    const before = digest(home.metadataFile);

    await assert.rejects(openMetadata(home, systemClock, {}), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'E_METADATA_CORRUPT');
      assert.match(err.message, /metadata\.sqlite cannot be read/);
      assert.match(err.hint ?? '', /mv /);
      return true;
    });

    const pipelineFile = join(root, 'p.json');
    writeFileSync(
      pipelineFile,
      JSON.stringify({ apiVersion: 'godwit/v1', kind: 'Pipeline', name: 'p', parameters: [], steps: [] }),
    );
    let err = '';
    const io = {
      stdout: sink(() => {}),
      stderr: sink((s) => {
        err += s;
      }),
      cwd: root,
      env: { GODWIT_HOME: home.root },
    };
    assert.equal(await main(['run', pipelineFile], io), 2);
    assert.match(err, /cannot be read/);
    assert.equal(digest(home.metadataFile), before);
    assert.equal(existsSync(home.runsDir), false);
  });
});

function sink(write: (text: string) => void): NodeJS.WriteStream {
  return {
    isTTY: false,
    write: (t: string) => {
      write(t);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
}
