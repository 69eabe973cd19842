import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';

test('error codes are one union: a misspelled code does not type-check', () => {
  // `npm test` type-checks tests too: if codes were plain strings again, this directive would be
  // unused and tsc would fail.
  // @ts-expect-error 'E_VALIDATOIN' is not an ErrorCode.
  const typo = new GodwitError('E_VALIDATOIN', 'x');
  assert.equal(typo.code, 'E_VALIDATOIN');
  assert.equal(new GodwitError('E_VALIDATION', 'x').code, 'E_VALIDATION');
});
