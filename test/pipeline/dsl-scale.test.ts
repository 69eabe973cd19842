import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pipeline, processing, type Step } from '../../src/pipeline/dsl/index.js';

test('a 20,000-step chain given only by its last step is collected without deep recursion, upstream first', () => {
  const n = 20_000;
  let last: Step = processing('s0', {
    command: ['true'],
    outputs: { out: { type: 'dataset', source: '/opt/ml/processing/out' } },
  });
  for (let i = 1; i < n; i++) {
    // Every other link is a data reference (an input from the previous step's output), the rest dependsOn.
    last =
      i % 2
        ? processing(`s${i}`, {
            command: ['true'],
            inputs: { in: { source: last.output('out') } },
            outputs: { out: { type: 'dataset', source: '/opt/ml/processing/out' } },
          })
        : processing(`s${i}`, {
            command: ['true'],
            dependsOn: [last],
            outputs: { out: { type: 'dataset', source: '/opt/ml/processing/out' } },
          });
  }
  const { ir } = pipeline('long-chain', { steps: [last] });
  assert.equal(ir.steps.length, n);
  assert.deepEqual(
    ir.steps.map((s) => s.name),
    Array.from({ length: n }, (_, i) => `s${i}`),
  );
});
