import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JobRecord } from '../../src/jobs/job-records.js';
import type { ImageResolver } from '../../src/jobs/kinds/training-image.js';
import { objectIn, storeForUri } from '../../src/store/index.js';
import { hasPython, sklearnMissing } from '../contracts/helpers.js';
import { scratchDir } from '../helpers/scratch.js';
import { type TrainingHarness, trainingHarness } from './training-harness.js';
import { trainingRequest } from './training-request.js';

const REPO = join(import.meta.dirname, '..', '..');

// A bring-your-own-container training program, started as SageMaker starts an image: `<image> train`.
const TRAIN = `#!/usr/bin/python3
import json, os, sys
ml = lambda p: os.path.join(os.environ.get('GODWIT_WORKSPACE', '/opt/ml'), p)
assert sys.argv[1] == 'train', sys.argv
for name in ('train', 'validation', 'test'):
    folder = os.environ['SM_CHANNEL_' + name.upper()]
    print('channel %s: %s' % (name, ','.join(sorted(os.listdir(folder)))), flush=True)
print('hyperparameters.json ' + open(ml('input/config/hyperparameters.json')).read().strip())
print('MY_SETTING=' + os.environ.get('MY_SETTING', '?'))
for epoch, value in enumerate([3.5, 2.5, 2.25]):
    print('[%d] train-rmse:%s validation-rmse:%s' % (epoch, value + 0.5, value), flush=True)
ckpt = ml('checkpoints')
print('restored checkpoints: ' + ','.join(sorted(os.listdir(ckpt))))
open(os.path.join(ckpt, 'epoch-3.txt'), 'w').write('3')
open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.txt'), 'w').write('weights')
open(os.path.join(os.environ['SM_OUTPUT_DATA_DIR'], 'report.txt'), 'w').write('done')
`;

const FAIL = `import os
out = os.environ['SM_OUTPUT_DIR']
open(os.path.join(out, 'failure'), 'w').write('bad data: no rows in channel train')
raise SystemExit(1)
`;

const SLOW = 'import time\ntime.sleep(30)\n';

