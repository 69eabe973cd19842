import assert from 'node:assert/strict';
import { test } from 'node:test';
import { executionStatusChange, stepStatusChange } from '../../src/events/sagemaker-events.js';

// The guide's "Pipeline step state change" example: stepType in SageMaker's words, times to the second.
test('step and execution events: SageMaker step types and times as SageMaker writes them', () => {
  const at = new Date('2026-12-06T10:00:05.250Z');
  const step = stepStatusChange({
    runId: 'run-1',
    pipeline: 'p',
    step: 'check',
    kind: 'quality-check',
    from: 'running',
    to: 'succeeded',
    startedAt: new Date('2026-12-06T10:00:01.900Z'),
    endedAt: at,
    at,
  });
  assert.equal(step?.source, 'aws.sagemaker');
  assert.deepEqual(
    [step?.detail.stepType, step?.detail.stepStartTime, step?.detail.stepEndTime],
    ['QualityCheck', '2026-12-06T10:00:01Z', '2026-12-06T10:00:05Z'],
  );
  const run = executionStatusChange({
    runId: 'run-1',
    pipeline: 'p',
    to: 'failed',
    from: 'running',
    startedAt: at,
    endedAt: at,
    at,
  });
  assert.deepEqual(
    [run.source, run.detail.currentPipelineExecutionStatus, run.detail.executionStartTime],
    ['aws.sagemaker', 'Failed', '2026-12-06T10:00:05Z'],
  );
});
