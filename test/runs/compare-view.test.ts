import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunComparison } from '../../src/runs/compare.js';
import { renderComparison } from '../../src/runs/compare-view.js';

const comparison: RunComparison = {
  runs: [
    { id: 'run-a', pipeline: 'p', status: 'succeeded', startedAt: '2026-12-01T10:00:00.000Z', durationMs: 1500 },
    { id: 'run-b', pipeline: 'p', status: 'failed', startedAt: '2026-12-02T10:00:00.000Z', durationMs: 900 },
  ],
  parameters: [
    { name: 'lr', values: [0.1, 0.3], differs: true },
    { name: 'data', values: ['s3://d', 's3://d'], differs: false },
  ],
  metrics: [
    { step: 'train', name: 'validation:rmse', values: [2.5, 2.1], direction: 'lower', best: [1] },
    { step: 'train', name: 'epochs_run', values: [10, null], best: [] },
  ],
  steps: [{ step: 'train', durationsMs: [1200, 800], statuses: ['succeeded', 'failed'] }],
  artifacts: [{ step: 'train', name: 'model', values: [{ digest: 'ab'.repeat(32), size: 10 }, null], differs: true }],
  undirected: ['train.epochs_run'],
};

test('one column per run; ≠ on differing rows, * after the best value, footnotes for both', () => {
  const text = renderComparison(comparison, {
    duration: (ms) => `${ms} ms`,
    bytes: (n) => `${n} B`,
    highlight: (t) => `[${t}]`,
  });
  assert.match(text, /^Runs\n +run-a +run-b\n +pipeline +p +p\n/);
  assert.match(text, /\n {2}\[≠ lr\] +0\.1 +0\.3\n {4}data +s3:\/\/d +s3:\/\/d\n/);
  assert.match(text, /\[≠ train\] +validation:rmse +2\.5 +\[2\.1 \*\]\n/);
  assert.match(text, /\[≠ train\] +epochs_run +10 +-\n/);
  assert.match(text, / {4}train +1200 ms +800 ms \(failed\)\n/);
  assert.match(text, /\[≠ train\/model\] +sha256:abababababab 10 B +-\n/);
  assert.match(text, /\* best value: lower is better for validation:rmse\.\nNo best value is marked for train\.epochs_run: /);
});