describe('training jobs run through the executor', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  let h: TrainingHarness;
  let images: string;
  let localData: string;
  before(async () => {
    h = await trainingHarness();
    images = scratchDir('godwit-training-images-');
    writeFileSync(join(images, 'train'), TRAIN);
    chmodSync(join(images, 'train'), 0o755);
    writeFileSync(join(images, 'fail.py'), FAIL);
    writeFileSync(join(images, 'slow.py'), SLOW);
    localData = scratchDir('godwit-training-data-');
    writeFileSync(join(localData, 'validation.csv'), '1,2\n');
    const data = await storeForUri('s3://data', h.storeOptions);
    await data.put('abalone/train/part-1.csv', '1,2\n');
    await data.put('abalone/train/part-2.csv', '3,4\n');
    const bucket = await storeForUri('gs://offline', h.storeOptions);
    await bucket.put('test/test.csv', '5,6\n');
    const checkpoints = await storeForUri('s3://models', h.storeOptions);
    await checkpoints.put('ckpt/abalone-byoc/epoch-2.txt', '2');
  });
  after(async () => h?.close());

  const channels = () => [
    { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/abalone/train/' } } },
    {
      ChannelName: 'validation',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `file://${localData}/validation.csv` } },
    },
    { ChannelName: 'test', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 'gs://offline/test' } } },
  ];

  test('channels from s3://, file:// and gs://; model.tar.gz and output.tar.gz under the output path; final metrics; checkpoints', async () => {
    const { outcome, result, log } = await h.run(
      trainingRequest({
        TrainingJobName: 'abalone-byoc',
        AlgorithmSpecification: {
          TrainingImage: `file://${join(images, 'train')}`,
          TrainingInputMode: 'File',
          MetricDefinitions: [
            { Name: 'train:rmse', Regex: 'train-rmse:([0-9.]+)' },
            { Name: 'validation:rmse', Regex: 'validation-rmse:([0-9.]+)' },
          ],
        },
        InputDataConfig: channels(),
        OutputDataConfig: { S3OutputPath: 's3://models/abalone/' },
        HyperParameters: { num_round: '5', objective: 'reg:squarederror' },
        Environment: { MY_SETTING: 'on' },
        CheckpointConfig: { S3Uri: 's3://models/ckpt/abalone-byoc' },
      }),
    );
    assert.equal(outcome.status, 'succeeded', `${outcome.error}\n${log}`);
    assert.match(log, /channel train: part-1\.csv,part-2\.csv/);
    assert.match(log, /channel validation: validation\.csv/);
    assert.match(log, /channel test: test\.csv/);
    // A container without script mode gets the hyperparameters exactly as sent.
    assert.match(log, /hyperparameters\.json \{"num_round": ?"5", ?"objective": ?"reg:squarederror"\}/);
    assert.match(log, /MY_SETTING=on/);
    assert.match(log, /restored checkpoints: epoch-2\.txt/);

    const modelUri = 's3://models/abalone/abalone-byoc/output/model.tar.gz';
    assert.deepEqual(result.ModelArtifacts, { S3ModelArtifacts: modelUri });
    const unpacked = scratchDir('godwit-training-model-');
    await fetchTo(modelUri, join(unpacked, 'model.tar.gz'));
    await fetchTo('s3://models/abalone/abalone-byoc/output/output.tar.gz', join(unpacked, 'output.tar.gz'));
    for (const archive of ['model.tar.gz', 'output.tar.gz']) {
      const r = spawnSync('tar', ['-xzf', archive], { cwd: unpacked });
      assert.equal(r.status, 0, String(r.stderr));
    }
    assert.equal(readFileSync(join(unpacked, 'model.txt'), 'utf8'), 'weights');
    assert.equal(readFileSync(join(unpacked, 'report.txt'), 'utf8'), 'done');

    const metrics = result.FinalMetricDataList as { MetricName: string; Value: number; Timestamp: number }[];
    assert.deepEqual(metrics.map((m) => [m.MetricName, m.Value]).sort(), [
      ['train:rmse', 2.75],
      ['validation:rmse', 2.25],
    ]);
    assert.ok(metrics.every((m) => m.Timestamp > Date.now() / 1000 - 600 && m.Timestamp <= Date.now() / 1000));
    assert.ok(Number(result.TrainingTimeInSeconds) >= 1 && result.BillableTimeInSeconds === result.TrainingTimeInSeconds);
    const ckpt = await storeForUri('s3://models', h.storeOptions);
    assert.deepEqual(
      (await ckpt.list('ckpt/abalone-byoc/')).map((o) => o.key),
      ['ckpt/abalone-byoc/epoch-2.txt', 'ckpt/abalone-byoc/epoch-3.txt'],
    );
  });

  test('a script that fails reports /opt/ml/output/failure as SageMaker does, and Describe shows it', async () => {
    const { outcome, result, job } = await h.run(
      trainingRequest({
        TrainingJobName: 'abalone-fails',
        AlgorithmSpecification: { TrainingImage: join(images, 'fail.py'), TrainingInputMode: 'File' },
        InputDataConfig: channels().slice(0, 1),
      }),
    );
    assert.equal(outcome.status, 'failed');
    assert.equal(result.FailureReason, 'AlgorithmError: bad data: no rows in channel train, exit code: 1');
    assert.equal(result.ModelArtifacts, undefined);
    const failed: JobRecord = { ...job, status: 'Failed', failureReason: outcome.error, result, endedAt: new Date() };
    const described = h.spec.describe(failed, 'us-east-1');
    assert.equal(described.TrainingJobStatus, 'Failed');
    assert.equal(described.FailureReason, 'AlgorithmError: bad data: no rows in channel train, exit code: 1');
    assert.equal(described.TrainingJobArn, 'arn:aws:sagemaker:us-east-1:000000000000:training-job/abalone-fails');
    await assert.rejects(fetchTo('s3://models/abalone/abalone-fails/output/model.tar.gz', join(scratchDir('x-'), 'm')), {
      code: 'E_NOT_FOUND',
    });
  });

  test('MaxRuntimeInSeconds is the step timeout: a script that runs longer is ended', async () => {
    const { outcome } = await h.run(
      trainingRequest({
        TrainingJobName: 'abalone-slow',
        AlgorithmSpecification: { TrainingImage: join(images, 'slow.py'), TrainingInputMode: 'File' },
        InputDataConfig: [],
        StoppingCondition: { MaxRuntimeInSeconds: 1 },
      }),
    );
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /time|1 s/i);
  });

  test('an image no map knows is refused naming the image', async () => {
    await assert.rejects(
      h.run(
        trainingRequest({
          TrainingJobName: 'abalone-unknown',
          AlgorithmSpecification: { TrainingImage: 'example.com/mine:1', TrainingInputMode: 'File' },
        }),
      ),
      { type: 'ValidationException', message: /TrainingImage example\.com\/mine:1 is not mapped to a local program/ },
    );
  });

  async function fetchTo(uri: string, path: string): Promise<void> {
    const { store, key } = await objectIn(uri, h.storeOptions);
    await store.getToFile(key, path);
  }
});

