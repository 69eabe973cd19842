import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AwsError } from '../../src/server/aws/aws-error.js';
import { storeForUri } from '../../src/store/index.js';
import { sklearnMissing } from '../contracts/helpers.js';
import { type KindHarness, kindHarness } from './kind-harness.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/jobs/', import.meta.url));
const ABALONE = fileURLToPath(new URL('../../examples/abalone/data/abalone.csv', import.meta.url));
const missing = sklearnMissing();

/** A request as the SageMaker SDK's SKLearnProcessor sends it, with `overrides` merged in. */
function request(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ProcessingJobName: name,
    RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
    AppSpecification: {
      ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/split_abalone.py'],
      ContainerArguments: ['--test-fraction', '0.25'],
    },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
    Environment: { MODE: 'split' },
    ProcessingInputs: [
      input('raw', 's3://data/raw/', '/opt/ml/processing/input/raw'),
      input('code', pathToFileURL(join(FIXTURES, 'split_abalone.py')).href, '/opt/ml/processing/input/code'),
      input('extra', 'gs://offline/extra', '/opt/ml/processing/input/extra'),
    ],
    ProcessingOutputConfig: {
      Outputs: [
        {
          OutputName: 'train',
          S3Output: { S3Uri: 's3://results/split/train', LocalPath: '/opt/ml/processing/train', S3UploadMode: 'EndOfJob' },
        },
        {
          OutputName: 'test',
          S3Output: { S3Uri: 's3://results/split/test/', LocalPath: '/opt/ml/processing/test', S3UploadMode: 'EndOfJob' },
        },
      ],
    },
    ...overrides,
  };
}

function input(name: string, uri: string, localPath: string) {
  return {
    InputName: name,
    AppManaged: false,
    S3Input: {
      S3Uri: uri,
      LocalPath: localPath,
      S3DataType: 'S3Prefix',
      S3InputMode: 'File',
      S3DataDistributionType: 'FullyReplicated',
      S3CompressionType: 'None',
    },
  };
}

