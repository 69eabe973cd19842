import assert from 'node:assert/strict';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobCommandOutput,
  ListTrainingJobsCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { godwitHome } from '../../src/core/home.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { hasPython } from '../contracts/helpers.js';
import { scratchDir } from '../helpers/scratch.js';
import { processesWith } from './fixtures/processes.js';
import { trainingRequest } from './training-request.js';

// A bring-your-own-container program: SageMaker starts it as `<image> train`.
const TRAIN = `#!/usr/bin/python3
import os, signal, sys, time
if os.environ.get('SHOW_CONFIG'):
    print('inputdataconfig=' + open(os.path.join(os.environ['SM_INPUT_CONFIG_DIR'], 'inputdataconfig.json')).read().strip(), flush=True)
def on_term(*_):
    print('SIGTERM: saving', flush=True)
    time.sleep(0.4)
    print('saved within the grace period', flush=True)
    sys.exit(0)
if os.environ.get('ON_SIGTERM'):
    signal.signal(signal.SIGTERM, on_term)
if os.environ.get('SLEEP'):
    print('sleeping', flush=True)
    time.sleep(float(os.environ['SLEEP']))
for epoch, loss in enumerate([0.5, 0.25]):
    print('epoch %d loss=%s' % (epoch, loss), flush=True)
open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.txt'), 'w').write('weights')
`;

