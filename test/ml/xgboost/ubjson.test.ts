import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeUbjson } from '../../../src/ml/xgboost/ubjson.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

test('scalars, strings and plain containers decode as JSON would', () => {
  const doc = bytes(
    '{',
    'i',
    [1],
    'a',
    'l',
    [0, 0, 1, 0],
    'i',
    [1],
    'b',
    'S',
    'i',
    [2],
    'hi',
    'i',
    [1],
    'c',
    '[',
    'T',
    'F',
    'Z',
    'D',
    [0x3f, 0xf8, 0, 0, 0, 0, 0, 0],
    ']',
    '}',
  );
  assert.deepEqual(decodeUbjson(doc), { a: 256, b: 'hi', c: [true, false, null, 1.5] });
});

test('optimized arrays become typed arrays, as XGBoost writes its trees', () => {
  const floats = decodeUbjson(bytes('[', '$', 'd', '#', 'i', [2], [0x3f, 0x80, 0, 0], [0xc0, 0, 0, 0]));
  assert.ok(floats instanceof Float32Array);
  assert.deepEqual(Array.from(floats as Float32Array), [1, -2]);
  const ints = decodeUbjson(bytes('[', '$', 'l', '#', 'L', [0, 0, 0, 0, 0, 0, 0, 2], [0xff, 0xff, 0xff, 0xff], [0, 0, 0, 7]));
  assert.deepEqual(Array.from(ints as Int32Array), [-1, 7]);
  const counted = decodeUbjson(bytes('{', '#', 'U', [1], 'i', [1], 'k', 'U', [200]));
  assert.deepEqual(counted, { k: 200 });
});

test('damaged data names the byte offset', () => {
  assert.throws(() => decodeUbjson(bytes('[', 'd', [0x3f])), /UBJSON at byte 2: unexpected end of data/);
  assert.throws(() => decodeUbjson(bytes('q')), /unknown type marker "q"/);
  assert.throws(() => decodeUbjson(bytes('T', 'T')), /1 bytes after the value/);
});
