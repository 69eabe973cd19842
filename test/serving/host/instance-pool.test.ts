import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GodwitError } from '../../../src/core/errors.js';
import { InstancePool } from '../../../src/serving/host/instance-pool.js';
import type { InferenceRequest, ModelInstance } from '../../../src/serving/model-runtime.js';

/**
 * A model instance whose answers the test releases by hand, so requests are really in flight:
 * the body `fail` makes the model throw, and `die(reason)` is its process ending on its own.
 */
function handInstances() {
  const started: { slot: number; die: (reason: string) => void; pending: (() => void)[]; closed: boolean }[] = [];
  const start = async (slot: number, onExit: (reason: string) => void): Promise<ModelInstance> => {
    const me = { slot, die: onExit, pending: [] as (() => void)[], closed: false };
    started.push(me);
    return {
      runtime: 'hand',
      invoke: (request: InferenceRequest) =>
        new Promise((resolve, reject) => {
          me.pending.push(() => {
            if (request.body.toString() === 'fail') reject(new GodwitError('E_MODEL_ERROR', 'the model threw'));
            else resolve({ body: Buffer.from(`${slot}:${request.body}`), contentType: 'text/plain' });
          });
        }),
      close: async () => {
        me.closed = true;
      },
    };
  };
  return { started, start };
}

const req = (text: string): InferenceRequest => ({ body: Buffer.from(text), contentType: 'text/plain' });
const tick = () => new Promise((r) => setImmediate(r));

describe('a variant pool: instance count is concurrency', () => {
  test('each instance serves one request at a time; the rest queue and are served in order', async () => {
    const hand = handInstances();
    const pool = new InstancePool(hand.start);
    await pool.open(2);
    const answers = ['a', 'b', 'c', 'd'].map((x) => pool.invoke(req(x)));
    await tick();
    assert.deepEqual(pool.stats(), { instances: 2, inFlight: 2, queued: 2 });
    hand.started[1].pending.shift()?.();
    await tick();
    // The freed instance took the oldest waiting request; the next one freed takes the next.
    hand.started[0].pending.shift()?.();
    await tick();
    assert.deepEqual(pool.stats(), { instances: 2, inFlight: 2, queued: 0 });
    hand.started[1].pending.shift()?.();
    hand.started[0].pending.shift()?.();
    assert.deepEqual(
      (await Promise.all(answers)).map((a) => a.body.toString()),
      ['0:a', '1:b', '1:c', '0:d'],
    );
  });

  test('a model that throws fails that request only', async () => {
    const hand = handInstances();
    const pool = new InstancePool(hand.start);
    await pool.open(1);
    const bad = pool.invoke(req('fail'));
    const good = pool.invoke(req('ok'));
    await tick();
    hand.started[0].pending.shift()?.();
    await assert.rejects(bad, /the model threw/);
    await tick();
    hand.started[0].pending.shift()?.();
    assert.equal((await good).body.toString(), '0:ok');
  });

  test('an instance that dies fails its in-flight request at once and is replaced', async () => {
    const hand = handInstances();
    const lines: string[] = [];
    const pool = new InstancePool(hand.start, 1, (line) => lines.push(line));
    await pool.open(1);
    const inFlight = pool.invoke(req('x'));
    const queued = pool.invoke(req('y'));
    await tick();
    hand.started[0].die('exit code 137');
    await assert.rejects(inFlight, (err: GodwitError) => err.code === 'E_CONTAINER_DIED' && /exit code 137/.test(err.message));
    await tick();
    assert.equal(hand.started.length, 2, 'a replacement was started');
    hand.started[1].pending.shift()?.();
    assert.equal((await queued).body.toString(), '0:y');
    assert.match(lines.join('\n'), /instance 0 died \(exit code 137\); starting a replacement/);
  });

  test('resize adds and retires instances; close drains what was accepted', async () => {
    const hand = handInstances();
    const pool = new InstancePool(hand.start);
    await pool.open(1);
    await pool.resize(3);
    assert.equal(pool.stats().instances, 3);
    await pool.resize(1);
    assert.equal(pool.stats().instances, 1);
    assert.equal(hand.started.filter((s) => s.closed).length, 2);
    const last = pool.invoke(req('z'));
    const closing = pool.close();
    await tick();
    await assert.rejects(pool.invoke(req('late')), (err: GodwitError) => err.code === 'E_CONTAINER_DIED');
    hand.started[0].pending.shift()?.();
    assert.equal((await last).body.toString(), '0:z');
    await closing;
    assert.ok(hand.started.every((s) => s.closed));
  });

  test('a served request leaves nothing behind on its instance (no reaction kept per request)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const body = { ref: undefined as WeakRef<Buffer> | undefined };
    const pool = new InstancePool(async () => ({
      runtime: 'echo',
      invoke: async (request: InferenceRequest) => {
        const answer = Buffer.alloc(1024, request.body);
        body.ref = new WeakRef(answer);
        return { body: answer, contentType: 'text/plain' };
      },
      close: async () => {},
    }));
    await pool.open(1);
    await pool.invoke(req('x'));
    await tick();
    gc();
    await tick();
    gc();
    // Racing a per-instance "died" promise kept every answer reachable until the instance died.
    assert.equal(body.ref?.deref(), undefined);
    await pool.close();
  });

  test('an instance that scores on this thread answers at once (invokeNow); a busy pool or a queue leaves it to invoke', async () => {
    const hand = handInstances();
    let now = 0;
    const pool = new InstancePool(async (slot, onExit) => {
      const instance = await hand.start(slot, onExit);
      if (slot > 0) return instance;
      return {
        ...instance,
        invokeNow: (request: InferenceRequest) => {
          now++;
          if (request.body.toString() === 'fail') throw new GodwitError('E_MODEL_ERROR', 'the model threw');
          return { body: Buffer.from(`now:${request.body}`), contentType: 'text/plain' };
        },
      };
    });
    await pool.open(1);
    assert.equal(pool.invokeNow(req('a'))?.body.toString(), 'now:a');
    assert.throws(() => pool.invokeNow(req('fail')), /the model threw/);
    assert.deepEqual(pool.stats(), { instances: 1, inFlight: 0, queued: 0 });
    // The instance busy with an asynchronous request: not free, so not now.
    const later = pool.invoke(req('b'));
    assert.equal(pool.invokeNow(req('c')), undefined);
    const queued = pool.invoke(req('d'));
    hand.started[0].pending.shift()?.();
    assert.equal((await later).body.toString(), '0:b');
    await tick();
    hand.started[0].pending.shift()?.();
    assert.equal((await queued).body.toString(), '0:d');
    assert.equal(now, 2);
    await pool.close();
    assert.equal(pool.invokeNow(req('e')), undefined);
  });
});
