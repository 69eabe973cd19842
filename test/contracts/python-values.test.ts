import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { floatRepr, fromJsonText, pyJson, pyStr } from '../../src/core/python-values.js';
import { hasPython, PYTHON } from './helpers.js';

const FLOATS = [
  0.1,
  1e-5,
  1.5e-5,
  0.0001,
  123.456,
  1e16,
  1.2345e16,
  9999999999999998,
  1e22,
  -2.5e-7,
  3e-4,
  12345678901234.5,
  0.5,
  2 / 3,
  -0,
];

function python(code: string): string {
  const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('Python formatting, checked against Python itself', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  test('floats print as repr() does', () => {
    const expected = JSON.parse(
      python(
        `import json; print(json.dumps([repr(float(x)) for x in ${JSON.stringify(FLOATS.map((x) => (Object.is(x, -0) ? '-0.0' : String(x))))}]))`,
      ),
    );
    assert.deepEqual(FLOATS.map(floatRepr), expected);
  });

  test('json.loads then json.dumps(sort_keys, compact, ascii) round-trips the same text', () => {
    const text =
      '{"b": [1, 2.0, "\\u00e9t\\u00e9\\u007f", true, null, {"z": 1e-5, "a": "x"}], "a": 100000000000000000000, "c": 1e21}';
    const expected = python(
      `import json; print(json.dumps(json.loads(${JSON.stringify(text)}), sort_keys=True, separators=(',', ':')))`,
    );
    assert.equal(pyJson(fromJsonText(text)), expected);
  });

  test('str() of decoded hyperparameter values', () => {
    const values = ['true', 'false', '0.00001', '5', '"reg:squarederror"', '2.50', 'null'];
    const expected = JSON.parse(
      python(
        `import json; print(json.dumps([str(json.loads(v)) if json.loads(v) is not None else '' for v in ${JSON.stringify(values)}]))`,
      ),
    );
    assert.deepEqual(
      values.map((v) => pyStr(fromJsonText(v))),
      expected,
    );
  });
});
