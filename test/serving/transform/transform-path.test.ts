import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import { csvCells, csvLine } from '../../../src/serving/transform/csv-cells.js';
import { type BatchStrategy, MEGABYTE, miniBatches, splitRecords } from '../../../src/serving/transform/mini-batches.js';
import { parseTransformPath, selectPath } from '../../../src/serving/transform/transform-path.js';

const select = (value: unknown, path: string) => selectPath(value, parseTransformPath(path, 'InputFilter'));

describe("batch transform's JSONPath subset", () => {
  test('selects CSV cells by slice, index, negative index and union', () => {
    const row = ['id7', '1.5', '16', '0.25'];
    assert.deepEqual(select(row, '$'), row);
    assert.deepEqual(select(row, '$[1:]'), ['1.5', '16', '0.25']);
    assert.deepEqual(select(row, '$[:-1]'), ['id7', '1.5', '16']);
    assert.deepEqual(select(row, '$[1:3]'), ['1.5', '16']);
    assert.equal(select(row, '$[0]'), 'id7');
    assert.deepEqual(select(row, '$[0,-1]'), ['id7', '0.25']);
    assert.deepEqual(select(row, '$[0,2:]'), ['id7', '16', '0.25']);
    assert.deepEqual(select(row, '$[*]'), row);
  });

  test('selects JSON members by name, bracketed names and wildcard', () => {
    const record = { id: 7, features: [1, 2], SageMakerOutput: { score: 3 } };
    assert.deepEqual(select(record, '$.features'), [1, 2]);
    assert.equal(select(record, '$.features[1]'), 2);
    assert.equal(select(record, '$.SageMakerOutput.score'), 3);
    assert.deepEqual(select(record, "$['id','SageMakerOutput']"), { id: 7, SageMakerOutput: { score: 3 } });
    assert.deepEqual(select({ a: 1, b: 2 }, '$.*'), [1, 2]);
  });

  test('refuses what SageMaker refuses, naming the filter', () => {
    for (const bad of ['features', '$..id', '$[?(@.x)]', '$[1:2:1]', '$[', '$.']) {
      assert.throws(
        () => parseTransformPath(bad, 'OutputFilter'),
        (err: GodwitError) => {
          assert.equal(err.code, 'E_JSON_PATH');
          assert.ok(err.message.includes(`OutputFilter "${bad}"`), err.message);
          return true;
        },
      );
    }
    assert.throws(
      () => select(['a'], '$[3]'),
      (err: GodwitError) => err.code === 'E_DATA_FORMAT' && /index 3 .* 1 fields/.test(err.message),
    );
    assert.throws(
      () => select({ a: 1 }, '$.b'),
      (err: GodwitError) => err.code === 'E_DATA_FORMAT' && /no "b"/.test(err.message),
    );
  });
});

describe('CSV cells', () => {
  test('read quoted cells and write them back quoted', () => {
    assert.deepEqual(csvCells('a,"b,c","say ""hi""",'), ['a', 'b,c', 'say "hi"', '']);
    assert.equal(csvLine(['a', 'b,c', 'say "hi"', 1.5]), 'a,"b,c","say ""hi""",1.5');
  });
});

describe('records and mini-batches', () => {
  const records = splitRecords(Buffer.from('1,2\r\n3,4\n\n  \n5,6'), 'Line');

  test('Line split drops CR and blank lines; None keeps the file whole', () => {
    assert.deepEqual(records.map(String), ['1,2', '3,4', '5,6']);
    assert.deepEqual(splitRecords(Buffer.from('1,2\n3,4\n'), 'None').map(String), ['1,2\n3,4\n']);
    assert.throws(
      () => splitRecords(Buffer.from('x'), 'TFRecord'),
      (err: GodwitError) => err.code === 'E_TRANSFORM_CONFIG',
    );
  });

  test('MultiRecord fills each batch up to the limit and never over it', () => {
    const batch = (strategy: BatchStrategy, bytes: number) =>
      miniBatches(records, strategy, bytes / MEGABYTE, 'a.csv').map((b) => ({ first: b.first, body: String(b.body) }));
    assert.deepEqual(batch('MultiRecord', 7), [
      { first: 0, body: '1,2\n3,4' },
      { first: 2, body: '5,6' },
    ]);
    assert.deepEqual(batch('MultiRecord', 6), [
      { first: 0, body: '1,2' },
      { first: 1, body: '3,4' },
      { first: 2, body: '5,6' },
    ]);
    assert.deepEqual(batch('SingleRecord', 1000).length, 3);
    assert.deepEqual(batch('MultiRecord', 1000), [{ first: 0, body: '1,2\n3,4\n5,6' }]);
    assert.equal(miniBatches(records, 'MultiRecord', 0, 'a.csv').length, 1);
  });

  test('a record over the limit on its own is E_PAYLOAD_TOO_LARGE naming file, record and sizes', () => {
    assert.throws(
      () => miniBatches(records, 'MultiRecord', 2 / MEGABYTE, 'a.csv'),
      (err: GodwitError) => {
        assert.equal(err.code, 'E_PAYLOAD_TOO_LARGE');
        assert.match(err.message, /a\.csv, record 1 is 3 bytes, over MaxPayloadInMB .* = 2 bytes/);
        return true;
      },
    );
  });
});
