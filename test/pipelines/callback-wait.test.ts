import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callback, pipeline } from '../../src/pipeline/dsl/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { harness } from '../helpers/harness.js';

// A callback step waits on the run's clock: a simulated clock neither makes it wait in real time
// for a settlement made here nor lets it read the database in a busy loop.
describe('a callback step under a simulated clock', () => {
  const clock = new FakeClock();
  let h: Awaited<ReturnType<typeof harness>>;
  before(async () => {
    h = await harness({ clock });
  });
  after(async () => h?.close());

  test('its pauses are on the run clock, a settlement here wakes it at once, and it does not spin meanwhile', async () => {
    const p = pipeline('approval', { steps: [callback('approve', { queueUrl: 'https://sqs.local/q' })] });
    const running = h.run(p);
    const callbacks = h.services.metadata.pipelines;
    const deadline = Date.now() + 10_000;
    let token: string | undefined;
    while (!token && Date.now() < deadline) {
      const run = h.events.find((e) => e.type === 'run-started');
      const record = run && 'runId' in run ? await callbacks.callbackOf(run.runId as string, 'approve') : undefined;
      token = record?.token;
      if (!token) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(token, 'the step opened a token');
    // One real second of waiting: a busy loop would pause on the clock thousands of times.
    await new Promise((r) => setTimeout(r, 1000));
    const pauses = clock.slept.length;
    assert.ok(pauses >= 2, `it paused on the run's clock (${pauses} pauses)`);
    assert.ok(pauses <= 8, `it did not spin: ${pauses} pauses in one second`);
    assert.deepEqual(clock.slept.slice(0, 3), [200, 400, 800]);
    const settledAt = Date.now();
    await callbacks.settleCallback(token, { status: 'succeeded', outputParameters: [] });
    const outcome = await running;
    assert.equal(outcome.status, 'succeeded');
    assert.ok(Date.now() - settledAt < 1000, 'the settlement here woke the step without waiting out a pause');
  });
});
