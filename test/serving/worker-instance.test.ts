import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { godwitHome } from '../../src/core/home.js';
import type { ModelInstance, StartOptions } from '../../src/serving/model-runtime.js';
import { startInstance } from '../../src/serving/runtimes/choose-runtime.js';
import { startWorkerInstance } from '../../src/serving/runtimes/worker-instance.js';
import { closeSpares, spareThreadIds } from '../../src/serving/runtimes/worker-spares.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir } from './model-fixtures.js';

const root = scratchDir('godwit-worker-');
const dying = new URL('./fixtures/dying-worker.ts', import.meta.url);
const options = (modelDir: string, onExit?: (reason: string) => void): StartOptions => ({
  container: {},
  modelDir,
  home: godwitHome(join(root, 'home')),
  workDir: join(root, 'work'),
  onExit,
});
const csv = (text: string) => ({ body: Buffer.from(text), contentType: 'text/csv' });

test('a linear learner in a worker answers as it does in process, concurrently, matched by id', async () => {
  const dir = linearModelDir(root, [2, -1], 0.5);
  const instance = await startInstance(options(dir));
  try {
    assert.equal(instance.runtime, 'linear-learner');
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => instance.invoke(csv(`${i},1`))));
    for (const [i, a] of answers.entries()) assert.equal(a.body.toString(), `${2 * i - 1 + 0.5}\n`);
    const json = await instance.invoke({ ...csv('1,1'), accept: 'application/json' });
    assert.deepEqual(JSON.parse(json.body.toString()), { predictions: [{ score: 1.5 }] });
    assert.equal(json.contentType, 'application/json');
  } finally {
    await instance.close();
  }
});

test("the runtime's errors come back with their codes; the worker stays up", async () => {
  const instance = await startInstance(options(linearModelDir(root, [1, 1], 0, 'codes')));
  try {
    await assert.rejects(instance.invoke(csv('1,2,3')), (err: GodwitError) => {
      assert.equal(err.code, 'E_DATA_FORMAT');
      assert.match(err.message, /3 features, but the model expects 2/);
      return true;
    });
    await assert.rejects(instance.invoke({ body: Buffer.from('x'), contentType: 'image/png' }), { code: 'E_CONTENT_TYPE' });
    assert.equal((await instance.invoke(csv('1,2'))).body.toString(), '3\n');
  } finally {
    await instance.close();
  }
});

test('a model that cannot load fails the start with its code, from the worker', async () => {
  const dir = linearModelDir(root, [1], 0, 'broken');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'model.json'), '{"format": "godwit.linear-learner", "version": 99}');
  await assert.rejects(startWorkerInstance('linear-learner', options(dir)), (err: GodwitError) => {
    assert.equal(err.code, 'E_MODEL_FORMAT');
    assert.match(err.message, /version 99/);
    return true;
  });
});

test('a worker that dies fails its in-flight requests with E_CONTAINER_DIED, calls onExit once, never hangs', async () => {
  const exits: string[] = [];
  const instance = await startWorkerInstance(
    'test',
    options(root, (reason) => exits.push(reason)),
    { entry: dying },
  );
  assert.equal((await instance.invoke(csv('hi'))).body.toString(), 'echo:hi');
  await assert.rejects(
    instance.invoke(csv('fail')),
    (err: GodwitError) => err.code === 'E_DATA_FORMAT' && err.hint === 'Fix it.',
  );
  await assert.rejects(instance.invoke(csv('throw')), { code: 'E_MODEL_ERROR', message: 'the model blew up' });
  const inFlight = [instance.invoke(csv('hang')), instance.invoke(csv('hang')), instance.invoke(csv('die'))];
  for (const p of inFlight)
    await assert.rejects(p, (err: GodwitError) => err.code === 'E_CONTAINER_DIED' && /exited with code 3/.test(err.message));
  await assert.rejects(instance.invoke(csv('hi')), { code: 'E_CONTAINER_DIED' });
  assert.equal(exits.length, 1);
  assert.match(exits[0], /exited with code 3/);
  await instance.close();
  assert.equal(exits.length, 1);
});

test('close waits for requests in flight and does not call onExit', async () => {
  const exits: string[] = [];
  const instance: ModelInstance = await startWorkerInstance(
    'test',
    options(root, (r) => exits.push(r)),
    { entry: dying },
  );
  const pending = instance.invoke(csv('slow'));
  await instance.close();
  assert.equal((await pending).body.toString(), 'echo:slow');
  await assert.rejects(instance.invoke(csv('late')), { code: 'E_CONTAINER_DIED' });
  assert.deepEqual(exits, []);
});

