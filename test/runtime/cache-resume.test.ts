import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fn, param, pipeline } from '../../src/pipeline/dsl/index.js';
import { effectiveStatus } from '../../src/runs/index.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { harness } from '../helpers/harness.js';

describe('caching', () => {
  test('reuses a matching earlier step, says so, and misses when inputs change or the entry expires', async () => {
    const clock = new FakeClock();
    const h = await harness({ clock });
    try {
      let calls = 0;
      const size = param.integer('size', 3);
      const make = fn('make', {
        args: { size },
        outputs: { data: 'dataset' },
        cache: { enabled: true, expireAfter: 'PT1H' },
        run: async (ctx) => {
          calls++;
          await writeFile(join(ctx.outputs.data, 'data.txt'), 'x'.repeat(Number(ctx.args.size)));
        },
      });
      const p = pipeline('cached', { parameters: [size], steps: [make] });

      const first = await h.run(p);
      const second = await h.run(p);
      assert.equal(calls, 1);
      const steps = await h.steps(second.runId);
      assert.equal(steps.make.status, 'cached');
      assert.equal(steps.make.cachedFrom, first.runId);
      const [a1] = await h.services.metadata.store.listArtifacts(first.runId, 'make');
      const [a2] = await h.services.metadata.store.listArtifacts(second.runId, 'make');
      assert.equal(a2.uri, a1.uri);
      assert.ok(h.events.some((e) => e.type === 'step-finished' && e.step === 'make' && e.cachedFrom === first.runId));

      await h.run(p, { size: 4 });
      assert.equal(calls, 2, 'a different parameter is a different step');

      clock.advance(2 * 3600_000);
      await h.run(p);
      assert.equal(calls, 3, 'an entry older than expireAfter is not reused');
    } finally {
      await h.close();
    }
  });

  test('an argument named like a policy field is part of the key; so is the content of a local input file', async () => {
    const h = await harness();
    try {
      let calls = 0;
      const note = param.string('note', 'a');
      const data = join(h.root, 'data.txt');
      await writeFile(data, 'one');
      const step = fn('read', {
        args: { description: note },
        inputs: { data: 'data.txt' },
        cache: { enabled: true },
        run: () => void calls++,
      });
      const p = pipeline('keyed', { parameters: [note], steps: [step] });
      await h.run(p);
      await h.run(p);
      assert.equal(calls, 1, 'same definition and data: a cache hit');
      await h.run(p, { note: 'b' });
      assert.equal(calls, 2, 'the argument "description" changed what the step computes');
      await writeFile(data, 'two');
      await h.run(p, { note: 'b' });
      assert.equal(calls, 3, 'the input file changed');
    } finally {
      await h.close();
    }
  });

  test('steps without a cache policy always run', async () => {
    const h = await harness();
    try {
      let calls = 0;
      const p = pipeline('uncached', { steps: [fn('count', { run: () => void calls++ })] });
      await h.run(p);
      await h.run(p);
      assert.equal(calls, 2);
    } finally {
      await h.close();
    }
  });
});

