import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import onnxProto from 'onnx-proto';
import type { GodwitError } from '../../src/core/errors.js';
import { describeModel } from '../../src/ml/model-descriptor.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir, xgboostDocument, xgboostModelDir } from './model-fixtures.js';

const { onnx } = onnxProto;

test('a linear learner is described from its model.json', async () => {
  const dir = linearModelDir(scratchDir('godwit-desc-'), [1, 2, 3], 0.5);
  const d = await describeModel(dir);
  assert.equal(d.framework, 'linear-learner');
  assert.equal(d.format, 'godwit.linear-learner');
  assert.equal(d.version, '1');
  assert.deepEqual(d.signature.inputs, [{ name: 'features', type: 'float64', shape: [null, 3] }]);
  assert.deepEqual(d.properties, { predictorType: 'regressor' });
});

test('an XGBoost model is described in either spelling, as model.json too', async () => {
  const root = scratchDir('godwit-desc-');
  const trees = [{ feature: 0, threshold: 1, left: -1, right: 1, group: 0 }];
  for (const spelling of ['1.x', '2.x'] as const) {
    const doc = xgboostDocument({ objective: 'binary:logistic', baseScore: 0.5, numFeature: 4, trees, spelling });
    for (const file of ['xgboost-model.json', 'model.json', 'booster.json']) {
      const d = await describeModel(xgboostModelDir(root, doc, file, `${spelling}-${file}`));
      assert.equal(d.framework, 'xgboost');
      assert.equal(d.format, 'xgboost-json');
      assert.equal(d.file, file);
      assert.equal(d.version, spelling === '2.x' ? '2.1.0' : '1.7.4');
      assert.deepEqual(d.signature.inputs[0].shape, [null, 4]);
      assert.equal(d.properties?.objective, 'binary:logistic');
    }
  }
});

test('a multi-class XGBoost model answers one probability per class', async () => {
  const doc = xgboostDocument({
    objective: 'multi:softprob',
    baseScore: 0.5,
    numFeature: 2,
    numClass: 3,
    trees: [0, 1, 2].map((group) => ({ feature: 0, threshold: 0, left: 0, right: 1, group })),
  });
  const d = await describeModel(xgboostModelDir(scratchDir('godwit-desc-'), doc));
  assert.deepEqual(d.signature.outputs, [{ name: 'predictions', type: 'float32', shape: [null, 3] }]);
});

test("an ONNX model's inputs and outputs are read from its graph, weights left out", async () => {
  const dir = join(scratchDir('godwit-desc-'), 'onnx');
  mkdirSync(dir);
  const tensor = (name: string, dims: { dimParam?: string; dimValue?: number }[]) => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims } } },
  });
  const model = onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'test',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'g',
      input: [tensor('input', [{ dimParam: 'batch' }, { dimValue: 8 }]), tensor('W', [{ dimValue: 8 }])],
      initializer: [{ name: 'W', dims: [8], dataType: 1, floatData: new Array(8).fill(1) }],
      output: [tensor('variable', [{ dimParam: 'batch' }, { dimValue: 1 }])],
    },
  }).finish();
  writeFileSync(join(dir, 'model.onnx'), model);
  const d = await describeModel(dir);
  assert.equal(d.framework, 'onnx');
  assert.equal(d.version, '8');
  assert.deepEqual(d.signature.inputs, [{ name: 'input', type: 'float32', shape: [null, 8] }]);
  assert.deepEqual(d.signature.outputs, [{ name: 'variable', type: 'float32', shape: [null, 1] }]);
  assert.deepEqual(d.properties, { opset: 17, producer: 'test' });
});

test('unknown files are E_MODEL_FORMAT naming what was found and what is read', async () => {
  const dir = join(scratchDir('godwit-desc-'), 'sk');
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.joblib'), 'x');
  writeFileSync(join(dir, 'notes.json'), '{"a": 1}');
  await assert.rejects(describeModel(dir), (err: GodwitError) => {
    assert.equal(err.code, 'E_MODEL_FORMAT');
    assert.match(err.message, /model\.joblib, notes\.json/);
    assert.match(err.hint ?? '', /XGBoost JSON or UBJSON.*ONNX/);
    return true;
  });
});

test('an old binary or pickled XGBoost model is refused with a hint to re-save it', async () => {
  const dir = join(scratchDir('godwit-desc-'), 'old');
  mkdirSync(dir);
  writeFileSync(join(dir, 'xgboost-model'), Buffer.from([0x80, 0x04, 0x95, 0x10]));
  await assert.rejects(describeModel(dir), (err: GodwitError) => {
    assert.equal(err.code, 'E_MODEL_FORMAT');
    assert.match(err.message, /pickled/);
    assert.match(err.hint ?? '', /save_model/);
    return true;
  });
});
