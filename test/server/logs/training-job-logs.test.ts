import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobCommandOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { hasPython } from '../../contracts/helpers.js';
import { scratchDir } from '../../helpers/scratch.js';
import { trainingRequest } from '../../jobs/training-request.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

// A bring-your-own-container program: SageMaker starts it as `<image> train`.
const TRAIN = `#!/usr/bin/python3
import time
print('loading data', flush=True)
time.sleep(0.3)
for epoch, loss in enumerate([0.5, 0.25]):
    print('epoch %d loss=%s' % (epoch, loss), flush=True)
import os
open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.txt'), 'w').write('weights')
`;

// CreateTrainingJob through the SageMaker door, then its log through the CloudWatch Logs door,
// both with the official clients, as the SageMaker Python SDK's fit(logs=True) reads it.
describe("a training job's log, from CreateTrainingJob to GetLogEvents", { skip: !hasPython && 'no /usr/bin/python3' }, () => {
  const dir = scratchDir('godwit-training-logs-');
  const image = join(dir, 'train');
  let server: RunningServer;
  let sm: SageMakerClient;
  let logs: CloudWatchLogsClient;
  before(async () => {
    writeFileSync(image, TRAIN);
    chmodSync(image, 0o755);
    writeFileSync(join(dir, 'train.csv'), '1,2\n');
    server = await startServer(godwitHome(join(dir, 'home')), { host: '127.0.0.1', port: 0, log: () => {} });
    const options = { endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
    sm = new SageMakerClient(options);
    logs = new CloudWatchLogsClient(options);
  });
  after(async () => {
    sm?.destroy();
    logs?.destroy();
    await server?.stop();
  });

  test('the stream is <job>/algo-1-<start epoch seconds> and holds what the script printed', async () => {
    await sm.send(
      new CreateTrainingJobCommand(
        trainingRequest({
          TrainingJobName: 'logged-job',
          AlgorithmSpecification: { TrainingImage: `file://${image}`, TrainingInputMode: 'File' },
          InputDataConfig: [
            { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `file://${dir}/train.csv` } } },
          ],
          OutputDataConfig: { S3OutputPath: `file://${dir}/out` },
        }) as never,
      ),
    );
    let described: DescribeTrainingJobCommandOutput | undefined;
    for (let i = 0; i < 1200; i++) {
      described = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'logged-job' }));
      if (['Completed', 'Failed', 'Stopped'].includes(described.TrainingJobStatus ?? '')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(described?.TrainingJobStatus, 'Completed', described?.FailureReason);
    const group = '/aws/sagemaker/TrainingJobs';
    const { logStreams } = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: 'logged-job/' }),
    );
    const stream = logStreams?.[0]?.logStreamName ?? '';
    const started = Math.floor((described?.TrainingStartTime ?? described?.CreationTime ?? new Date()).getTime() / 1000);
    assert.match(stream, /^logged-job\/algo-1-\d{10}$/);
    assert.ok(Math.abs(Number(stream.split('-').at(-1)) - started) <= 1, `${stream} vs ${started}`);
    const { events } = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }),
    );
    const messages = (events ?? []).map((e) => e.message);
    for (const line of ['loading data', 'epoch 0 loss=0.5', 'epoch 1 loss=0.25'])
      assert.ok(messages.includes(line), `${line} in ${messages.join(' | ')}`);
    const epochs = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'epoch -loading' }));
    assert.deepEqual(
      epochs.events?.map((e) => e.message),
      ['epoch 0 loss=0.5', 'epoch 1 loss=0.25'],
    );
  });
});