describe('resume', () => {
  test('finishes a failed run without re-running the steps that succeeded', async () => {
    const h = await harness();
    try {
      const calls = { a: 0, b: 0, c: 0 };
      let broken = true;
      const a = fn('a', {
        outputs: { out: 'dataset' },
        run: async (ctx) => {
          calls.a++;
          await writeFile(join(ctx.outputs.out, 'a.txt'), 'a');
        },
      });
      const b = fn('b', {
        inputs: { in: a.output('out') },
        outputs: { out: 'dataset' },
        run: async (ctx) => {
          calls.b++;
          if (broken) throw new Error('b is broken');
          await writeFile(join(ctx.outputs.out, 'b.txt'), 'b');
        },
      });
      const c = fn('c', { inputs: { in: b.output('out') }, run: () => void calls.c++ });
      const p = pipeline('resumable', { steps: [c] });

      const failed = await h.run(p);
      assert.equal(failed.status, 'failed');
      assert.deepEqual(calls, { a: 1, b: 1, c: 0 });

      broken = false;
      const resumed = await h.resume(p, failed.runId);
      assert.equal(resumed.status, 'succeeded');
      assert.equal(resumed.runId, failed.runId);
      assert.deepEqual(calls, { a: 1, b: 2, c: 1 });
      const attempts = await h.services.metadata.store.listAttempts(failed.runId, 'b');
      assert.deepEqual(
        attempts.map((x) => [x.attempt, x.status]),
        [
          [1, 'failed'],
          [2, 'succeeded'],
        ],
      );
      const run = await h.services.metadata.store.getRun(failed.runId);
      assert.equal(run?.resumes, 1);
    } finally {
      await h.close();
    }
  });

  test('a stopped run ends its running steps, and resumes later', async () => {
    const h = await harness();
    try {
      let release = false;
      const wait = fn('wait', {
        run: (ctx) =>
          new Promise<void>((resolve, reject) => {
            if (release) return resolve();
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
          }),
      });
      const after = fn('after', { dependsOn: [wait], run: () => {} });
      const p = pipeline('stoppable', { steps: [after] });
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 100);
      const stopped = await h.run(p, {}, { signal: stop.signal });
      assert.equal(stopped.status, 'stopped');
      let steps = await h.steps(stopped.runId);
      assert.equal(steps.wait.status, 'stopped');
      assert.equal(steps.after.status, 'not-run');

      release = true;
      const resumed = await h.resume(p, stopped.runId);
      assert.equal(resumed.status, 'succeeded');
      steps = await h.steps(stopped.runId);
      assert.equal(steps.after.status, 'succeeded');
    } finally {
      await h.close();
    }
  });

  test('a run whose process died is shown as interrupted and can be resumed', async () => {
    const h = await harness();
    try {
      let broken = true;
      const p = pipeline('crashy', {
        steps: [
          fn('work', {
            run: () => {
              if (broken) throw new Error('crash');
            },
          }),
        ],
      });
      const first = await h.run(p);
      // Make it look as if the process running it was killed mid-run.
      const dead = spawnSync('true').pid as number;
      await h.services.metadata.store.updateRun(first.runId, { status: 'running', pid: dead, endedAt: undefined });
      const record = await h.services.metadata.store.getRun(first.runId);
      assert.equal(effectiveStatus(record!), 'interrupted');
      broken = false;
      const resumed = await h.resume(p, first.runId);
      assert.equal(resumed.status, 'succeeded');
    } finally {
      await h.close();
    }
  });

  test('a succeeded run cannot be resumed, and an unknown run id is named', async () => {
    const h = await harness();
    try {
      const p = pipeline('fine', { steps: [fn('ok', { run: () => {} })] });
      const ok = await h.run(p);
      await assert.rejects(h.resume(p, ok.runId), /is succeeded; only failed, stopped or interrupted runs can be resumed/);
      await assert.rejects(
        h.resume(p, 'run-nope'),
        (err: Error & { code?: string }) => err.code === 'E_RUN_NOT_FOUND' && /run-nope/.test(err.message),
      );
    } finally {
      await h.close();
    }
  });
});

describe('metadata database', () => {
  test('a corrupt database is a clear error and leaves artifacts alone', async () => {
    const h = await harness();
    const p = pipeline('keep', {
      steps: [fn('w', { outputs: { o: 'dataset' }, run: (ctx) => writeFile(join(ctx.outputs.o, 'f.txt'), 'keep me') })],
    });
    await h.run(p);
    await h.services.close();
    await writeFile(h.home.metadataFile, 'this is not a database, it is a pebble'.repeat(200));
    await assert.rejects(openLocalServices(h.home), (err: Error & { code?: string; hint?: string }) => {
      assert.equal(err.code, 'E_METADATA_CORRUPT');
      assert.match(err.message, /metadata\.sqlite cannot be read/);
      assert.match(err.message, /Runs and artifacts on disk are untouched/);
      assert.match(err.hint ?? '', /mv .*metadata\.sqlite.*\.broken/);
      return true;
    });
    const runs = await readdir(join(h.home.artifactsDir, 'runs'));
    assert.equal(runs.length, 1);
    await rm(h.root, { recursive: true, force: true });
  });
});
