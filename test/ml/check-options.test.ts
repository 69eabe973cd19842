import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOptions, RULES } from '../../src/ml/check-input.js';

test('checkOptions: one E_ML_INPUT message per algorithm and option; only the listed options may be undefined', () => {
  const rules = { rounds: RULES.whole1, rate: RULES.above0 };
  checkOptions('demo', { rounds: 3, rate: 0.1 }, rules);
  checkOptions('demo', { rounds: 3, rate: undefined }, rules, ['rate']);
  const fails = (options: object, message: RegExp) =>
    assert.throws(() => checkOptions('demo', options, rules), { code: 'E_ML_INPUT', message });
  fails({ rounds: 2.5, rate: 0.1 }, /The demo option rounds is 2\.5; it must be a whole number ≥ 1/);
  fails({ rounds: 3, rate: Number.POSITIVE_INFINITY }, /option rate is Infinity; it must be a finite number > 0/);
  fails({ rounds: 3 }, /option rate is undefined/);
  fails({ rounds: '3', rate: 0.1 }, /option rounds is "3"/);
});
