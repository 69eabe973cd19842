import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EventEnvelope } from '../../../src/events/event-envelope.js';
import { callback, param, pipeline } from '../../../src/pipeline/dsl/index.js';
import { harness } from '../../helpers/harness.js';
import { scratchDir } from '../../helpers/scratch.js';

// A callback step publishes its token and resolved arguments (SageMaker's SQS message body) as an
// event in the transaction that records the token, and hands the same body to the command its
// queue maps to (`workflows.queues`), as JSON on stdin in SQS's message shape.
const dir = scratchDir('godwit-callback-message-');
const received = join(dir, 'received.json');
const consumer = join(dir, 'consumer.sh');
writeFileSync(consumer, `#!/bin/sh\ncat > "${received}"\necho "consumer got the message"\n`, { mode: 0o755 });
const failing = join(dir, 'failing.sh');
writeFileSync(failing, '#!/bin/sh\necho "queue is down" >&2\nexit 3\n', { mode: 0o755 });
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/000000000000/approvals';

describe('a callback step publishes its message and delivers it to its queue', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  before(async () => {
    h = await harness({
      callbackQueues: [
        { pattern: 'https://sqs.*.amazonaws.com/*/approvals', command: [consumer], file: join(dir, 'godwit.config.yaml') },
        { pattern: '*/broken', command: [failing], file: join(dir, 'godwit.config.yaml') },
      ],
    });
  });
  after(async () => h?.close());

  async function tokenOf(pipelineName: string, step: string): Promise<{ runId: string; token: string }> {
    for (let i = 0; i < 500; i++) {
      const started = h.events.find((e) => e.type === 'run-started' && e.pipeline === pipelineName);
      const runId = started && 'runId' in started ? (started.runId as string) : undefined;
      const record = runId ? await h.services.metadata.pipelines.callbackOf(runId, step) : undefined;
      if (runId && record) return { runId, token: record.token };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`step ${step} opened no token`);
  }

  test('one event with {token, arguments}; the command gets the same body on stdin; the answer finishes the step', async () => {
    const model = param.string('model', 's3://models/abalone/1');
    const p = pipeline('approval', {
      parameters: [model],
      steps: [callback('approve', { queueUrl: QUEUE, args: { model, threshold: 3 }, outputParameters: { ticket: 'String' } })],
    });
    const running = h.run(p);
    const { runId, token } = await tokenOf('approval', 'approve');
    for (let i = 0; i < 500; i++) {
      try {
        if (readFileSync(received, 'utf8').length > 0) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 20));
    }
    const executionArn = `arn:aws:sagemaker:us-east-1:000000000000:pipeline/approval/execution/${runId}`;
    const body = {
      token,
      pipelineExecutionArn: executionArn,
      arguments: { model: 's3://models/abalone/1', threshold: 3 },
      status: 'Executing',
      queueUrl: QUEUE,
    };
    const sqs = JSON.parse(readFileSync(received, 'utf8'));
    assert.deepEqual(sqs, { QueueUrl: QUEUE, MessageBody: JSON.stringify(body), MessageAttributes: {} });
    const events = (await h.services.metadata.outbox.since(undefined, 10_000))
      .map((e) => e.event)
      .filter((e: EventEnvelope) => e['detail-type'] === 'Godwit Pipeline Callback Message');
    assert.equal(events.length, 1);
    assert.equal(events[0].source, 'godwit.pipelines');
    assert.deepEqual(events[0].detail, body);
    assert.deepEqual(events[0].resources, ['arn:aws:sagemaker:us-east-1:000000000000:pipeline/approval', executionArn]);
    await h.services.metadata.pipelines.settleCallback(token, {
      status: 'succeeded',
      outputParameters: [{ name: 'ticket', value: 'T-1' }],
    });
    assert.equal((await running).status, 'succeeded');
    const log = readFileSync((await h.services.metadata.store.listAttempts(runId))[0].logPath as string, 'utf8');
    assert.match(log, /consumer got the message/, "the command's output is in the step's log");
  });

  test('a command that fails fails the step with E_CALLBACK_DELIVERY, and its token with it', async () => {
    const p = pipeline('broken-queue', {
      steps: [callback('notify', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/broken' })],
    });
    const outcome = await h.run(p);
    assert.equal(outcome.status, 'failed');
    const steps = await h.steps(outcome.runId);
    assert.match(steps.notify.reason ?? '', /the command serving queue .*broken .*exited with 3/);
    const [attempt] = await h.services.metadata.store.listAttempts(outcome.runId);
    assert.match(readFileSync(attempt.logPath as string, 'utf8'), /queue is down/);
    const token = await h.services.metadata.pipelines.callbackOf(outcome.runId, 'notify');
    assert.equal(token?.status, 'failed', 'nobody will answer a message that was never delivered');
  });

  test('a queue no entry maps: the event is the delivery, and the log says so', async () => {
    const p = pipeline('bus-only', {
      steps: [callback('wait', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/0/elsewhere' })],
    });
    const running = h.run(p);
    const { runId, token } = await tokenOf('bus-only', 'wait');
    await h.services.metadata.pipelines.settleCallback(token, { status: 'failed', failureReason: 'rejected by a reviewer' });
    const outcome = await running;
    assert.equal(outcome.status, 'failed');
    assert.match((await h.steps(runId)).wait.reason ?? '', /rejected by a reviewer/);
    const [attempt] = await h.services.metadata.store.listAttempts(runId);
    assert.match(
      readFileSync(attempt.logPath as string, 'utf8'),
      /published as an event on the bus only \(no workflows.queues entry maps it\)/,
    );
  });
});
