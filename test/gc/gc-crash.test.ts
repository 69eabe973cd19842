import assert from 'node:assert/strict';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { removeEntry } from '../../src/gc/collect-garbage.js';
import { StoreCache } from '../../src/gc/gc-locations.js';
import { planGc } from '../../src/gc/gc-plan.js';
import { godwitProcess } from '../cli/process.js';
import { POSTGRES_SKIP } from '../helpers/postgres.js';
import { startS3rver, type TestS3Server } from '../helpers/s3-server.js';
import { FIXTURES, type GcBackend, type GcHome, gcHome, objectsAt, storeOptions } from './gc-home.js';

interface Report {
  remove: { uri: string; kind: string; reason: string; objects: { uri: string }[] }[];
  objects: number;
  finishedEarlier: number;
}

let s3: TestS3Server;
before(async () => {
  s3 = await startS3rver(['arts']);
});

const BACKENDS: GcBackend[] = [
  { database: 'sqlite', store: 's3' },
  { database: 'postgres', store: 's3' },
];

for (const backend of BACKENDS) {
  const skip = backend.database === 'postgres' ? POSTGRES_SKIP : undefined;
  describe(`a gc stopped midway: ${backend.database}, artifacts on ${backend.store}`, { skip }, () => {
    let h: GcHome;
    before(async () => {
      h = await gcHome(backend, s3);
    });
    after(() => h?.close());

    test('its journal says what may be half gone, and the next gc finishes the job', async () => {
      const runId = await h.run('train', '3');
      assert.equal((await h.godwit(['runs', 'delete', runId])).code, 0);
      const metadata = await h.metadata();
      const ctx = {
        home: h.home,
        metadata,
        artifacts: { uri: h.artifacts, options: storeOptions(s3) },
        clock: systemClock,
        actor: 'bob',
      };
      // What `gc --yes` does, up to a crash: the journal is committed, then one item is removed
      // and the first object of the next, and the process dies.
      const stores = new StoreCache(ctx.artifacts.options);
      const plan = await planGc(ctx, {}, stores);
      const entries = await metadata.gc.begin(plan.remove, 'bob');
      const [first, second] = entries.filter((e) => e.kind === 'artifact');
      await removeEntry(stores, first);
      await metadata.gc.finish([first.id], 'removed');
      await (await stores.get(second.root)).delete(second.objects[0].key);

      // Every record whose files are (partly) gone has an entry that says so.
      const pending = await metadata.gc.pending();
      assert.deepEqual(
        pending.map((e) => e.uri).sort(),
        entries
          .filter((e) => e.id !== first.id)
          .map((e) => e.uri)
          .sort(),
      );
      assert.ok(pending.every((e) => e.state === 'removing' && e.removedBy === 'bob'));

      const dry = JSON.parse((await h.godwit(['gc', '--json'])).stdout) as Report;
      assert.equal(dry.objects, plan.objects - first.objects.length - 1);
      assert.ok(dry.remove.every((i) => i.reason === 'unfinished'));

      const done = JSON.parse((await h.godwit(['gc', '--yes', '--json'])).stdout) as Report;
      assert.deepEqual(done.remove, dry.remove);
      assert.equal(done.finishedEarlier, pending.length);
      assert.deepEqual(await metadata.gc.pending(), []);
      for (const entry of entries) {
        assert.equal((await metadata.gc.latest(entry.uri))?.state, 'removed', entry.uri);
        if (entry.kind === 'artifact') assert.deepEqual(await objectsAt(entry.uri, s3), [], entry.uri);
      }
      const again = JSON.parse((await h.godwit(['gc', '--yes', '--json'])).stdout) as Report;
      assert.deepEqual([again.remove, again.finishedEarlier], [[], 0]);
    });
  });
}

describe('runs delete of a run that is still running', () => {
  test('is refused with E_RUN_IN_PROGRESS naming its process, and deletes nothing; once stopped it may be deleted', async () => {
    const h = await gcHome({ database: 'sqlite', store: 'file' });
    const running = godwitProcess(['run', join(FIXTURES, 'sleep.yaml')], h.env as Record<string, string>);
    try {
      let runId: string | undefined;
      for (let i = 0; i < 200 && !runId; i++) {
        const [run] = await h.json<{ id: string; status: string }[]>(['runs', 'list']).catch(() => []);
        if (run?.status === 'running' && (await (await h.metadata()).store.listSteps(run.id)).some((s) => s.status === 'running'))
          runId = run.id;
        else await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(runId, 'the run started');
      const refused = await h.godwit(['runs', 'delete', runId]);
      assert.equal(refused.code, 2);
      assert.match(
        refused.stderr,
        new RegExp(`Run "${runId}" is still running \\(process ${running.child.pid} on .*\\); nothing was deleted`),
      );
      assert.equal(await (await h.metadata()).store.getRunDeletion(runId), undefined);
      running.child.kill('SIGINT');
      await running.done;
      const deleted = await h.json<{ runId: string }[]>(['runs', 'delete', runId]);
      assert.equal(deleted[0].runId, runId);
    } finally {
      if (running.child.exitCode === null) {
        running.child.kill('SIGKILL');
        await once(running.child, 'close');
      }
      await h.close();
    }
  });
});