// The real training kind behind the official client, unmodified, against a real server.
describe('training jobs through @aws-sdk/client-sagemaker', { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  const dir = scratchDir('godwit-training-door-');
  const home = godwitHome(join(dir, 'home'));
  const image = join(dir, 'train');
  let server: RunningServer;
  let sm: SageMakerClient;
  let logs: CloudWatchLogsClient;

  before(async () => {
    writeFileSync(image, TRAIN);
    chmodSync(image, 0o755);
    writeFileSync(join(dir, 'train.csv'), '1,2\n');
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    const options = {
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    sm = new SageMakerClient(options);
    logs = new CloudWatchLogsClient(options);
  });
  after(async () => {
    sm?.destroy();
    logs?.destroy();
    await server?.stop();
  });

  const request = (name: string, environment: Record<string, string> = {}) =>
    trainingRequest({
      TrainingJobName: name,
      AlgorithmSpecification: {
        TrainingImage: `file://${image}`,
        TrainingInputMode: 'File',
        MetricDefinitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }],
      },
      InputDataConfig: [
        { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `file://${dir}/train.csv` } } },
      ],
      OutputDataConfig: { S3OutputPath: `file://${dir}/out` },
      Environment: environment,
    });

  async function until(name: string, done: (d: DescribeTrainingJobCommandOutput) => boolean) {
    for (let i = 0; i < 1200; i++) {
      const d = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
      if (done(d)) return d;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${name} never got there`);
  }
  /** What the job's script printed, read through the CloudWatch Logs door as the SDK's fit(logs=True) does. */
  async function printed(name: string): Promise<string[]> {
    const out = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: `${name}/` }),
    );
    return (out.events ?? []).map((e) => e.message ?? '');
  }
  const ended = (d: DescribeTrainingJobCommandOutput) => ['Completed', 'Failed', 'Stopped'].includes(d.TrainingJobStatus ?? '');

  test('Describe: Completed, the request echoed, ModelArtifacts where SageMaker puts them, final metrics, times', async () => {
    await sm.send(new CreateTrainingJobCommand(request('door-fit') as never));
    const d = await until('door-fit', ended);
    assert.equal(d.TrainingJobStatus, 'Completed', d.FailureReason);
    assert.equal(d.TrainingJobArn, 'arn:aws:sagemaker:us-east-1:000000000000:training-job/door-fit');
    assert.equal(d.ModelArtifacts?.S3ModelArtifacts, `file://${dir}/out/door-fit/output/model.tar.gz`);
    assert.ok(existsSync(join(dir, 'out/door-fit/output/model.tar.gz')));
    assert.deepEqual(
      d.FinalMetricDataList?.map((m) => [m.MetricName, m.Value, m.Timestamp instanceof Date]),
      [['loss', 0.25, true]],
    );
    assert.equal(d.AlgorithmSpecification?.TrainingImage, `file://${image}`);
    assert.equal(d.AlgorithmSpecification?.EnableSageMakerMetricsTimeSeries, false);
    assert.deepEqual(d.ResourceConfig, { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 5 });
    assert.deepEqual(d.StoppingCondition, { MaxRuntimeInSeconds: 600 });
    assert.deepEqual(d.HyperParameters, { num_round: '5' });
    assert.equal(d.EnableManagedSpotTraining, false);
    assert.ok((d.BillableTimeInSeconds ?? 0) >= 1 && (d.TrainingTimeInSeconds ?? 0) >= 1);
    const listed = await sm.send(new ListTrainingJobsCommand({ NameContains: 'door-fit' }));
    assert.deepEqual(
      listed.TrainingJobSummaries?.map((s) => [s.TrainingJobName, s.TrainingJobStatus, s.TrainingEndTime instanceof Date]),
      [['door-fit', 'Completed', true]],
    );
  });

  test('StopTrainingJob ends the script: Stopped, no model uploaded, nothing left running', async () => {
    await sm.send(new CreateTrainingJobCommand(request('door-stop', { SLEEP: '41.3' }) as never));
    await until(
      'door-stop',
      (d) => d.SecondaryStatus === 'Training' && processesWith('door-stop').length + processesWith(image).length > 0,
    );
    await sm.send(new StopTrainingJobCommand({ TrainingJobName: 'door-stop' }));
    const d = await until('door-stop', ended);
    assert.equal(d.TrainingJobStatus, 'Stopped');
    assert.equal(d.ModelArtifacts, undefined);
    assert.equal(existsSync(join(dir, 'out/door-stop/output/model.tar.gz')), false);
    assert.deepEqual(processesWith(image), []);
  });

  test('MaxRuntimeInSeconds reached: SIGTERM, the grace period, then Stopped with MaxRuntimeExceeded as SageMaker ends it', async () => {
    await sm.send(
      new CreateTrainingJobCommand({
        ...request('door-overtime', { SLEEP: '30', ON_SIGTERM: '1' }),
        StoppingCondition: { MaxRuntimeInSeconds: 2 },
      } as never),
    );
    const d = await until('door-overtime', ended);
    assert.equal(d.TrainingJobStatus, 'Stopped', d.FailureReason);
    assert.equal(d.SecondaryStatus, 'MaxRuntimeExceeded');
    const last = d.SecondaryStatusTransitions?.at(-1);
    assert.equal(last?.Status, 'MaxRuntimeExceeded');
    assert.match(last?.StatusMessage ?? '', /MaxRuntimeInSeconds \(2 s\)/);
    assert.ok(last?.EndTime instanceof Date);
    assert.deepEqual(
      d.SecondaryStatusTransitions?.map((t) => t.Status),
      ['Starting', 'Downloading', 'Training', 'MaxRuntimeExceeded'],
    );
    assert.ok(d.TrainingEndTime instanceof Date);
    // The script heard SIGTERM and finished its handler before anything killed it.
    const lines = await printed('door-overtime');
    assert.ok(lines.includes('SIGTERM: saving'), lines.join('\n'));
    assert.ok(lines.includes('saved within the grace period'), lines.join('\n'));
    assert.deepEqual(processesWith(image), []);
  });

  test('inputdataconfig.json holds each channel as the request gave it: ContentType, compression, wrapper, distribution, mode', async () => {
    await sm.send(
      new CreateTrainingJobCommand({
        ...request('door-channels', { SHOW_CONFIG: '1' }),
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: {
              S3DataSource: {
                S3DataType: 'S3Prefix',
                S3Uri: `file://${dir}/train.csv`,
                S3DataDistributionType: 'ShardedByS3Key',
              },
            },
            ContentType: 'text/csv',
            CompressionType: 'None',
            RecordWrapperType: 'None',
          },
          {
            ChannelName: 'validation',
            InputMode: 'FastFile',
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `file://${dir}/train.csv` } },
          },
        ],
      } as never),
    );
    const d = await until('door-channels', ended);
    assert.equal(d.TrainingJobStatus, 'Completed', d.FailureReason);
    const line = (await printed('door-channels')).find((l) => l.startsWith('inputdataconfig='));
    assert.deepEqual(JSON.parse(line?.slice('inputdataconfig='.length) ?? 'null'), {
      train: {
        ContentType: 'text/csv',
        TrainingInputMode: 'File',
        S3DistributionType: 'ShardedByS3Key',
        RecordWrapperType: 'None',
        CompressionType: 'None',
      },
      validation: { TrainingInputMode: 'FastFile', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
    });
  });

  test('an image the map does not know: the job is Failed, its FailureReason naming the image', async () => {
    await sm.send(
      new CreateTrainingJobCommand({
        ...request('door-unmapped'),
        AlgorithmSpecification: { TrainingImage: 'example.com/mine:1', TrainingInputMode: 'File' },
      } as never),
    );
    const d = await until('door-unmapped', ended);
    assert.equal(d.TrainingJobStatus, 'Failed');
    assert.match(d.FailureReason ?? '', /example\.com\/mine:1/);
  });

  test('a malformed channel is a ValidationException at Create, naming the channel', async () => {
    await assert.rejects(
      sm.send(
        new CreateTrainingJobCommand({
          ...request('door-bad-channel'),
          InputDataConfig: [
            { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 'ftp://x/y' } } },
          ],
        } as never),
      ),
      { name: 'ValidationException', message: /Channel "train": S3Uri "ftp:\/\/x\/y"/ },
    );
  });
});
