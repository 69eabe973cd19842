import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fn, pipeline } from '../../src/pipeline/dsl/index.js';
import { harness } from '../helpers/harness.js';

test('a run publishes its execution and step status changes, in order, as it goes', async () => {
  const h = await harness({ concurrency: 1 });
  try {
    const a = fn('a', { run: () => {} });
    const b = fn('b', {
      dependsOn: [a],
      run: () => {
        throw new Error('b broke');
      },
    });
    const outcome = await h.run(pipeline('Events-Demo', { steps: [b] }));
    assert.equal(outcome.status, 'failed');
    const events = (await h.services.metadata.outbox.since()).map((e) => e.event);
    const status = (d: Record<string, unknown>) =>
      `${d.stepName ?? 'run'}:${d.previousStepStatus ?? d.previousPipelineExecutionStatus ?? '-'}>${d.currentStepStatus ?? d.currentPipelineExecutionStatus}`;
    assert.deepEqual(
      events.map((e) => status(e.detail)),
      [
        'run:->Executing',
        'a:->Executing',
        'a:Executing>Succeeded',
        'b:->Executing',
        'b:Executing>Failed',
        'run:Executing>Failed',
      ],
    );
    const arn = `arn:aws:sagemaker:us-east-1:000000000000:pipeline/Events-Demo/execution/${outcome.runId}`;
    assert.ok(events.every((e) => e.resources.includes(arn) && e.source === 'aws.sagemaker'));
    assert.match(String(events[4].detail.failureReason), /b broke/);
  } finally {
    await h.close();
  }
});
