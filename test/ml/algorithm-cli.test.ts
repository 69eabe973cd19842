import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadLinearModel } from '../../src/ml/linear-learner.js';
import { entryPoint } from '../cli/entry-point.js';
import { collector, linearRows, tempDir, writeRows, writeText } from './helpers.js';

const runAlgorithmCommand = entryPoint('algorithm');

const rows = linearRows(200, [1, -2], 3, { noise: 0.1, seed: 60 });

/** Runs the command with a controlled environment and captured output. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out = collector();
  const err = collector();
  // A private root always, so that no test writes to the real /opt/ml.
  const code = await runAlgorithmCommand(argv, {
    env: { GODWIT_ML_ROOT: tempDir('godwit-root-'), ...env },
    out: out.log,
    err: err.log,
  });
  return { code, out: out.lines, err: err.lines };
}

/** A fake /opt/ml: channels under input/data, hyperparameters.json with string values. */
function fakeRoot(hyperparameters: Record<string, string> = { predictor_type: 'regressor', wd: '0.01' }) {
  const root = tempDir('godwit-opt-ml-');
  writeRows(join(root, 'input', 'data', 'train', 'train.csv'), rows.slice(0, 150));
  writeRows(join(root, 'input', 'data', 'validation', 'validation.csv'), rows.slice(150));
  writeText(join(root, 'input', 'config', 'hyperparameters.json'), JSON.stringify(hyperparameters));
  return root;
}