describe('processing jobs run through the executor', { skip: missing ?? false }, () => {
  let h: KindHarness;
  before(async () => {
    h = await kindHarness('processing');
    const data = await storeForUri('s3://data', h.storeOptions);
    await data.putFile('raw/abalone.csv', ABALONE);
    const offline = await storeForUri('gs://offline', h.storeOptions);
    await offline.put('extra/notes.txt', 'from gs\n');
  });
  after(async () => h?.close());

  test('a scikit-learn script splits s3:// data; outputs land at their S3Uris; the contract describes the job', async () => {
    const r = await h.run(request('split-1'));
    assert.equal(r.outcome.status, 'succeeded', `${r.outcome.error}\n${r.log}`);
    assert.match(r.log, /split \d+ rows: \d+ train, \d+ test/);
    const results = await storeForUri('s3://results', h.storeOptions);
    const keys = (await results.list('split/')).map((o) => o.key).sort();
    assert.deepEqual(keys, ['split/test/nested/test.csv', 'split/train/job.json', 'split/train/train.csv']);
    const job = JSON.parse((await results.get('split/train/job.json')).toString('utf8'));
    const rows = readFileSync(ABALONE, 'utf8').trim().split('\n').length;
    // processingjobconfig.json names the run's step job (`split-1-split-1-<run id>`), unique per run.
    assert.match(job.name, /^split-1-/);
    assert.deepEqual({ ...job, name: undefined }, { name: undefined, rows, mode: 'split', extra: ['notes.txt'] });
    const test = (await results.get('split/test/nested/test.csv')).toString('utf8').trim().split('\n');
    assert.equal(test.length, Math.ceil(rows * 0.25));
    assert.equal(r.result.FailureReason, undefined);

    const described = h.spec.describe(h.ended(r, 'Completed'), 'eu-west-1');
    assert.equal(described.ProcessingJobArn, 'arn:aws:sagemaker:eu-west-1:000000000000:processing-job/split-1');
    assert.equal(described.ProcessingJobStatus, 'Completed');
    assert.deepEqual(described.AppSpecification, request('split-1').AppSpecification);
    assert.deepEqual(described.ProcessingInputs, request('split-1').ProcessingInputs);
    assert.equal(typeof described.ProcessingStartTime, 'number');
    assert.equal(typeof described.ProcessingEndTime, 'number');
    const summary = h.spec.summary(h.ended(r, 'Completed'), 'eu-west-1');
    assert.deepEqual(Object.keys(summary).sort(), [
      'CreationTime',
      'LastModifiedTime',
      'ProcessingEndTime',
      'ProcessingJobArn',
      'ProcessingJobName',
      'ProcessingJobStatus',
    ]);
  });

  test('outputs to file:// land in that folder', async () => {
    const folder = join(h.root, 'local-out');
    const r = await h.run(
      request('split-2', {
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'train',
              S3Output: {
                S3Uri: pathToFileURL(join(folder, 'train')).href,
                LocalPath: '/opt/ml/processing/train',
                S3UploadMode: 'EndOfJob',
              },
            },
            {
              OutputName: 'test',
              S3Output: {
                S3Uri: pathToFileURL(join(folder, 'test')).href,
                LocalPath: '/opt/ml/processing/test',
                S3UploadMode: 'EndOfJob',
              },
            },
          ],
        },
      }),
    );
    assert.equal(r.outcome.status, 'succeeded', `${r.outcome.error}\n${r.log}`);
    assert.ok(existsSync(join(folder, 'train', 'train.csv')));
    assert.ok(existsSync(join(folder, 'test', 'nested', 'test.csv')));
  });

  test('a failing script: FailureReason and ExitMessage from /opt/ml/output/failure, nothing uploaded', async () => {
    const r = await h.run(
      request('fails-1', {
        AppSpecification: {
          ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
          ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/fail_processing.py'],
        },
        ProcessingInputs: [
          input('code', pathToFileURL(join(FIXTURES, 'fail_processing.py')).href, '/opt/ml/processing/input/code'),
        ],
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'out',
              S3Output: { S3Uri: 's3://results/fails-1/', LocalPath: '/opt/ml/processing/out', S3UploadMode: 'EndOfJob' },
            },
          ],
        },
      }),
    );
    assert.equal(r.outcome.status, 'failed');
    assert.match(
      String(r.result.FailureReason),
      /^AlgorithmError: ValueError: column 'rings' is missing from the input, exit code: 3$/,
    );
    assert.equal(r.result.ExitMessage, "ValueError: column 'rings' is missing from the input");
    const results = await storeForUri('s3://results', h.storeOptions);
    assert.deepEqual(await results.list('fails-1/'), []);
    const described = h.spec.describe(h.ended(r, 'Failed'), 'us-east-1');
    assert.equal(described.FailureReason, r.result.FailureReason);
    assert.equal(described.ExitMessage, r.result.ExitMessage);
  });

  test('MaxRuntimeInSeconds ends a script that runs too long', async () => {
    const r = await h.run(
      request('slow-1', {
        AppSpecification: {
          ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
          ContainerEntrypoint: ['python3', '-c', 'import time; time.sleep(60)'],
        },
        StoppingCondition: { MaxRuntimeInSeconds: 1 },
        ProcessingInputs: [],
        ProcessingOutputConfig: undefined,
      }),
    );
    assert.equal(r.outcome.status, 'failed');
    assert.match(String(r.result.FailureReason), /AlgorithmError: .*(timed out|time)/i);
  });

  test('an image with no ContainerEntrypoint that is not mapped fails the plan, naming the image', async () => {
    await assert.rejects(
      h.run(request('unmapped-1', { AppSpecification: { ImageUri: 'example.com/team/private-image:7' } })),
      (err: unknown) =>
        err instanceof AwsError && err.type === 'ValidationException' && /example\.com\/team\/private-image:7/.test(err.message),
    );
  });
});
