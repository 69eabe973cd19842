import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rocAuc } from '../../src/ml/metrics.js';

test('rocAuc ranks scores against 0/1 labels, tied scores sharing their average rank', () => {
  assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  assert.equal(rocAuc([0, 1, 0, 1], [0.2, 0.9, 0.3, 0.95]), 1);
  // One positive and one negative tied at 0.5: half a pair each way.
  assert.equal(rocAuc([0, 1, 1], [0.5, 0.5, 0.9]), 0.75);
});

test('rocAuc is undefined when one class is absent', () => {
  assert.equal(rocAuc([1, 1], [0.2, 0.7]), undefined);
  assert.equal(rocAuc([0, 0, 0], [0.2, 0.7, 0.1]), undefined);
});
