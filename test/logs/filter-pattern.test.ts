import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GodwitError } from '../../src/core/errors.js';
import { compileFilterPattern } from '../../src/logs/filter-pattern.js';

const lines = [
  'INFO epoch 1 loss=0.5',
  'ERROR epoch 2 Connection refused',
  'WARN retrying after error',
  'ERROR -1 is not a valid "count"',
];
const matching = (pattern: string | undefined) => lines.filter(compileFilterPattern(pattern));

describe('filter patterns', () => {
  test('terms are all required, case-sensitive, anywhere in the message', () => {
    assert.deepEqual(matching('ERROR epoch'), [lines[1]]);
    assert.deepEqual(matching('error'), [lines[2]]);
    assert.deepEqual(matching('loss=0'), [lines[0]]);
  });

  test('quoted phrases, exclusions and ? alternatives', () => {
    assert.deepEqual(matching('"Connection refused"'), [lines[1]]);
    assert.deepEqual(matching('"refused Connection"'), []);
    assert.deepEqual(matching('ERROR -epoch'), [lines[3]]);
    assert.deepEqual(matching('?WARN ?INFO'), [lines[0], lines[2]]);
    assert.deepEqual(matching('"\\"count\\""'), [lines[3]]);
    assert.deepEqual(matching('-'), [lines[3]], 'a lone dash is a term');
  });

  test('an empty pattern matches everything', () => {
    assert.deepEqual(matching(undefined), lines);
    assert.deepEqual(matching('  '), lines);
    assert.deepEqual(matching('""'), lines);
  });

  test('JSON, space-delimited and regex patterns, and an unclosed quote, are refused', () => {
    for (const pattern of ['{ $.level = "error" }', '[ip, user, status=4*]', '%ERR(OR)?%', '"unclosed']) {
      assert.throws(
        () => compileFilterPattern(pattern),
        (err: unknown) => err instanceof GodwitError && err.code === 'E_LOG_FILTER_PATTERN',
        pattern,
      );
    }
  });
});
