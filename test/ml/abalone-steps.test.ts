import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseNumericCsv } from '../../src/ml/csv.js';
import { loadLinearModel, predict, trainLinearLearner } from '../../src/ml/linear-learner.js';
import { tempDir, writeText } from './helpers.js';

const root = new URL('../../', import.meta.url).pathname;
const steps = join(root, 'examples', 'abalone', 'steps');
const abalone = join(root, 'examples', 'abalone', 'data', 'abalone.csv');

/** Runs a step script as a child process, the way Godwit's runtime does: paths in GODWIT_* variables. */
function runStep(script: string, env: Record<string, string>, args: string[] = []) {
  const r = spawnSync(process.execPath, [join(steps, script), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function preprocess(seed: number, rawFile = abalone) {
  const dir = tempDir('godwit-abalone-');
  mkdirSync(join(dir, 'raw'));
  copyFileSync(rawFile, join(dir, 'raw', 'abalone.csv'));
  const env = {
    GODWIT_INPUT_RAW: join(dir, 'raw'),
    GODWIT_OUTPUT_TRAIN: join(dir, 'train'),
    GODWIT_OUTPUT_VALIDATION: join(dir, 'validation'),
    GODWIT_OUTPUT_TEST: join(dir, 'test'),
    GODWIT_OUTPUT_BATCH: join(dir, 'batch'),
  };
  return { dir, env, result: runStep('preprocess.mjs', env, ['--seed', String(seed)]) };
}

const table = (path: string) => parseNumericCsv(readFileSync(path, 'utf8'), path);
const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

describe('abalone step scripts', () => {
  test('preprocess: one-hot sex, standardised measurements, label first, 70/15/15 split and batch features', () => {
    const { dir, result } = preprocess(42);
    assert.equal(result.code, 0, result.stderr);
    const rawRows = lines(abalone).length;
    const train = table(join(dir, 'train', 'train.csv'));
    const validation = table(join(dir, 'validation', 'validation.csv'));
    const test = table(join(dir, 'test', 'test.csv'));
    const batch = table(join(dir, 'batch', 'batch.csv'));
    assert.equal(train.rows + validation.rows + test.rows, rawRows);
    assert.equal(train.rows, Math.floor(0.7 * rawRows));
    assert.equal(validation.rows, Math.floor(0.85 * rawRows) - Math.floor(0.7 * rawRows));
    assert.equal(train.cols, 11);
    assert.equal(batch.cols, 10);
    assert.deepEqual(
      lines(join(dir, 'batch', 'batch.csv')),
      lines(join(dir, 'test', 'test.csv')).map((l) => l.slice(l.indexOf(',') + 1)),
    );
    assert.match(
      result.stdout,
      new RegExp(`${rawRows} rows .* train ${train.rows}, validation ${validation.rows}, test ${test.rows}`),
    );

    // Over all rows: the 7 measurements have mean 0 and standard deviation 1; the 3 sex columns are one-hot.
    const all = [train, validation, test].flatMap((t) =>
      Array.from({ length: t.rows }, (_, r) => Array.from(t.data.subarray(r * 11, r * 11 + 11))),
    );
    for (let c = 1; c <= 7; c++) {
      const mean = all.reduce((s, row) => s + row[c], 0) / all.length;
      const std = Math.sqrt(all.reduce((s, row) => s + (row[c] - mean) ** 2, 0) / all.length);
      assert.ok(Math.abs(mean) < 1e-9 && Math.abs(std - 1) < 1e-9, `column ${c}: mean ${mean}, std ${std}`);
    }
    assert.ok(all.every((row) => row[8] + row[9] + row[10] === 1 && row.slice(8).every((v) => v === 0 || v === 1)));
    // The first raw row (M, ..., 7 rings) keeps its label and its M column.
    assert.ok(all.some((row) => row[0] === 7 && row[10] === 1));
  });

  test('preprocess: the same seed gives the same split, another seed another one', () => {
    const a = preprocess(7);
    const b = preprocess(7);
    const c = preprocess(8);
    const trainOf = (dir: string) => readFileSync(join(dir, 'train', 'train.csv'), 'utf8');
    assert.equal(trainOf(a.dir), trainOf(b.dir));
    assert.notEqual(trainOf(a.dir), trainOf(c.dir));
  });

  test('preprocess: the input may be the CSV file itself rather than its folder', () => {
    const dir = tempDir();
    const r = runStep('preprocess.mjs', {
      GODWIT_INPUT_RAW: abalone,
      GODWIT_OUTPUT_TRAIN: join(dir, 'train'),
      GODWIT_OUTPUT_VALIDATION: join(dir, 'validation'),
      GODWIT_OUTPUT_TEST: join(dir, 'test'),
      GODWIT_OUTPUT_BATCH: join(dir, 'batch'),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lines(join(dir, 'train', 'train.csv')).length, Math.floor(0.7 * lines(abalone).length));
  });

  test('preprocess: no CSV in the input, or a malformed row, exits non-zero naming the problem', () => {
    const empty = tempDir();
    const none = runStep('preprocess.mjs', { GODWIT_INPUT_RAW: empty, GODWIT_OUTPUT_TRAIN: join(empty, 't') });
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /has no \.csv file/);

    const bad = writeText(
      join(tempDir(), 'bad.csv'),
      'M,0.35,0.265,0.09,0.2255,0.0995,0.0485,0.07,7\nX,0.53,0.42,0.135,0.677,0.2565,0.1415,0.21,9\n',
    );
    const sex = preprocess(1, bad).result;
    assert.notEqual(sex.code, 0);
    assert.match(sex.stderr, /abalone\.csv, line 2: sex is "X", expected M, F or I/);

    const short = writeText(join(tempDir(), 'short.csv'), 'M,0.35,0.265\n');
    assert.match(preprocess(1, short).result.stderr, /line 1: expected 9 columns .* found 3/);
  });

  test('end to end: preprocess → linear learner → evaluate gives a test MSE within the pipeline threshold', async () => {
    const { dir } = preprocess(42);
    const { metrics } = await trainLinearLearner({
      channels: { train: join(dir, 'train'), validation: join(dir, 'validation') },
      hyperparameters: { predictor_type: 'regressor', wd: 0.01 },
      modelDir: join(dir, 'model'),
    });
    assert.ok(metrics['validation:mse'] < 6);
    const env = {
      GODWIT_INPUT_MODEL: join(dir, 'model'),
      GODWIT_INPUT_TEST: join(dir, 'test'),
      GODWIT_OUTPUT_EVALUATION: join(dir, 'evaluation'),
    };
    const r = runStep('evaluate.mjs', env);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(join(dir, 'evaluation', 'evaluation.json'), 'utf8'));
    assert.deepEqual(Object.keys(report), ['regression_metrics']);
    assert.deepEqual(Object.keys(report.regression_metrics.mse).sort(), ['standard_deviation', 'value']);
    const mse = report.regression_metrics.mse.value;
    assert.ok(mse <= 6.0, `test MSE ${mse}`);
    assert.match(r.stdout, /test MSE/);

    // The script's numbers match Godwit's own scoring of the same model: MSE and np.std(y − ŷ).
    const model = await loadLinearModel(join(dir, 'model'));
    const test = table(join(dir, 'test', 'test.csv'));
    const residuals = Array.from({ length: test.rows }, (_, r) => {
      const row = test.data.subarray(r * 11, r * 11 + 11);
      return row[0] - predict(model, row.subarray(1)).score;
    });
    const expectedMse = residuals.reduce((s, e) => s + e * e, 0) / residuals.length;
    const mean = residuals.reduce((s, e) => s + e, 0) / residuals.length;
    const expectedStd = Math.sqrt(residuals.reduce((s, e) => s + (e - mean) ** 2, 0) / residuals.length);
    assert.ok(Math.abs(mse - expectedMse) < 1e-9);
    assert.ok(Math.abs(report.regression_metrics.mse.standard_deviation - expectedStd) < 1e-9);
  });

  test('evaluate reads the model from model.tar.gz, as SageMaker hands a trained model to a processing step', async () => {
    const { dir } = preprocess(42);
    await trainLinearLearner({
      channels: { train: join(dir, 'train') },
      hyperparameters: { predictor_type: 'regressor', wd: 0.01 },
      modelDir: join(dir, 'model'),
    });
    const packed = join(dir, 'packed');
    mkdirSync(packed);
    const tar = spawnSync('tar', ['-czf', join(packed, 'model.tar.gz'), '-C', join(dir, 'model'), '.']);
    assert.equal(tar.status, 0, String(tar.stderr));
    const evaluate = (modelDir: string, out: string) => {
      const r = runStep('evaluate.mjs', {
        GODWIT_INPUT_MODEL: modelDir,
        GODWIT_INPUT_TEST: join(dir, 'test'),
        GODWIT_OUTPUT_EVALUATION: join(dir, out),
      });
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(readFileSync(join(dir, out, 'evaluation.json'), 'utf8'));
    };
    assert.deepEqual(evaluate(packed, 'from-tar'), evaluate(join(dir, 'model'), 'from-folder'));
  });

  test('evaluate: a model.tar.gz that is not an archive is explained', () => {
    const dir = tempDir();
    writeText(join(dir, 'model', 'model.tar.gz'), 'x');
    writeText(join(dir, 'test', 'test.csv'), '1,2\n');
    const r = runStep('evaluate.mjs', {
      GODWIT_INPUT_MODEL: join(dir, 'model'),
      GODWIT_INPUT_TEST: join(dir, 'test'),
      GODWIT_OUTPUT_EVALUATION: join(dir, 'e'),
    });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /model\.tar\.gz is not a gzip-compressed tar archive/);
  });
});
