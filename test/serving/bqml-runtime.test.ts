import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { godwitHome } from '../../src/core/home.js';
import { describeModel } from '../../src/ml/model-descriptor.js';
import type { ModelInstance } from '../../src/serving/model-runtime.js';
import { chooseRuntime, startInstance } from '../../src/serving/runtimes/choose-runtime.js';
import type { ExportedModel } from '../../src/warehouse/bqml/bqml-export-model.js';
import { scratchDir } from '../helpers/scratch.js';

// A binary LOGISTIC_REG over x (standardised: mean 1, sd 2), color (one-hot blue, red) and flag
// (a BOOL, one-hot false, true): P(yes) = sigmoid(-1 + 1·(x−1)/2 + 0.5·blue − 0.5·red + 2·flag).
const DOC: ExportedModel = {
  format: 'godwit.bqml-model',
  version: 1,
  name: 'd.m',
  modelType: 'LOGISTIC_REG',
  options: { model_type: 'LOGISTIC_REG' },
  label: { name: 'answer', type: 'VARCHAR', classes: ['no', 'yes'] },
  inputs: [
    { name: 'x', type: 'DOUBLE' },
    { name: 'color', type: 'VARCHAR' },
    { name: 'flag', type: 'BOOLEAN' },
  ],
  features: [
    { name: 'x', kind: 'numeric', mean: 1, std: 2, mode: 'standardize' },
    { name: 'color', kind: 'categorical', categories: ['blue', 'red'], encoding: 'ONE_HOT_ENCODING' },
    { name: 'flag', kind: 'categorical', categories: ['false', 'true'], encoding: 'ONE_HOT_ENCODING' },
  ],
  algorithm: 'linear',
  model: { kind: 'glm', link: 'logit', features: 5, weights: [1, 0.5, -0.5, 0, 2], intercepts: [-1] },
  createdAt: '2026-12-06T00:00:00.000Z',
  exportedAt: '2026-12-06T00:00:00.000Z',
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const root = scratchDir('godwit-bqml-runtime-');
const home = godwitHome(join(root, 'home'));
const modelDir = join(root, 'model');
mkdirSync(modelDir);
writeFileSync(join(modelDir, 'bqml-model.json'), JSON.stringify(DOC));

describe('the bqml runtime', () => {
  let instance: ModelInstance;
  before(async () => {
    instance = await startInstance({ container: {}, modelDir, home, workDir: join(root, 'work') });
  });
  after(() => instance.close());

  const send = async (body: string, contentType: string, accept?: string) =>
    (await instance.invoke({ body: Buffer.from(body), contentType, ...(accept ? { accept } : {}) })).body.toString();

  it('answers JSON objects, arrays and JSON lines with the label and both probabilities', async () => {
    const want = [sigmoid(1.5), sigmoid(-1)];
    const rows = [
      { X: 3, Color: 'red', flag: true },
      { x: null, color: 'green', flag: false },
    ];
    const json = JSON.parse(await send(JSON.stringify({ instances: rows }), 'application/json'));
    assert.deepEqual(
      json.predictions.map((p: { predicted_answer: string }) => p.predicted_answer),
      ['yes', 'no'],
    );
    json.predictions.forEach((p: { predicted_answer_probs: { label: string; prob: number }[] }, r: number) => {
      assert.deepEqual(
        p.predicted_answer_probs.map((q) => q.label),
        ['no', 'yes'],
      );
      assert.ok(Math.abs(p.predicted_answer_probs[1].prob - want[r]) < 1e-12);
    });
    const arrays = await send(JSON.stringify([[3, 'red', true]]), 'application/json', 'application/jsonlines');
    assert.equal(JSON.parse(arrays.trim()).predicted_answer, 'yes');
    const lines = await send(
      '{"x": 3, "color": "red", "flag": true}\n[null, "green", false]\n',
      'application/jsonlines',
      'text/csv',
    );
    assert.deepEqual(
      lines
        .trim()
        .split('\n')
        .map((l) => l.split(',')[0]),
      ['yes', 'no'],
    );
  });

  it('reads CSV in input order or after a header, quoted fields and empty ones as NULL', async () => {
    const plain = await send('3,red,true\n,"green",false\n', 'text/csv', 'text/csv');
    const header = await send('flag,color,x\ntrue,red,3\nfalse,"green",\n', 'text/csv', 'text/csv');
    assert.equal(plain, header);
    const [first] = plain.split('\n');
    const [label, no, yes] = first.split(',');
    assert.deepEqual([label, Number(no) + Number(yes)], ['yes', 1]);
    assert.ok(Math.abs(Number(yes) - sigmoid(1.5)) < 1e-12);
  });

  it('refuses what it cannot read with coded errors naming the row and column', async () => {
    const refused = (body: string, type: string, code: string, message: RegExp, accept?: string) =>
      assert.rejects(send(body, type, accept), (err: GodwitError) => {
        assert.equal(err.code, code);
        assert.match(err.message, message);
        return true;
      });
    await refused('{"x": "tall", "color": "red", "flag": true}', 'application/json', 'E_DATA_FORMAT', /Row 1 .*"tall".*column x/);
    await refused('[{"x": 1, "color": "red", "flag": "maybe"}]', 'application/json', 'E_DATA_FORMAT', /BOOL column flag/);
    await refused('1,red\n', 'text/csv', 'E_DATA_FORMAT', /has 2 fields; the model reads 3/);
    await refused('{"x": 1', 'application/json', 'E_DATA_FORMAT', /not valid JSON/);
    await refused('x', 'application/x-npy', 'E_CONTENT_TYPE', /application\/x-npy/);
    await refused('[[1, "red", true]]', 'application/json', 'E_CONTENT_TYPE', /image\/png/, 'image/png');
  });
});

describe('choosing and describing an exported model', () => {
  it("is the bqml runtime, also under Vertex AI's TensorFlow image, and not under SageMaker's XGBoost", async () => {
    assert.equal(await chooseRuntime({}, modelDir), 'bqml');
    assert.equal(await chooseRuntime({ image: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-11:latest' }, modelDir), 'bqml');
    await assert.rejects(
      chooseRuntime({ image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1' }, modelDir),
      { code: 'E_MODEL_FORMAT' },
    );
    const d = await describeModel(modelDir);
    assert.deepEqual(
      [d.framework, d.format, d.version, d.file, d.properties?.modelType],
      ['bqml', 'godwit.bqml-model', '1', 'bqml-model.json', 'LOGISTIC_REG'],
    );
    assert.deepEqual(
      d.signature.outputs.map((o) => [o.name, o.type, o.shape]),
      [
        ['predicted_answer', 'string', [null]],
        ['predicted_answer_probs', 'float64', [null, 2]],
      ],
    );
  });

  it('a damaged or foreign bqml-model.json is E_MODEL_FORMAT naming the file', async () => {
    const dir = join(root, 'damaged');
    mkdirSync(dir);
    for (const text of ['{"format": "something-else"}', '{"format": "godwit.bqml-model", "version": 7}', 'not json']) {
      writeFileSync(join(dir, 'bqml-model.json'), text);
      await assert.rejects(describeModel(dir), (err: GodwitError) => {
        assert.equal(err.code, 'E_MODEL_FORMAT');
        assert.match(err.message, /bqml-model\.json is not a BigQuery ML model Godwit exported/);
        return true;
      });
    }
  });
});