// The abalone example's scikit-learn script in script mode, as SageMaker's scikit-learn image runs
// it: the image map stages the code (here a resolver standing in for it) and the toolkit's
// hyperparameters reach the script as --name value.
describe('a script-mode training job trains abalone with scikit-learn', { skip: sklearnMissing() ?? false }, () => {
  let h: TrainingHarness;
  let data: string;
  before(async () => {
    h = await trainingHarness();
    data = scratchDir('godwit-training-abalone-');
    const rows = readFileSync(join(REPO, 'examples/abalone/data/abalone.csv'), 'utf8').trim().split('\n').slice(0, 600);
    const numeric = rows.map((line) => {
      const [sex, ...rest] = line.split(',');
      const rings = rest.pop();
      return [rings, sex === 'F' ? 1 : 0, sex === 'I' ? 1 : 0, sex === 'M' ? 1 : 0, ...rest].join(',');
    });
    for (const [name, part] of [
      ['train', numeric.slice(0, 500)],
      ['validation', numeric.slice(500)],
    ] as const) {
      mkdirSync(join(data, name));
      writeFileSync(join(data, name, `${name}.csv`), `${part.join('\n')}\n`);
    }
  });
  after(async () => h?.close());

  const sklearnImage: ImageResolver = async (_image, _use, _config, hyperparameters, context) => {
    assert.equal(hyperparameters.sagemaker_program, '"train_sklearn.py"');
    mkdirSync(join(context.stagingDir, 'code'), { recursive: true });
    cpSync(join(REPO, 'examples/abalone-sklearn/code/train_sklearn.py'), join(context.stagingDir, 'code/train_sklearn.py'));
    return {
      mappedBy: 'test: sagemaker-scikit-learn',
      process: { command: ['python3'], code: 'code', entryPoint: 'train_sklearn.py', contract: 'sagemaker' },
      hyperparameters: {},
      metricDefinitions: [],
    };
  };

  test('metrics from its log, the model as model.tar.gz, spot times', async () => {
    const { outcome, result, log } = await h.run(
      trainingRequest({
        TrainingJobName: 'abalone-sklearn',
        AlgorithmSpecification: {
          TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
          TrainingInputMode: 'File',
          MetricDefinitions: [{ Name: 'validation:rmse', Regex: 'validation-rmse:([0-9.]+)' }],
        },
        InputDataConfig: ['train', 'validation'].map((name) => ({
          ChannelName: name,
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `file://${join(data, name)}` } },
        })),
        OutputDataConfig: { S3OutputPath: `file://${join(h.root, 'out')}` },
        HyperParameters: {
          num_round: '20',
          max_depth: '3',
          eta: '0.2',
          objective: '"reg:squarederror"',
          sagemaker_program: '"train_sklearn.py"',
          sagemaker_submit_directory: '"s3://code/sourcedir.tar.gz"',
        },
        EnableManagedSpotTraining: true,
        StoppingCondition: { MaxRuntimeInSeconds: 600, MaxWaitTimeInSeconds: 1200 },
      }),
      sklearnImage,
    );
    assert.equal(outcome.status, 'succeeded', `${outcome.error}\n${log}`);
    assert.match(log, /--max_depth 3 --num_round 20 --objective reg:squarederror/);
    assert.match(log, /\[19\]\ttrain-rmse:/);
    const [metric] = result.FinalMetricDataList as { MetricName: string; Value: number }[];
    assert.equal(metric.MetricName, 'validation:rmse');
    assert.ok(metric.Value > 0.5 && metric.Value < 5, String(metric.Value));
    const modelUri = `file://${join(h.root, 'out')}/abalone-sklearn/output/model.tar.gz`;
    assert.deepEqual(result.ModelArtifacts, { S3ModelArtifacts: modelUri });
    const listing = spawnSync('tar', ['-tzf', join(h.root, 'out/abalone-sklearn/output/model.tar.gz')], { encoding: 'utf8' });
    assert.match(listing.stdout, /model\.joblib/);
    assert.ok(Number(result.BillableTimeInSeconds) >= 1 && Number(result.TrainingTimeInSeconds) >= 1);
  });
});
