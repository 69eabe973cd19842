import assert from 'node:assert/strict';
import { test } from 'node:test';
import { softmax } from '../../src/ml/softmax.js';

test('softmax: probabilities that sum to 1, no overflow on large scores, the log-partition returned, in place or elsewhere', () => {
  const scores = new Float64Array([0, 1000, 1001, 999, 7]);
  const probs = new Float64Array(3);
  const logZ = softmax(scores, 1, 3, probs, 0);
  const e = [Math.exp(-1), 1, Math.exp(-2)];
  const z = e.reduce((a, b) => a + b, 0);
  for (const [c, p] of probs.entries()) assert.ok(Math.abs(p - e[c] / z) < 1e-15);
  assert.ok(Math.abs(logZ - (1001 + Math.log(z))) < 1e-9);
  softmax(scores, 1, 3, scores);
  assert.deepEqual([scores[0], scores[4]], [0, 7], 'only the k values at the offset change');
  assert.deepEqual(Array.from(scores.subarray(1, 4)), Array.from(probs));
});