describe('godwit algorithm linear-learner', () => {
  test('explicit flags: channels, model dir and inline hyperparameters', async () => {
    const dir = tempDir();
    writeRows(join(dir, 'train', 'a.csv'), rows);
    const r = await run([
      'linear-learner',
      '--channel',
      `train=${join(dir, 'train')}`,
      '--model-dir',
      join(dir, 'model'),
      '--hyperparameters',
      '{"predictor_type": "regressor"}',
    ]);
    assert.equal(r.code, 0, r.err.join('\n'));
    const model = await loadLinearModel(join(dir, 'model'));
    assert.ok(Math.abs(model.weights[0] - 1) < 0.05 && Math.abs(model.weights[1] + 2) < 0.05);
    assert.ok(r.out.some((l) => /^#quality_metric: host=algo-1, train mse <loss>=/.test(l)));
  });

  test('--json prints metrics on stdout and logs on stderr; --NAME=VALUE sets one hyperparameter', async () => {
    const dir = tempDir();
    writeRows(join(dir, 'train.csv'), rows);
    writeText(join(dir, 'hp.json'), JSON.stringify({ predictor_type: 'regressor' }));
    const r = await run([
      'linear-learner',
      `--channel=train=${join(dir, 'train.csv')}`,
      `--model-dir=${join(dir, 'model')}`,
      '--hyperparameters-file',
      join(dir, 'hp.json'),
      '--wd=0.5',
      '--json',
    ]);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal(r.out.length, 1);
    const result = JSON.parse(r.out[0]);
    assert.ok(result.metrics['train:mse'] > 0);
    assert.equal((await loadLinearModel(join(dir, 'model'))).hyperparameters.wd, 0.5);
    assert.ok(r.err.some((l) => l.startsWith('#quality_metric')));
  });

  test('no flags: follows the container contract under GODWIT_ML_ROOT', async () => {
    const root = fakeRoot();
    const r = await run(['linear-learner'], { GODWIT_ML_ROOT: root });
    assert.equal(r.code, 0, r.err.join('\n'));
    const model = await loadLinearModel(join(root, 'model'));
    assert.equal(model.hyperparameters.wd, 0.01);
    assert.deepEqual(model.trainedOn.channels, { train: 150, validation: 50 });
    assert.ok(r.out.some((l) => /^#quality_metric: host=algo-1, validation mse <loss>=/.test(l)));
    assert.equal(existsSync(join(root, 'output', 'failure')), false);
  });

  test('a failure writes its reason to output/failure and exits non-zero', async () => {
    const root = fakeRoot({ predictor_type: 'regressor', num_models: '32' });
    const r = await run(['linear-learner'], { GODWIT_ML_ROOT: root });
    assert.equal(r.code, 1);
    const reason = readFileSync(join(root, 'output', 'failure'), 'utf8');
    assert.match(reason, /"num_models" is a SageMaker linear-learner hyperparameter that Godwit does not implement/);
    assert.match(r.err[0], /^error: linear-learner hyperparameters/);
  });

  test('SM_CHANNEL_*, SM_MODEL_DIR, SM_HPS, SM_OUTPUT_DIR and SM_CURRENT_HOST are honoured', async () => {
    const root = tempDir();
    const data = tempDir();
    writeRows(join(data, 'tr', 'a.csv'), rows);
    const env = {
      GODWIT_ML_ROOT: root,
      SM_CHANNEL_TRAIN: join(data, 'tr'),
      SM_MODEL_DIR: join(data, 'model-out'),
      SM_HPS: JSON.stringify({ predictor_type: 'regressor', l1: 0.01 }),
      SM_CURRENT_HOST: 'algo-2',
    };
    const r = await run(['linear-learner'], env);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal((await loadLinearModel(join(data, 'model-out'))).solver.name, 'fista');
    assert.ok(r.out.some((l) => l.startsWith('#quality_metric: host=algo-2, train mse')));
    const failed = await run(['linear-learner'], { ...env, SM_HPS: '{}', SM_OUTPUT_DIR: join(data, 'out') });
    assert.equal(failed.code, 1);
    assert.match(readFileSync(join(data, 'out', 'failure'), 'utf8'), /predictor_type is required/);
  });

  test("Vertex AI's AIP_* variables: data URIs with wildcards and the model dir", async () => {
    const root = tempDir();
    const data = tempDir();
    writeRows(join(data, 'training-00000.csv'), rows.slice(0, 100));
    writeRows(join(data, 'training-00001.csv'), rows.slice(100, 150));
    writeRows(join(data, 'validation-00000.csv'), rows.slice(150));
    const env = {
      GODWIT_ML_ROOT: root,
      AIP_DATA_FORMAT: 'csv',
      AIP_TRAINING_DATA_URI: `file://${join(data, 'training-*')}`,
      AIP_VALIDATION_DATA_URI: join(data, 'validation-*'),
      AIP_MODEL_DIR: join(data, 'model'),
    };
    const r = await run(['linear-learner', '--predictor_type=regressor'], env);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual((await loadLinearModel(join(data, 'model'))).trainedOn.channels, { train: 150, validation: 50 });
    const jsonl = await run(['linear-learner', '--predictor_type=regressor'], { ...env, AIP_DATA_FORMAT: 'jsonl' });
    assert.equal(jsonl.code, 1);
    assert.match(jsonl.err[0], /AIP_DATA_FORMAT is "jsonl"/);
  });

  test('a channel declared as RecordIO in inputdataconfig.json is refused', async () => {
    const root = fakeRoot();
    writeText(
      join(root, 'input', 'config', 'inputdataconfig.json'),
      JSON.stringify({ train: { ContentType: 'application/x-recordio-protobuf' } }),
    );
    const r = await run(['linear-learner'], { GODWIT_ML_ROOT: root });
    assert.equal(r.code, 1);
    assert.match(r.err[0], /Channel "train" has content type "application\/x-recordio-protobuf"/);
  });

  test('usage errors exit 2 with a hint; --help shows an example', async () => {
    const root = tempDir();
    const unknown = await run(['xgboost'], { GODWIT_ML_ROOT: root });
    assert.equal(unknown.code, 2);
    assert.match(unknown.err[0], /Unknown algorithm "xgboost"\. Godwit's built-in algorithms: linear-learner/);
    assert.match(readFileSync(join(root, 'output', 'failure'), 'utf8'), /Unknown algorithm "xgboost"/);
    const badFlag = await run(['linear-learner', '--chanel', 'x', '--model-dir', '/tmp/x']);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.err[0], /Unknown option "--chanel"/);
    const badChannel = await run(['linear-learner', '--channel', 'train', '--model-dir', '/tmp/x']);
    assert.match(badChannel.err[0], /--channel needs NAME=PATH, got "train"/);
    const help = await run(['linear-learner', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out[0], /Example:\n {2}godwit algorithm linear-learner --channel train=/);
  });
});
