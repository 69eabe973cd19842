import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { GodwitError } from '../../src/core/errors.js';
import { transformCsv } from '../../src/ml/batch-transform.js';
import { type LinearModel, predict, saveLinearModel } from '../../src/ml/linear-learner.js';
import { entryPoint } from '../cli/entry-point.js';
import { collector, tempDir, writeText } from './helpers.js';

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
  return { dir, modelDir: join(dir, 'model'), inputDir: join(dir, 'input'), outputDir: join(dir, 'output') };
}

const read = (path: string) => readFileSync(path, 'utf8');

describe('batch transform', () => {
  test('writes F.out per input file, nested paths kept, one score per record', async () => {
    const s = await setup(regressor, { 'batch.csv': '1,2\n3,4\n\n', 'part/b.csv': '0,0\n' });
    const result = await transformCsv({ ...s, contentType: 'text/csv', splitType: 'Line' });
    assert.equal(result.records, 3);
    assert.deepEqual(
      result.files.map((f) => f.output),
      [join(s.outputDir, 'batch.csv.out'), join(s.outputDir, 'part', 'b.csv.out')],
    );
    assert.equal(
      read(join(s.outputDir, 'batch.csv.out')),
      `${predict(regressor, [1, 2]).score}\n${predict(regressor, [3, 4]).score}\n`,
    );
    assert.equal(read(join(s.outputDir, 'part', 'b.csv.out')), '0.5\n');
  });

  test('splitType None gives the same predictions as Line for CSV', async () => {
    const s = await setup(regressor, { 'a.csv': '1,2\n3,4\n' });
    await transformCsv({ ...s, splitType: 'None' });
    assert.equal(read(join(s.outputDir, 'a.csv.out')), '0.5\n2.5\n');
  });

  test('a classifier writes predicted_label,score in CSV', async () => {
    const s = await setup(classifier, { 'a.csv': '1,0\n0,3\n' });
    await transformCsv(s);
    const rows = read(join(s.outputDir, 'a.csv.out'))
      .trim()
      .split('\n')
      .map((l) => l.split(',').map(Number));
    assert.deepEqual(
      rows.map((r) => r[0]),
      [1, 0],
    );
    assert.ok(Math.abs(rows[0][1] - 1 / (1 + Math.exp(-2.5))) < 1e-15);
    assert.ok(Math.abs(rows[1][1] - 1 / (1 + Math.exp(2.5))) < 1e-15);
  });

  test('accept application/jsonlines and application/json follow SageMaker linear-learner responses', async () => {
    const s = await setup(classifier, { 'a.csv': '1,0\n' });
    await transformCsv({ ...s, accept: 'application/jsonlines' });
    const line = JSON.parse(read(join(s.outputDir, 'a.csv.out')));
    assert.deepEqual(Object.keys(line).sort(), ['predicted_label', 'score']);
    assert.equal(line.predicted_label, 1);
    await transformCsv({ ...s, accept: 'application/json' });
    const doc = JSON.parse(read(join(s.outputDir, 'a.csv.out')));
    assert.equal(doc.predictions.length, 1);
    assert.equal(doc.predictions[0].score, line.score);
  });

  test('an empty input file gives an empty output file', async () => {
    const s = await setup(regressor, { 'empty.csv': '' });
    assert.equal((await transformCsv(s)).records, 0);
    assert.equal(read(join(s.outputDir, 'empty.csv.out')), '');
  });

  test('a feature-count mismatch names the file and line, and spots a leftover label column', async () => {
    const s = await setup(regressor, { 'a.csv': '\n9,1,2\n' });
    await assert.rejects(transformCsv(s), (err: GodwitError) => {
      assert.equal(err.code, 'E_DATA_FORMAT');
      assert.match(err.message, /a\.csv, line 2: the record has 3 features, but the model expects 2/);
      assert.match(err.hint ?? '', /drop the label column/);
      return true;
    });
    const ragged = await setup(regressor, { 'a.csv': '1,2\n3\n' });
    await assert.rejects(transformCsv(ragged), /a\.csv, line 2: the row has 1 columns/);
  });

  test('a model it cannot run is E_MODEL_FORMAT naming the model folder', async () => {
    const dir = tempDir();
    writeText(join(dir, 'model', 'xgboost-model'), 'binary');
    writeText(join(dir, 'input', 'a.csv'), '1,2\n');
    await assert.rejects(
      transformCsv({ modelDir: join(dir, 'model'), inputDir: join(dir, 'input'), outputDir: join(dir, 'out') }),
      (err: GodwitError) =>
        err.code === 'E_MODEL_FORMAT' && err.message.includes(join(dir, 'model')) && /xgboost-model/.test(err.message),
    );
  });

  test('content types and split types it cannot handle are refused up front', async () => {
    const s = await setup(regressor, { 'a.csv': '1,2\n' });
    await assert.rejects(
      transformCsv({ ...s, contentType: 'application/x-recordio-protobuf' }),
      /reads text\/csv, not "application\/x-recordio-protobuf"/,
    );
    await assert.rejects(transformCsv({ ...s, splitType: 'RecordIO' }), /Split type "RecordIO" is not supported/);
    await assert.rejects(transformCsv({ ...s, accept: 'text/libsvm' }), /cannot answer with "text\/libsvm"/);
  });

  test('godwit transform runs the same transform from flags and reports a summary', async () => {
    const s = await setup(regressor, { 'a.csv': '1,2\n' });
    const out = collector();
    const code = await runTransformCommand(['--model', s.modelDir, '--input', s.inputDir, '--output', s.outputDir], {
      out: out.log,
    });
    assert.equal(code, 0);
    assert.match(out.lines[0], /Transformed 1 records in 1 files/);
    assert.equal(read(join(s.outputDir, 'a.csv.out')), '0.5\n');
    const err = collector();
    assert.equal(await runTransformCommand(['--model', s.modelDir], { err: err.log }), 2);
    assert.match(err.lines[0], /Missing --input, --output/);
  });
});
