/**
 * Retry timing and comparison edges, asserted exactly: the delays a retry policy asks the clock
 * for, the number of tries, and comparisons of equal values in a local run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { condition, eq, fn, gt, gte, lt, lte, param, pipeline, processing } from '../../src/pipeline/dsl/index.js';
import type { RetryPolicy } from '../../src/pipeline/ir.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { harness } from '../helpers/harness.js';

describe('retry policy', () => {
  /** Runs a step that always fails under `retry`; returns its tries and the sleeps asked for. */
  async function alwaysFailing(retry: RetryPolicy) {
    const clock = new FakeClock();
    const h = await harness({ clock });
    try {
      let tries = 0;
      const broken = fn('broken', {
        retry,
        run: () => {
          tries++;
          throw new Error(`try ${tries} failed`);
        },
      });
      const outcome = await h.run(pipeline('always-failing', { steps: [broken] }));
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error ?? '', new RegExp(`try ${tries} failed`));
      const attempts = await h.services.metadata.store.listAttempts(outcome.runId, 'broken');
      assert.deepEqual(
        attempts.map((a) => a.status),
        Array(tries).fill('failed'),
      );
      const announced = h.events.flatMap((e) => (e.type === 'step-retrying' ? [e.delayMs] : []));
      assert.deepEqual(announced, clock.slept, 'the display is told the delays actually waited');
      return { tries, slept: clock.slept };
    } finally {
      await h.close();
    }
  }

  test('backs off exponentially from initialSeconds at rate, capped at maxSeconds, and tries exactly maxAttempts times', async () => {
    const r = await alwaysFailing({ maxAttempts: 5, backoff: { initialSeconds: 2, rate: 3, maxSeconds: 20 } });
    assert.equal(r.tries, 5);
    assert.deepEqual(r.slept, [2000, 6000, 18000, 20000]);
  });

  test('the default rate doubles the delay; without maxSeconds nothing caps it', async () => {
    const r = await alwaysFailing({ maxAttempts: 6, backoff: { initialSeconds: 0.5 } });
    assert.equal(r.tries, 6);
    assert.deepEqual(r.slept, [500, 1000, 2000, 4000, 8000]);
  });

  test('without backoff, retries at once; one attempt means no retry', async () => {
    assert.deepEqual(await alwaysFailing({ maxAttempts: 3 }), { tries: 3, slept: [0, 0] });
    assert.deepEqual(await alwaysFailing({ maxAttempts: 1, backoff: { initialSeconds: 5 } }), { tries: 1, slept: [] });
  });

  test('a process that always exits non-zero is started exactly maxAttempts times', async () => {
    const clock = new FakeClock();
    const h = await harness({ clock });
    try {
      const step = processing('exits-1', {
        command: ['sh', '-c', 'exit 1'],
        retry: { maxAttempts: 3, backoff: { initialSeconds: 1, maxSeconds: 1.5 } },
      });
      const outcome = await h.run(pipeline('process-retries', { steps: [step] }));
      const attempts = await h.services.metadata.store.listAttempts(outcome.runId, 'exits-1');
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.status, a.exitCode]),
        [
          [1, 'failed', 1],
          [2, 'failed', 1],
          [3, 'failed', 1],
        ],
      );
      assert.deepEqual(clock.slept, [1000, 1500]);
    } finally {
      await h.close();
    }
  });
});

describe('conditions in a local run', () => {
  test('eq, gte and lte hold for equal values; gt and lt do not; each side of them is right too', async () => {
    const h = await harness();
    try {
      const x = param.float('x', 5);
      const ops = { eq, gt, gte, lt, lte };
      const taken: string[] = [];
      const checks = Object.entries(ops).map(([name, op]) =>
        condition(`check-${name}`, {
          if: op(x, 5),
          then: [fn(`${name}-holds`, { run: () => void taken.push(name) })],
          else: [fn(`${name}-fails`, { run: () => {} })],
        }),
      );
      const p = pipeline('comparisons', { parameters: [x], steps: checks });
      const holding = async (value: number) => {
        taken.length = 0;
        const outcome = await h.run(p, { x: value });
        assert.equal(outcome.status, 'succeeded', outcome.error);
        return [...taken].sort();
      };
      assert.deepEqual(await holding(5), ['eq', 'gte', 'lte']);
      assert.deepEqual(await holding(4.999), ['lt', 'lte']);
      assert.deepEqual(await holding(5.001), ['gt', 'gte']);
    } finally {
      await h.close();
    }
  });
});
