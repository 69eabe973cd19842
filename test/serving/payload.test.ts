import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { parsePayload } from '../../src/serving/payload.js';
import { formatPredictions, pythonFloat, responseType } from '../../src/serving/payload-format.js';

const rows = (p: { rows: number; cols: number; data: Float64Array }): number[][] =>
  Array.from({ length: p.rows }, (_, r) => Array.from(p.data.subarray(r * p.cols, (r + 1) * p.cols)));

function rejects(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (err: GodwitError) => {
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  });
}

test('CSV: one or many rows, CRLF, blank lines skipped, empty fields missing', () => {
  assert.deepEqual(rows(parsePayload(Buffer.from('1.5,16,2,23'), 'text/csv')), [[1.5, 16, 2, 23]]);
  const many = parsePayload('1,2,3\r\n\r\n4,,6\nNaN,8,9\n', 'text/csv; charset=utf-8', { features: 3 });
  assert.deepEqual(rows(many), [
    [1, 2, 3],
    [4, Number.NaN, 6],
    [Number.NaN, 8, 9],
  ]);
  assert.deepEqual(rows(parsePayload('7,8', '')), [[7, 8]]);
});

test('CSV errors name the line, the column and the problem', () => {
  rejects(() => parsePayload('1,2,3\n4,x,6', 'text/csv'), 'E_DATA_FORMAT', /Line 2, column 2: "x" is not a number/);
  rejects(() => parsePayload('1,2,3\n4,5', 'text/csv'), 'E_DATA_FORMAT', /Line 2 has 2 values, but Line 1 has 3/);
  assert.throws(
    () => parsePayload('9,1,2,3', 'text/csv', { features: 3 }),
    (err: GodwitError) => {
      assert.match(err.message, /Line 1 has 4 features, but the model expects 3/);
      assert.match(err.hint ?? '', /without the label/);
      return true;
    },
  );
  rejects(() => parsePayload('1,,3', 'text/csv', { missing: false }), 'E_DATA_FORMAT', /Line 1, column 2: a value is missing/);
  rejects(() => parsePayload('\n\n', 'text/csv'), 'E_DATA_FORMAT', /no rows/);
});

test('JSON: instances of lists or features objects, a bare list of rows, one row', () => {
  const want = [
    [1, 2],
    [3, Number.NaN],
  ];
  assert.deepEqual(rows(parsePayload('{"instances": [[1, 2], [3, null]]}', 'application/json')), want);
  assert.deepEqual(
    rows(parsePayload('{"instances": [{"features": [1, 2]}, {"features": [3, null]}]}', 'application/json')),
    want,
  );
  assert.deepEqual(rows(parsePayload('[[1, 2], [3, null]]', 'application/json')), want);
  assert.deepEqual(rows(parsePayload('[1, 2]', 'application/json')), [[1, 2]]);
  assert.deepEqual(rows(parsePayload('{"features": [1, 2]}', 'application/json')), [[1, 2]]);
  rejects(
    () => parsePayload('{"instances": [[1, 2], [3, "a"]]}', 'application/json'),
    'E_DATA_FORMAT',
    /Instance 1, value 1: "a" is not a number/,
  );
  rejects(() => parsePayload('{"instances": [', 'application/json'), 'E_DATA_FORMAT', /not valid JSON/);
  rejects(() => parsePayload('{"rows": []}', 'application/json'), 'E_DATA_FORMAT', /not a list of numbers/);
  rejects(() => parsePayload('[[1, 2, 3]]', 'application/json', { features: 2 }), 'E_DATA_FORMAT', /Instance 0 has 3 features/);
});

test('JSON lines and libsvm', () => {
  assert.deepEqual(rows(parsePayload('[1, 2]\n{"features": [3, 4]}\n', 'application/jsonlines')), [
    [1, 2],
    [3, 4],
  ]);
  rejects(() => parsePayload('[1, 2]\n{oops\n', 'application/jsonlines'), 'E_DATA_FORMAT', /Line 2 is not valid JSON/);
  assert.deepEqual(rows(parsePayload('1 0:1.5 2:3\n0 1:2\n', 'text/libsvm', { features: 4 })), [
    [1.5, Number.NaN, 3, Number.NaN],
    [Number.NaN, 2, Number.NaN, Number.NaN],
  ]);
  rejects(() => parsePayload('1 7:1', 'text/x-libsvm', { features: 4 }), 'E_DATA_FORMAT', /Line 1: column 7 is beyond/);
});

test('an unknown content type is E_CONTENT_TYPE', () => {
  rejects(() => parsePayload('x', 'application/x-recordio-protobuf'), 'E_CONTENT_TYPE', /application\/x-recordio-protobuf/);
});

test("predictions are written as SageMaker's XGBoost container writes them", () => {
  const scalar = { rows: 3, width: 1, values: [9, 0.5, 1e-5] };
  assert.equal(formatPredictions(scalar, 'text/csv'), '9.0,0.5,1e-05');
  assert.equal(formatPredictions(scalar, 'text/csv', { batch: true }), '9.0\n0.5\n1e-05\n');
  assert.equal(formatPredictions(scalar, 'application/json'), '[9.0, 0.5, 1e-05]');
  assert.equal(formatPredictions(scalar, 'application/jsonlines'), '9.0\n0.5\n1e-05\n');
  const vector = { rows: 2, width: 2, values: [0.25, 0.75, 1, 0] };
  assert.equal(formatPredictions(vector, 'text/csv'), '[0.25, 0.75],[1.0, 0.0]');
  assert.equal(formatPredictions(vector, 'application/json'), '[[0.25, 0.75], [1.0, 0.0]]');
  assert.deepEqual(JSON.parse(formatPredictions(vector, 'application/json')), [
    [0.25, 0.75],
    [1, 0],
  ]);
});

test("numbers are Python's repr", () => {
  const cases: [number, string][] = [
    [9, '9.0'],
    [Math.fround(0.1), '0.10000000149011612'],
    [1.5e-5, '1.5e-05'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [-2.5, '-2.5'],
    [0.0001, '0.0001'],
  ];
  for (const [x, want] of cases) assert.equal(pythonFloat(x), want);
});

test('Accept picks the first type the model writes; */* and none are text/csv', () => {
  assert.equal(responseType(undefined), 'text/csv');
  assert.equal(responseType('*/*'), 'text/csv');
  assert.equal(responseType('application/xml, application/json'), 'application/json');
  assert.equal(responseType('application/jsonlines; charset=utf-8'), 'application/jsonlines');
  assert.throws(() => responseType('application/xml'), { code: 'E_CONTENT_TYPE' });
});
