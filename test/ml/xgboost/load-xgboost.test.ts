import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import { parseXgboostModel, predictXgboost, xgboostEncoding } from '../../../src/ml/xgboost/index.js';
import { xgboostDocument } from '../../serving/model-fixtures.js';

const bytes = (doc: unknown): Buffer => Buffer.from(JSON.stringify(doc));
const stump = { feature: 0, threshold: 1, left: -1, right: 1 };

function refused(data: Uint8Array, pattern: RegExp): void {
  assert.throws(
    () => parseXgboostModel(data, 'm.json'),
    (err: GodwitError) => {
      assert.equal(err.code, 'E_MODEL_FORMAT');
      assert.match(err.message, pattern);
      assert.match(err.hint ?? '', /save_model/);
      return true;
    },
  );
}

test('the encoding is told from the first bytes', () => {
  assert.equal(xgboostEncoding(Buffer.from(' {"learner": {}}')), 'json');
  assert.equal(xgboostEncoding(Buffer.from('{L\0\0\0\0\0\0\0\x07learner', 'latin1')), 'ubjson');
  assert.equal(xgboostEncoding(Buffer.from('binf')), undefined);
});

test('an objective Godwit does not score, vector leaves, and non-models are refused by name', () => {
  const doc = xgboostDocument({ objective: 'reg:made-up', baseScore: 0.5, numFeature: 1, trees: [stump] });
  refused(bytes(doc), /objective "reg:made-up" is not one Godwit scores/);
  const vector = xgboostDocument({ objective: 'reg:squarederror', baseScore: 0.5, numFeature: 1, trees: [stump] });
  (
    vector.learner as { gradient_booster: { model: { trees: { tree_param: { size_leaf_vector: string } }[] } } }
  ).gradient_booster.model.trees[0].tree_param.size_leaf_vector = '2';
  refused(bytes(vector), /vector leaves/);
  refused(bytes({ other: 1 }), /no "learner" object/);
  refused(Buffer.from([0x80, 0x04]), /pickled/);
  refused(Buffer.from('{"learner": '), /not valid XGBoost JSON/);
});

test('base_score in either spelling gives the same margins; binary:logistic starts at its logit', () => {
  for (const spelling of ['1.x', '2.x'] as const) {
    const doc = xgboostDocument({ objective: 'binary:logistic', baseScore: 0.25, numFeature: 1, trees: [stump], spelling });
    const model = parseXgboostModel(bytes(doc), 'm.json');
    assert.deepEqual(model.baseScore, [0.25]);
    const margins = predictXgboost(model, [[0], [Number.NaN], [5]], { outputMargin: true }).values;
    const base = Math.fround(-Math.log(Math.fround(Math.fround(1 / 0.25) - 1)));
    assert.deepEqual(Array.from(margins), [Math.fround(base - 1), Math.fround(base - 1), Math.fround(base + 1)]);
  }
});