test('a built Godwit (dist) runs its worker from JavaScript', async (t) => {
  const built = new URL('../../dist/serving/runtimes/worker-instance.js', import.meta.url);
  if (!existsSync(built)) return t.skip('no dist/ here: `npm run build` first (npm test builds before testing)');
  const mod = (await import(built.href)) as typeof import('../../src/serving/runtimes/worker-instance.js');
  const instance = await mod.startWorkerInstance('linear-learner', options(linearModelDir(root, [1, 1], 1, 'dist')));
  try {
    assert.equal((await instance.invoke(csv('1,2'))).body.toString(), '4\n');
  } finally {
    await instance.close();
  }
});

test('a start cancelled by its signal ends the worker and rejects', async () => {
  const controller = new AbortController();
  const starting = startWorkerInstance('linear-learner', {
    ...options(linearModelDir(root, [1], 0, 'abort')),
    signal: controller.signal,
  });
  controller.abort();
  await assert.rejects(starting, { code: 'E_TIMEOUT' });
});

test('close ends a worker whose requests never finish, failing them, without calling onExit', async () => {
  const exits: string[] = [];
  const instance = await startWorkerInstance(
    'test',
    options(root, (r) => exits.push(r)),
    { entry: dying, drainMs: 200 },
  );
  const stuck = instance.invoke(csv('hang'));
  await instance.close();
  await assert.rejects(
    stuck,
    (err: GodwitError) => err.code === 'E_CONTAINER_DIED' && /1 request\(s\) unanswered after 200 ms/.test(err.message),
  );
  assert.deepEqual(exits, []);
});

test('an unknown runtime name fails the start with E_RUNTIME_UNKNOWN, from a new worker and from a spare', async () => {
  await assert.rejects(startWorkerInstance('no-such-runtime', options(root)), { code: 'E_RUNTIME_UNKNOWN' });
  // The spare booted after the first start failed to load the runtime too; it says so when taken.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await assert.rejects(startWorkerInstance('no-such-runtime', options(root)), { code: 'E_RUNTIME_UNKNOWN' });
});

test('the next instance of a runtime takes the spare worker booted ahead; GODWIT_SPARE_WORKERS=0 keeps none', async () => {
  const dir = linearModelDir(root, [1], 0, 'spares');
  const thread = async (instance: ModelInstance) => Number((await instance.invoke(csv('thread'))).body.toString());
  const start = () => startWorkerInstance('linear-learner', options(dir), { entry: dying });
  // The spare is booted once the worker taken before it has answered its start.
  const spareAppears = async () => {
    for (let i = 0; i < 200 && spareThreadIds().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    return spareThreadIds();
  };
  await closeSpares();
  const instances: ModelInstance[] = [];
  try {
    instances.push(await start());
    const [spare] = await spareAppears();
    assert.ok(spare !== undefined, 'a spare is booted after the first worker');
    instances.push(await start());
    assert.equal(await thread(instances[1]), spare, 'the second instance runs in the spare');
    const [next] = await spareAppears();
    process.env.GODWIT_SPARE_WORKERS = '0';
    instances.push(await start());
    assert.equal(await thread(instances[2]), next);
    assert.deepEqual(spareThreadIds(), [], 'no spare is kept when spares are off');
  } finally {
    delete process.env.GODWIT_SPARE_WORKERS;
    await Promise.all(instances.map((instance) => instance.close()));
    await closeSpares();
  }
});

test("a serverless variant's MemorySizeInMB bounds its worker's heap; outgrowing it ends the worker, not the process", async () => {
  const dir = linearModelDir(root, [1], 0, 'bounded');
  const exits: string[] = [];
  const bounded = await startWorkerInstance(
    'linear-learner',
    { ...options(dir, (r) => exits.push(r)), memoryLimitMb: 64 },
    { entry: dying },
  );
  const free = await startWorkerInstance('linear-learner', options(dir), { entry: dying });
  try {
    const limit = Number((await bounded.invoke(csv('heap'))).body.toString());
    assert.ok(limit >= 64 && limit < 128, `heap limit ${limit} MB`);
    assert.ok(Number((await free.invoke(csv('heap'))).body.toString()) > 128, 'no limit without a memory size');
    await assert.rejects(bounded.invoke(csv('grow')), { code: 'E_CONTAINER_DIED' });
    assert.equal(exits.length, 1);
    assert.match(exits[0], /reaching memory limit: JS heap out of memory/);
  } finally {
    await Promise.all([bounded.close(), free.close()]);
  }
});
