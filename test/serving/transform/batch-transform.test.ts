import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { GodwitError } from '../../../src/core/errors.js';
import { godwitHome } from '../../../src/core/home.js';
import { type LinearModel, predict, saveLinearModel } from '../../../src/ml/linear-learner.js';
import { batchTransform } from '../../../src/serving/transform/batch-transform.js';
import type { TransformOptions } from '../../../src/serving/transform/transform-options.js';
import { entryPoint } from '../../cli/entry-point.js';
import { collector, tempDir, writeText } from '../../ml/helpers.js';
import { xgboostDocument, xgboostModelDir } from '../model-fixtures.js';

const runTransformCommand = entryPoint('transform');

const base = {
  format: 'godwit.linear-learner',
  version: 1,
  featureDim: 2,
  weights: [2, -1],
  bias: 0.5,
  hyperparameters: {},
  trainedOn: { rows: 1, channels: { train: 1 } },
  solver: { name: 'cholesky', iterations: 1, notes: [] },
  metrics: {},
} as const;
const regressor: LinearModel = { ...base, predictorType: 'regressor' };
const classifier: LinearModel = { ...base, predictorType: 'binary_classifier', threshold: 0.5 };

async function setup(model: LinearModel, files: Record<string, string>) {
  const dir = tempDir();
  await saveLinearModel(join(dir, 'model'), model);
  for (const [name, text] of Object.entries(files)) writeText(join(dir, 'input', name), text);
  return { dir, model: join(dir, 'model'), input: join(dir, 'input'), output: join(dir, 'output') };
}

function transform(s: Awaited<ReturnType<typeof setup>>, options: TransformOptions = {}) {
  return batchTransform({ model: s.model, input: s.input, output: s.output, options, home: godwitHome(join(s.dir, 'home')) });
}

const read = (path: string) => readFileSync(path, 'utf8');

