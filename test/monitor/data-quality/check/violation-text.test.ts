import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { javaDouble } from '../../../../src/monitor/data-quality/check/violation-text.js';

describe('javaDouble', () => {
  it('prints doubles as the JVM’s Double.toString does', () => {
    const cases: [number, string][] = [
      [100, '100.0'],
      [0, '0.0'],
      [-0, '-0.0'],
      [0.1, '0.1'],
      [99.64592817400101, '99.64592817400101'],
      [0.001, '0.001'],
      [0.0001, '1.0E-4'],
      [1.5e-7, '1.5E-7'],
      [1e7, '1.0E7'],
      [12345678.5, '1.23456785E7'],
      [-2.5, '-2.5'],
      [Infinity, 'Infinity'],
      [Number.NaN, 'NaN'],
    ];
    for (const [x, text] of cases) assert.equal(javaDouble(x), text, String(x));
  });
});
