import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateModelCommand,
  CreateProcessingJobCommand,
  type CreateProcessingJobCommandInput,
  CreateTransformJobCommand,
  type CreateTransformJobCommandInput,
  DescribeProcessingJobCommand,
  DescribeTransformJobCommand,
  ListProcessingJobsCommand,
  ListTransformJobsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { godwitHome } from '../../src/core/home.js';
import { writeTarGz } from '../../src/runtime/contracts/tar.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { PYTHON, sklearnMissing } from '../contracts/helpers.js';
import { OPEN_S3_CREDENTIALS } from '../helpers/open-s3.js';
import { scratchDir } from '../helpers/scratch.js';
import { FIXTURE as ECHO_SERVER } from '../serving/container-fixture.js';
import { writeRegressor } from '../serving/linear-fixture.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/jobs/', import.meta.url));
const SKLEARN_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
const missing = sklearnMissing();

// The official client, unmodified, against a real server: processing and transform jobs run real scripts and models.
describe('processing and transform jobs through @aws-sdk/client-sagemaker', { skip: missing ?? false }, () => {
  const dir = scratchDir('godwit-prockinds-sdk-');
  let server: RunningServer;
  let sm: SageMakerClient;
  let s3: S3Client;
  let restore: () => void;

  const put = (Key: string, Body: Buffer | string) => s3.send(new PutObjectCommand({ Bucket: 'data', Key, Body }));

  before(async () => {
    // The server's jobs run python3 as GODWIT_PYTHON says, as `godwit server` started with it would.
    const saved = process.env.GODWIT_PYTHON;
    process.env.GODWIT_PYTHON = PYTHON;
    restore = () => {
      if (saved === undefined) delete process.env.GODWIT_PYTHON;
      else process.env.GODWIT_PYTHON = saved;
    };
    server = await startServer(godwitHome(join(dir, 'home')), { host: '127.0.0.1', port: 0, log: () => {} });
    const client = { endpoint: server.url, region: 'us-east-1' };
    sm = new SageMakerClient({ ...client, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' } });
    s3 = new S3Client({ ...client, forcePathStyle: true, credentials: OPEN_S3_CREDENTIALS });
    for (const Bucket of ['data', 'results', 'models']) await s3.send(new CreateBucketCommand({ Bucket }));
    await put(
      'raw/abalone.csv',
      readFileSync(fileURLToPath(new URL('../../examples/abalone/data/abalone.csv', import.meta.url))),
    );
    for (const script of ['split_abalone.py', 'fail_processing.py'])
      await put(`code/${script}`, readFileSync(join(FIXTURES, script)));
    await put('extra/notes.txt', 'extra\n');
    await put('batch/a.csv', '1,1\n2,0\n');
    const linear = await writeRegressor([1, 2], 0.5);
    await writeTarGz(linear, join(dir, 'model.tar.gz'));
    await s3.send(
      new PutObjectCommand({ Bucket: 'models', Key: 'linear/model.tar.gz', Body: readFileSync(join(dir, 'model.tar.gz')) }),
    );
  });
  after(async () => {
    sm?.destroy();
    s3?.destroy();
    await server?.stop();
    restore?.();
  });

  const input = (InputName: string, S3Uri: string, LocalPath: string) => ({
    InputName,
    S3Input: { S3Uri, LocalPath, S3DataType: 'S3Prefix' as const, S3InputMode: 'File' as const },
  });
  const processing = (name: string, script: string, args: string[] = []): CreateProcessingJobCommandInput => ({
    ProcessingJobName: name,
    RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
    AppSpecification: {
      ImageUri: SKLEARN_IMAGE,
      ContainerEntrypoint: ['python3', `/opt/ml/processing/input/code/${script}`],
      ...(args.length > 0 ? { ContainerArguments: args } : {}),
    },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
    Environment: { MODE: 'sdk' },
    ProcessingInputs: [
      input('raw', 's3://data/raw', '/opt/ml/processing/input/raw'),
      input('code', `s3://data/code/${script}`, '/opt/ml/processing/input/code'),
      input('extra', 's3://data/extra/', '/opt/ml/processing/input/extra'),
    ],
    ProcessingOutputConfig: {
      Outputs: ['train', 'test'].map((o) => ({
        OutputName: o,
        S3Output: { S3Uri: `s3://results/${name}/${o}`, LocalPath: `/opt/ml/processing/${o}`, S3UploadMode: 'EndOfJob' as const },
      })),
    },
  });

  /** Describes until the status (the output's `field`) is no longer InProgress or Stopping. */
  async function ended<T extends object>(describe: () => Promise<T>, field: keyof T): Promise<T> {
    for (let i = 0; i < 1200; i++) {
      const d = await describe();
      if (!['InProgress', 'Stopping'].includes(String(d[field]))) return d;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${String(field)} never ended`);
  }
  const keys = async (Bucket: string, Prefix: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map((o) => o.Key).sort();

  test('CreateProcessingJob runs the scikit-learn script; outputs are at their S3Uris; Describe and List report it', async () => {
    const created = await sm.send(
      new CreateProcessingJobCommand(processing('sdk-split', 'split_abalone.py', ['--test-fraction', '0.5'])),
    );
    assert.equal(created.ProcessingJobArn, 'arn:aws:sagemaker:us-east-1:000000000000:processing-job/sdk-split');
    const d = await ended(
      () => sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'sdk-split' })),
      'ProcessingJobStatus',
    );
    assert.equal(d.ProcessingJobStatus, 'Completed', d.FailureReason);
    assert.ok(d.ProcessingStartTime instanceof Date && d.ProcessingEndTime instanceof Date);
    assert.deepEqual(d.AppSpecification?.ContainerArguments, ['--test-fraction', '0.5']);
    assert.deepEqual(await keys('results', 'sdk-split/'), [
      'sdk-split/test/nested/test.csv',
      'sdk-split/train/job.json',
      'sdk-split/train/train.csv',
    ]);
    const job = await s3.send(new GetObjectCommand({ Bucket: 'results', Key: 'sdk-split/train/job.json' }));
    const facts = JSON.parse(await (job.Body?.transformToString() ?? ''));
    assert.equal(facts.mode, 'sdk');
    assert.deepEqual(facts.extra, ['notes.txt']);
    const list = await sm.send(new ListProcessingJobsCommand({ NameContains: 'sdk-split' }));
    assert.equal(list.ProcessingJobSummaries?.[0]?.ProcessingJobStatus, 'Completed');
    assert.equal(list.ProcessingJobSummaries?.[0]?.ProcessingJobName, 'sdk-split');
  });

  test('a failing script: Failed, with FailureReason and ExitMessage from /opt/ml/output/failure', async () => {
    await sm.send(new CreateProcessingJobCommand(processing('sdk-fails', 'fail_processing.py')));
    const d = await ended(
      () => sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'sdk-fails' })),
      'ProcessingJobStatus',
    );
    assert.equal(d.ProcessingJobStatus, 'Failed');
    assert.equal(d.FailureReason, "AlgorithmError: ValueError: column 'rings' is missing from the input, exit code: 3");
    assert.equal(d.ExitMessage, "ValueError: column 'rings' is missing from the input");
  });

  /** A processing job running `python3 -c <code>`, with the outputs named (LocalPath /opt/ml/processing/<name>). */
  const inline = (name: string, code: string, outputs: string[], seconds = 600): CreateProcessingJobCommandInput => ({
    ...processing(name, 'split_abalone.py'),
    AppSpecification: { ImageUri: SKLEARN_IMAGE, ContainerEntrypoint: ['python3', '-c', code] },
    ProcessingInputs: [],
    ProcessingOutputConfig: {
      Outputs: outputs.map((o) => ({
        OutputName: o,
        S3Output: { S3Uri: `s3://results/${name}/${o}`, LocalPath: `/opt/ml/processing/${o}`, S3UploadMode: 'EndOfJob' as const },
      })),
    },
    StoppingCondition: { MaxRuntimeInSeconds: seconds },
  });

  test('an output whose LocalPath is empty at the end: nothing uploaded for it, and the job still Completed', async () => {
    const code = "open('/opt/ml/processing/full/a.txt', 'w').write('a')";
    await sm.send(new CreateProcessingJobCommand(inline('sdk-empty-out', code, ['full', 'empty'])));
    const d = await ended(
      () => sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'sdk-empty-out' })),
      'ProcessingJobStatus',
    );
    assert.equal(d.ProcessingJobStatus, 'Completed', d.FailureReason);
    assert.deepEqual(await keys('results', 'sdk-empty-out/'), ['sdk-empty-out/full/a.txt']);
  });

  test('MaxRuntimeInSeconds reached: Stopped, as SageMaker stops the processing job, its FailureReason saying why', async () => {
    await sm.send(new CreateProcessingJobCommand(inline('sdk-overtime', 'import time; time.sleep(60)', [], 1)));
    const d = await ended(
      () => sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'sdk-overtime' })),
      'ProcessingJobStatus',
    );
    assert.equal(d.ProcessingJobStatus, 'Stopped', d.FailureReason);
    assert.match(d.FailureReason ?? '', /reached its MaxRuntimeInSeconds \(1 s\)/);
    assert.ok(d.ProcessingEndTime instanceof Date);
  });

  test('bad requests are ValidationExceptions at Create, and no job is recorded', async () => {
    const dataset = processing('sdk-dataset', 'split_abalone.py');
    dataset.ProcessingInputs = [{ InputName: 'q', DatasetDefinition: { LocalPath: '/opt/ml/processing/q' } }];
    await assert.rejects(sm.send(new CreateProcessingJobCommand(dataset)), {
      name: 'ValidationException',
      message: /DatasetDefinition/,
    });
    const unmapped = processing('sdk-unmapped', 'split_abalone.py');
    unmapped.AppSpecification = { ImageUri: 'example.com/private/image:1' };
    await assert.rejects(sm.send(new CreateProcessingJobCommand(unmapped)), {
      name: 'ValidationException',
      message: /example\.com\/private\/image:1/,
    });
    await assert.rejects(sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: 'sdk-unmapped' })), {
      name: 'ResourceNotFound',
    });
    await assert.rejects(sm.send(new CreateTransformJobCommand(transform('sdk-nomodel', 'no-such-model'))), {
      name: 'ValidationException',
      message: /Could not find model "no-such-model"/,
    });
    // Nor is a staging folder left behind for a job that was never created.
    assert.equal(existsSync(join(dir, 'home', 'jobs', 'processing', 'sdk-unmapped')), false);
    assert.equal(existsSync(join(dir, 'home', 'jobs', 'transform', 'sdk-nomodel')), false);
  });

  const transform = (name: string, model: string): CreateTransformJobCommandInput => ({
    TransformJobName: name,
    ModelName: model,
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/batch' } },
      ContentType: 'text/csv',
      SplitType: 'Line',
    },
    TransformOutput: { S3OutputPath: `s3://results/${name}`, Accept: 'text/csv', AssembleWith: 'Line' },
    TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
  });

  test("CreateModel, then CreateTransformJob scores s3:// files with the model's container; <file>.out under S3OutputPath", async () => {
    await sm.send(
      new CreateModelCommand({
        ModelName: 'sdk-linear',
        PrimaryContainer: { ModelDataUrl: 's3://models/linear/model.tar.gz' },
        ExecutionRoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
      }),
    );
    const created = await sm.send(new CreateTransformJobCommand(transform('sdk-batch', 'sdk-linear')));
    assert.equal(created.TransformJobArn, 'arn:aws:sagemaker:us-east-1:000000000000:transform-job/sdk-batch');
    const d = await ended(
      () => sm.send(new DescribeTransformJobCommand({ TransformJobName: 'sdk-batch' })),
      'TransformJobStatus',
    );
    assert.equal(d.TransformJobStatus, 'Completed', d.FailureReason);
    assert.equal(d.ModelName, 'sdk-linear');
    assert.equal(d.TransformOutput?.S3OutputPath, 's3://results/sdk-batch');
    assert.ok(d.TransformStartTime instanceof Date && d.TransformEndTime instanceof Date);
    const out = await s3.send(new GetObjectCommand({ Bucket: 'results', Key: 'sdk-batch/a.csv.out' }));
    assert.deepEqual((await (out.Body?.transformToString() ?? '')).trim().split('\n').map(Number), [3.5, 2.5]);
    const list = await sm.send(new ListTransformJobsCommand({ StatusEquals: 'Completed' }));
    assert.deepEqual(
      list.TransformJobSummaries?.map((s) => s.TransformJobName),
      ['sdk-batch'],
    );
  });

  // The echo container answers a body of exactly `pid` with its process id and echoes anything
  // else: one request per line answers pids, one request per file echoes the file.
  test('SplitType defaults to None, as SageMaker: each input file is one request; Line makes each line one', async () => {
    await put('words/w.txt', 'pid\npid\n');
    await sm.send(
      new CreateModelCommand({
        ModelName: 'sdk-echo',
        PrimaryContainer: { Image: `file://${ECHO_SERVER}` },
        ExecutionRoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
      }),
    );
    const words = (name: string, split?: 'Line'): CreateTransformJobCommandInput => {
      const base = transform(name, 'sdk-echo');
      return {
        ...base,
        BatchStrategy: 'SingleRecord',
        TransformInput: {
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/words/' } },
          ContentType: 'text/plain',
          ...(split ? { SplitType: split } : {}),
        },
        TransformOutput: { S3OutputPath: `s3://results/${name}`, AssembleWith: 'Line' },
      };
    };
    const answers: Record<string, string[]> = {};
    for (const [name, split] of [
      ['sdk-whole', undefined],
      ['sdk-lines', 'Line'],
    ] as const) {
      await sm.send(new CreateTransformJobCommand(words(name, split)));
      const d = await ended(() => sm.send(new DescribeTransformJobCommand({ TransformJobName: name })), 'TransformJobStatus');
      assert.equal(d.TransformJobStatus, 'Completed', d.FailureReason);
      assert.equal(d.TransformInput?.SplitType, split ?? 'None');
      const out = await s3.send(new GetObjectCommand({ Bucket: 'results', Key: `${name}/w.txt.out` }));
      answers[name] = (await (out.Body?.transformToString() ?? '')).trim().split('\n');
    }
    assert.deepEqual(answers['sdk-whole'], ['pid', 'pid']);
    assert.equal(answers['sdk-lines'].length, 2);
    assert.ok(
      answers['sdk-lines'].every((a) => /^\d+$/.test(a)),
      answers['sdk-lines'].join(' '),
    );
  });
});