describe('batch transform with the linear learner', () => {
  test('writes F.out per input file, nested paths kept, one score per record', async () => {
    const s = await setup(regressor, { 'batch.csv': '1,2\n3,4\n\n', 'part/b.csv': '0,0\n' });
    const result = await transform(s);
    assert.equal(result.records, 3);
    assert.equal(result.runtime, 'linear-learner');
    assert.deepEqual(
      result.files.map((f) => f.output),
      [join(s.output, 'batch.csv.out'), join(s.output, 'part', 'b.csv.out')],
    );
    assert.equal(
      read(join(s.output, 'batch.csv.out')),
      `${predict(regressor, [1, 2]).score}\n${predict(regressor, [3, 4]).score}\n`,
    );
    assert.equal(read(join(s.output, 'part', 'b.csv.out')), '0.5\n');
  });

  test('splitType None and SingleRecord give the same predictions as Line and MultiRecord', async () => {
    const s = await setup(regressor, { 'a.csv': '1,2\n3,4\n' });
    await transform(s, { splitType: 'None' });
    assert.equal(read(join(s.output, 'a.csv.out')), '0.5\n2.5\n');
    const single = await transform(s, { batchStrategy: 'SingleRecord' });
    assert.equal(single.requests, 2);
    assert.equal(read(join(s.output, 'a.csv.out')), '0.5\n2.5\n');
    // In parallel, the instances are worker threads: same answers, in input order.
    const parallel = await transform(s, { batchStrategy: 'SingleRecord', instanceCount: 2, maxConcurrentTransforms: 2 });
    assert.equal(parallel.concurrency, 4);
    assert.equal(read(join(s.output, 'a.csv.out')), '0.5\n2.5\n');
  });

  test('a classifier writes predicted_label,score in CSV; Accept chooses JSON lines or JSON', async () => {
    const s = await setup(classifier, { 'a.csv': '1,0\n0,3\n' });
    await transform(s);
    const rows = read(join(s.output, 'a.csv.out'))
      .trim()
      .split('\n')
      .map((l) => l.split(',').map(Number));
    assert.deepEqual(
      rows.map((r) => r[0]),
      [1, 0],
    );
    assert.ok(Math.abs(rows[0][1] - 1 / (1 + Math.exp(-2.5))) < 1e-15);
    await transform(s, { accept: 'application/jsonlines' });
    const lines = read(join(s.output, 'a.csv.out'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.predicted_label),
      [1, 0],
    );
    await transform(s, { accept: 'application/json' });
    assert.equal(JSON.parse(read(join(s.output, 'a.csv.out'))).predictions.length, 2);
  });

  test('an empty input file gives an empty output file', async () => {
    const s = await setup(regressor, { 'empty.csv': '' });
    assert.equal((await transform(s)).records, 0);
    assert.equal(read(join(s.output, 'empty.csv.out')), '');
  });

  test('a feature-count mismatch names the file and spots a leftover label column', async () => {
    const s = await setup(regressor, { 'a.csv': '\n9,1,2\n' });
    await assert.rejects(transform(s), (err: GodwitError) => {
      assert.equal(err.code, 'E_DATA_FORMAT');
      assert.match(err.message, /^a\.csv, record 1: .*3 features, but the model expects 2/);
      assert.match(err.hint ?? '', /drop the label column/);
      return true;
    });
  });

  test('a model no runtime reads is refused naming the model folder', async () => {
    const dir = tempDir();
    writeText(join(dir, 'model', 'weights.bin'), 'binary');
    writeText(join(dir, 'input', 'a.csv'), '1,2\n');
    await assert.rejects(
      batchTransform({
        model: join(dir, 'model'),
        input: join(dir, 'input'),
        output: join(dir, 'out'),
        home: godwitHome(join(dir, 'home')),
      }),
      (err: GodwitError) => /E_MODEL_FORMAT|E_RUNTIME_UNKNOWN/.test(err.code) && err.message.includes(join(dir, 'model')),
    );
  });

  test('content types and split types it cannot handle are refused with codes', async () => {
    const s = await setup(regressor, { 'a.csv': '1,2\n' });
    await assert.rejects(
      transform(s, { contentType: 'application/x-recordio-protobuf' }),
      (err: GodwitError) => err.code === 'E_CONTENT_TYPE',
    );
    await assert.rejects(
      transform(s, { splitType: 'RecordIO' }),
      (err: GodwitError) => err.code === 'E_TRANSFORM_CONFIG' && /RecordIO/.test(err.message),
    );
    await assert.rejects(transform(s, { accept: 'text/libsvm' }), (err: GodwitError) => err.code === 'E_CONTENT_TYPE');
    await assert.rejects(transform(s, { maxPayloadInMB: 101 }), (err: GodwitError) => err.code === 'E_TRANSFORM_CONFIG');
  });

  test('RecordIO and TFRecord splits are refused before any model is loaded, naming the split', async () => {
    const s = await setup(regressor, { 'a.csv': '1,2\n' });
    for (const splitType of ['RecordIO', 'TFRecord'] as const) {
      await assert.rejects(
        batchTransform({
          model: join(s.dir, 'no-model'),
          input: s.input,
          output: s.output,
          options: { splitType },
          home: godwitHome(join(s.dir, 'home')),
        }),
        (err: GodwitError) => err.code === 'E_TRANSFORM_CONFIG' && err.message.includes(splitType),
      );
    }
  });

  test('godwit transform runs the same transform from flags and reports a summary', async () => {
    const s = await setup(regressor, { 'a.csv': 'x1,1,2\n' });
    const out = collector();
    const env = { ...process.env, GODWIT_HOME: join(s.dir, 'home') };
    const args = [
      '--model',
      s.model,
      '--input',
      s.input,
      '--output',
      s.output,
      '--input-filter',
      '$[1:]',
      '--join-source',
      'Input',
    ];
    const code = await runTransformCommand([...args, '--accept', 'text/csv', '--max-concurrent-transforms', '2'], {
      out: out.log,
      env,
    });
    assert.equal(code, 0);
    assert.match(out.lines[0], /Transformed 1 records in 1 files with the linear-learner model/);
    assert.equal(read(join(s.output, 'a.csv.out')), 'x1,1,2,0.5\n');
    const err = collector();
    assert.equal(await runTransformCommand(['--model', s.model], { err: err.log, env }), 2);
    assert.match(err.lines[0], /Missing --input, --output/);
  });
});

describe('batch transform with XGBoost', () => {
  test('a model.tar.gz as SageMaker training writes it is unpacked and answers one prediction per line', async () => {
    const dir = tempDir();
    const doc = xgboostDocument({
      objective: 'reg:squarederror',
      baseScore: 0.5,
      numFeature: 2,
      trees: [{ feature: 0, threshold: 1, left: 1, right: 3 }],
    });
    const folder = xgboostModelDir(dir, doc);
    mkdirSync(join(dir, 'artifact'));
    assert.equal(spawnSync('tar', ['-czf', join(dir, 'artifact', 'model.tar.gz'), '-C', folder, '.']).status, 0);
    writeText(join(dir, 'input', 'test.csv'), '7,0.5,9\n8,2,9\n');
    const result = await batchTransform({
      model: join(dir, 'artifact'),
      input: join(dir, 'input'),
      output: join(dir, 'output'),
      options: { accept: 'text/csv', dataProcessing: { inputFilter: '$[1:]', joinSource: 'Input', outputFilter: '$[0,-1]' } },
      home: godwitHome(join(dir, 'home')),
    });
    assert.equal(result.runtime, 'xgboost');
    assert.equal(read(join(dir, 'output', 'test.csv.out')), '7,1.5\n8,3.5\n');
  });
});
