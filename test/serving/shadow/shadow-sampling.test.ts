import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/ml/random.js';
import { shadowSamplingPercentage, shouldMirror } from '../../../src/serving/shadow/shadow-sampling.js';

describe('shadow sampling', () => {
  it("reads a shadow variant's weight relative to the production variant's", () => {
    assert.equal(shadowSamplingPercentage(1, 0.5), 50);
    assert.equal(shadowSamplingPercentage(2, 2), 100);
    assert.equal(shadowSamplingPercentage(4, 1), 25);
    assert.equal(shadowSamplingPercentage(1, 3), 100);
    assert.equal(shadowSamplingPercentage(1, 0), 0);
    assert.equal(shadowSamplingPercentage(0, 1), 0);
  });

  it('mirrors never at 0 %, always at 100 %, and by the draw in between', () => {
    const always = () => 0.999999;
    assert.equal(
      shouldMirror(0, () => 0),
      false,
    );
    assert.equal(shouldMirror(100, always), true);
    assert.equal(
      shouldMirror(30, () => 0.29),
      true,
    );
    assert.equal(
      shouldMirror(30, () => 0.3),
      false,
    );
  });

  it('mirrors the sampled share of requests (binomial, 5 standard deviations)', () => {
    const random = seededRandom(7);
    const n = 20_000;
    let mirrored = 0;
    for (let i = 0; i < n; i++) if (shouldMirror(20, random)) mirrored++;
    const sd = Math.sqrt(n * 0.2 * 0.8);
    assert.ok(Math.abs(mirrored - n * 0.2) < 5 * sd, `${mirrored} of ${n}`);
  });
});
