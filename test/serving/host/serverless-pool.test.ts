import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from '../../../src/core/clock.js';
import { GodwitError } from '../../../src/core/errors.js';
import { ServerlessPool } from '../../../src/serving/host/serverless-pool.js';
import type { InferenceRequest, ModelInstance } from '../../../src/serving/model-runtime.js';

/** A clock whose sleeps end only when the test moves time past them (no real waiting, no spinning). */
class GatedClock implements Clock {
  private t = 0;
  private sleepers: { until: number; wake: () => void }[] = [];
  now(): Date {
    return new Date(this.t);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const sleeper = { until: this.t + ms, wake: resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
  /** Moves time on in steps, letting each woken sleeper run before the next step. */
  async advance(ms: number, step = 1000): Promise<void> {
    const end = this.t + ms;
    while (this.t < end) {
      this.t = Math.min(end, this.t + step);
      const due = this.sleepers.filter((s) => s.until <= this.t);
      this.sleepers = this.sleepers.filter((s) => s.until > this.t);
      for (const s of due) s.wake();
      await tick();
    }
  }
}

const tick = () => new Promise((r) => setImmediate(r));
const req = (text: string): InferenceRequest => ({ body: Buffer.from(text), contentType: 'text/plain' });

/** Instances answering when the test says so; `failNext` makes the next start fail. */
function handInstances() {
  const live: { slot: number; pending: (() => void)[]; closed: boolean }[] = [];
  let failNext = false;
  const start = async (slot: number): Promise<ModelInstance> => {
    await tick();
    if (failNext) {
      failNext = false;
      throw new GodwitError('E_MODEL_FORMAT', 'the model files are broken');
    }
    const me = { slot, pending: [] as (() => void)[], closed: false };
    live.push(me);
    return {
      runtime: 'hand',
      invoke: (request) =>
        new Promise((resolve) =>
          me.pending.push(() => resolve({ body: Buffer.from(`${slot}:${request.body}`), contentType: 'text/plain' })),
        ),
      close: async () => {
        me.closed = true;
      },
    };
  };
  const answerAll = () => {
    for (const i of live) for (const answer of i.pending.splice(0)) answer();
  };
  return { live, start, answerAll, failNextStart: () => (failNext = true) };
}

function pool(
  hand: ReturnType<typeof handInstances>,
  clock: Clock,
  config: { maxConcurrency: number; provisionedConcurrency?: number },
) {
  const setups: number[] = [];
  const p = new ServerlessPool(hand.start, {
    endpointName: 'e',
    variantName: 'v',
    config: { memorySizeInMB: 1024, ...config },
    clock,
    idleMs: 60_000,
    onColdStart: (us) => setups.push(us),
  });
  return { p, setups };
}

describe('a serverless variant pool', () => {
  test('starts from zero on demand, one instance per request in flight, and throttles over MaxConcurrency at once', async () => {
    const hand = handInstances();
    const clock = new GatedClock();
    const { p, setups } = pool(hand, clock, { maxConcurrency: 2 });
    await p.open(0);
    assert.equal(p.size, 0);
    const a = p.invoke(req('a'));
    const b = p.invoke(req('b'));
    await assert.rejects(p.invoke(req('c')), (err: GodwitError) => {
      assert.equal(err.code, 'E_ENDPOINT_THROTTLED');
      assert.match(err.message, /^Rate exceeded: serverless variant "v" of endpoint "e" already has 2 invocation\(s\) in flight/);
      return true;
    });
    await tick();
    await tick();
    assert.equal(p.size, 2, 'two cold starts for two requests in flight');
    assert.equal(setups.length, 2);
    assert.ok(setups.every((us) => us >= 0));
    hand.answerAll();
    assert.deepEqual((await Promise.all([a, b])).map((r) => r.body.toString()).sort(), ['0:a', '1:b']);
    // Warm: a request now reuses an instance, no cold start.
    const c = p.invoke(req('c'));
    await tick();
    hand.answerAll();
    await c;
    assert.equal(setups.length, 2);
    await p.close();
  });

  test('stops instances unused for the idle timeout, down to the provisioned count, and not before', async () => {
    const hand = handInstances();
    const clock = new GatedClock();
    const { p } = pool(hand, clock, { maxConcurrency: 4, provisionedConcurrency: 1 });
    await p.open(1);
    const burst = [p.invoke(req('a')), p.invoke(req('b')), p.invoke(req('c'))];
    await tick();
    await tick();
    assert.equal(p.size, 3);
    hand.answerAll();
    await Promise.all(burst);
    await clock.advance(45_000);
    assert.equal(p.size, 3, 'three quarters of the timeout later, all are kept');
    await clock.advance(30_000);
    assert.equal(p.size, 1, 'after the timeout, down to the provisioned instance');
    assert.deepEqual(
      hand.live.map((i) => i.closed),
      [false, true, true],
    );
    await clock.advance(600_000);
    assert.equal(p.size, 1, 'the provisioned instance stays');
    await p.close();
  });

  test('a cold start that fails fails the request waiting for it rather than leaving it queued', async () => {
    const hand = handInstances();
    const { p } = pool(hand, new GatedClock(), { maxConcurrency: 1 });
    await p.open(0);
    hand.failNextStart();
    await assert.rejects(p.invoke(req('a')), {
      code: 'E_CONTAINER_DIED',
      message: 'A cold start of serverless variant "v" of endpoint "e" failed: the model files are broken',
    });
    // The failed request no longer counts: the next one is taken and served.
    const b = p.invoke(req('b'));
    await tick();
    await tick();
    hand.answerAll();
    assert.equal((await b).body.toString(), '1:b');
    await p.close();
  });

  test('a recorded ServerlessUpdateConfig changes the limits and starts the provisioned instances', async () => {
    const hand = handInstances();
    const { p } = pool(hand, new GatedClock(), { maxConcurrency: 1 });
    await p.open(0);
    const serverless = { memorySizeInMB: 1024, maxConcurrency: 3, provisionedConcurrency: 2 };
    await p.apply({ variantName: 'v', weight: 1, instanceCount: 2, serverless });
    assert.equal(p.size, 2);
    assert.deepEqual(p.state('v', 1), { variantName: 'v', weight: 1, instanceCount: 2, serverless });
    const three = [p.invoke(req('a')), p.invoke(req('b')), p.invoke(req('c'))];
    await assert.rejects(p.invoke(req('d')), { code: 'E_ENDPOINT_THROTTLED' });
    await tick();
    await tick();
    hand.answerAll();
    assert.equal((await Promise.all(three)).length, 3);
    await p.close();
  });
});
