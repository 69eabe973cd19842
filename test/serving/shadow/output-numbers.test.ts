import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { numbersOf, numericDifference } from '../../../src/serving/shadow/output-numbers.js';

describe('numbersOf', () => {
  it('reads JSON in document order, JSON lines and CSV', () => {
    assert.deepEqual(
      numbersOf('{"predictions":[{"score":1.5,"predicted_label":1},{"score":-2}]}', 'application/json'),
      [1.5, 1, -2],
    );
    assert.deepEqual(numbersOf('{"score":1}\n{"score":2}\n', 'application/jsonlines'), [1, 2]);
    assert.deepEqual(numbersOf('1,0.25\n0,3e-2\n', 'text/csv; charset=utf-8'), [1, 0.25, 0, 0.03]);
    assert.deepEqual(numbersOf('[1,2]', undefined), [1, 2]);
  });

  it('is undefined for answers that are not numbers', () => {
    assert.equal(numbersOf('cat,dog\n', 'text/csv'), undefined);
    assert.equal(numbersOf('{"label":"cat"}', 'application/json'), undefined);
    assert.equal(numbersOf('{not json', 'application/json'), undefined);
    assert.equal(numbersOf('', 'text/csv'), undefined);
  });
});

describe('numericDifference', () => {
  it('gives absolute and symmetric relative differences, and the tolerance verdict', () => {
    const d = numericDifference([10, 0, -4], [11, 0, -4], 0.05);
    assert.ok(d);
    assert.equal(d.count, 3);
    assert.equal(d.maxAbs, 1);
    assert.equal(d.sumAbs, 1);
    assert.equal(d.maxRel, 1 / 11);
    assert.equal(d.withinTolerance, false); // 1 > 0.05 · 10
    assert.equal(numericDifference([10, 0.5], [10.4, 0.54], 0.05)?.withinTolerance, true); // 0.4 ≤ 0.5; 0.04 ≤ 0.05 · 1
  });

  it('cannot pair answers of different lengths', () => {
    assert.equal(numericDifference([1, 2], [1], 0), undefined);
  });
});
