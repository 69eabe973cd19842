import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { scaledClock } from '../../../src/core/scaled-clock.js';
import { callback, pipeline } from '../../../src/pipeline/dsl/index.js';
import { harness } from '../../helpers/harness.js';

// A callback step's timeout is counted from its token's creation, on the run's clock (here a
// thousand times real time: 600 s is 0.6 s). When it passes, the step fails saying so and the
// token is settled failed, so a late answer is refused rather than lost; a run resumed after its
// deadline ends at once instead of waiting a fresh timeout.
describe('a callback step with a timeout', () => {
  const clock = scaledClock(1000);
  let h: Awaited<ReturnType<typeof harness>>;
  before(async () => {
    h = await harness({ clock });
  });
  after(async () => h?.close());

  const approval = (name: string) =>
    pipeline(name, {
      steps: [callback('approve', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/0/approvals', timeoutSeconds: 600 })],
    });

  test('no answer within it: the step fails with E_CALLBACK_TIMEOUT, and a late success is refused as settled', async () => {
    const outcome = await h.run(approval('timeout-demo'));
    assert.equal(outcome.status, 'failed');
    const steps = await h.steps(outcome.runId);
    assert.match(
      steps.approve.reason ?? '',
      /no success or failure arrived for its callback token \w+ within its timeout of 600 s/,
    );
    const [attempt] = await h.services.metadata.store.listAttempts(outcome.runId);
    assert.equal(attempt.failureKind, 'timeout');
    const token = await h.services.metadata.pipelines.callbackOf(outcome.runId, 'approve');
    assert.equal(token?.status, 'failed');
    assert.match(token?.failureReason ?? '', /within the step's timeout of 600 s/);
    await assert.rejects(
      h.services.metadata.pipelines.settleCallback(token?.token as string, { status: 'succeeded', outputParameters: [] }),
      (err: Error & { code?: string }) => err.code === 'E_SM_CALLBACK_SETTLED',
    );
  });

  test('a run stopped while waiting and resumed after the deadline fails at once, on the same token', async () => {
    const p = approval('timeout-resume');
    const stop = new AbortController();
    const running = h.run(p, {}, { signal: stop.signal });
    let runId: string | undefined;
    let token: string | undefined;
    for (let i = 0; i < 500 && !token; i++) {
      const started = h.events.find((e) => e.type === 'run-started' && e.pipeline === 'timeout-resume');
      runId = started && 'runId' in started ? (started.runId as string) : undefined;
      token = runId ? (await h.services.metadata.pipelines.callbackOf(runId, 'approve'))?.token : undefined;
      if (!token) await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(runId && token, 'the step opened its token');
    stop.abort();
    assert.equal((await running).status, 'stopped');
    // Past the deadline (600 simulated seconds after the token was made).
    const made = (await h.services.metadata.pipelines.getCallback(token))?.createdAt.getTime() ?? 0;
    while (clock.now().getTime() < made + 600_000) await new Promise((r) => setTimeout(r, 50));
    const resumed = await h.resume(p, runId);
    assert.equal(resumed.status, 'failed');
    const attempts = await h.services.metadata.store.listAttempts(runId);
    const last = attempts[attempts.length - 1];
    assert.match(last.error ?? '', new RegExp(`callback token ${token} within its timeout of 600 s`));
    const waited = (last.endedAt?.getTime() ?? 0) - last.startedAt.getTime();
    assert.ok(waited < 600_000, `the resumed attempt kept the first deadline (it waited ${waited} simulated ms)`);
  });
});
