import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeUbjson,
  parseXgboostModel,
  predictXgboost,
  xgboostEncoding,
  xgboostUbjson,
} from '../../../src/ml/xgboost/index.js';
import { encodeUbjson } from '../../../src/ml/xgboost/ubjson-encode.js';
import { xgboostDocument } from '../../serving/model-fixtures.js';

test('encodeUbjson writes what decodeUbjson reads: nesting, strings, integers, floats as float32 under their keys', () => {
  const doc = { a: [1, -2, 2 ** 40], s: 'ünïcode', t: true, f: false, z: null, o: { w: [0.1, 2], x: 0.1 } };
  const bytes = encodeUbjson(doc, new Set(['w']));
  assert.deepEqual(decodeUbjson(bytes), {
    ...doc,
    o: { w: [Math.fround(0.1), 2], x: 0.1 },
  });
  // An integral float under a float key is still written as a float (`d`), never as an integer.
  assert.equal(bytes.includes(Buffer.from([0x64, 0x40, 0x00, 0x00, 0x00])), true);
  assert.equal(xgboostEncoding(bytes), 'ubjson');
});

test('xgboostUbjson holds the same model as the JSON text: Godwit predicts the same from either', () => {
  const doc = xgboostDocument({
    objective: 'multi:softprob',
    baseScore: 0.5,
    numFeature: 2,
    numClass: 2,
    trees: [
      { feature: 0, threshold: 0.5, left: 1, right: -1, group: 0 },
      { feature: 1, threshold: 1, left: -0.25, right: 0.75, group: 1 },
    ],
  });
  const json = parseXgboostModel(Buffer.from(JSON.stringify(doc)), 'json');
  const ubj = parseXgboostModel(xgboostUbjson(doc), 'ubjson');
  const rows = [
    [0, 0],
    [1, 2],
    [Number.NaN, 0.5],
  ];
  assert.deepEqual(predictXgboost(ubj, rows).values, predictXgboost(json, rows).values);
});
