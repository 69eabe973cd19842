import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobCommandOutput,
  ListProcessingJobsCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { godwitHome } from '../../src/core/home.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { processesRunning } from './fixtures/processes.js';
import { useShellKinds } from './fixtures/shell-job-kind.js';

// The official client, unmodified, against a real server running real processes for the jobs.
describe('SageMaker job actions through @aws-sdk/client-sagemaker', () => {
  const dir = scratchDir('godwit-job-actions-');
  const home = godwitHome(join(dir, 'home'));
  let server: RunningServer;
  let sm: SageMakerClient;
  const region = 'eu-west-1';

  before(async () => {
    await useShellKinds();
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    sm = new SageMakerClient({
      endpoint: server.url,
      region,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' },
    });
  });
  after(async () => {
    sm?.destroy();
    await server?.stop();
  });

  const training = (name: string, script: string, extra: { MetricDefinitions?: { Name: string; Regex: string }[] } = {}) =>
    ({
      TrainingJobName: name,
      AlgorithmSpecification: {
        TrainingImage: 'sh',
        TrainingInputMode: 'File',
        ...(extra.MetricDefinitions ? { MetricDefinitions: extra.MetricDefinitions } : {}),
      },
      HyperParameters: { script },
      RoleArn: 'arn:aws:iam::000000000000:role/local',
      OutputDataConfig: { S3OutputPath: 's3://bucket/out' },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    }) satisfies CreateTrainingJobCommandInput;

  async function until(name: string, done: (d: DescribeTrainingJobCommandOutput) => boolean) {
    for (let i = 0; i < 600; i++) {
      const d = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
      if (done(d)) return d;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `job ${name} never got there: ${JSON.stringify(await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name })))}`,
    );
  }
  const ended = (d: DescribeTrainingJobCommandOutput) => ['Completed', 'Failed', 'Stopped'].includes(d.TrainingJobStatus ?? '');

  test('a job named in mixed case has one ARN, lower-cased as SageMaker writes it, from Create and Describe', async () => {
    const made = await sm.send(new CreateTrainingJobCommand(training('Mixed-Case-1', 'echo ok')));
    assert.equal(made.TrainingJobArn, `arn:aws:sagemaker:${region}:000000000000:training-job/mixed-case-1`);
    const d = await until('Mixed-Case-1', ended);
    assert.equal(d.TrainingJobArn, made.TrainingJobArn);
    assert.equal(d.TrainingJobName, 'Mixed-Case-1');
  });

  test('CreateTrainingJob runs the job: InProgress, then Completed with its transitions, times and metrics', async () => {
    const made = await sm.send(
      new CreateTrainingJobCommand(
        training('fit-1', 'echo "epoch 1 loss=0.25"; sleep 0.3; echo done', {
          MetricDefinitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }],
        }),
      ),
    );
    assert.equal(made.TrainingJobArn, `arn:aws:sagemaker:${region}:000000000000:training-job/fit-1`);
    const first = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'fit-1' }));
    assert.ok(['InProgress', 'Completed'].includes(first.TrainingJobStatus ?? ''), first.TrainingJobStatus);
    const d = await until('fit-1', ended);
    assert.equal(d.TrainingJobStatus, 'Completed', d.FailureReason);
    assert.equal(d.SecondaryStatus, 'Completed');
    const statuses = (d.SecondaryStatusTransitions ?? []).map((t) => t.Status);
    assert.deepEqual(statuses, ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
    for (const t of d.SecondaryStatusTransitions ?? []) assert.ok(t.StartTime instanceof Date && t.EndTime instanceof Date);
    assert.deepEqual(
      d.FinalMetricDataList?.map((m) => [m.MetricName, m.Value]),
      [['loss', 0.25]],
    );
    assert.ok((d.TrainingStartTime as Date) <= (d.TrainingEndTime as Date));
    assert.ok((d.CreationTime as Date) <= (d.TrainingStartTime as Date));
  });

  test('a name in use is ResourceInUse; an unknown job is ResourceNotFound', async () => {
    await sm.send(new CreateTrainingJobCommand(training('dup-1', 'true')));
    await assert.rejects(sm.send(new CreateTrainingJobCommand(training('dup-1', 'true'))), (err: Error) => {
      assert.equal(err.name, 'ResourceInUse');
      assert.match(err.message, /training-job\/dup-1/);
      return true;
    });
    await assert.rejects(sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'no-such-job' })), {
      name: 'ResourceNotFound',
    });
    await assert.rejects(sm.send(new StopTrainingJobCommand({ TrainingJobName: 'no-such-job' })), { name: 'ResourceNotFound' });
    await assert.rejects(sm.send(new CreateTrainingJobCommand(training('bad name!', 'true'))), { name: 'ValidationException' });
  });

  test('a script that writes /opt/ml/output/failure and exits non-zero: Failed with that FailureReason', async () => {
    await sm.send(
      new CreateTrainingJobCommand(training('fails-1', 'echo "AlgorithmError: no rows in train.csv" > "$1"; exit 3')),
    );
    const d = await until('fails-1', ended);
    assert.equal(d.TrainingJobStatus, 'Failed');
    assert.match(d.FailureReason ?? '', /AlgorithmError: no rows in train\.csv/);
    assert.equal(d.SecondaryStatusTransitions?.at(-1)?.Status, 'Failed');
  });

  test('a plan the kind refuses: the job exists, Failed with the reason', async () => {
    const request = training('plan-1', 'true');
    await sm.send(
      new CreateTrainingJobCommand({
        ...request,
        AlgorithmSpecification: { TrainingImage: 'refuse-at-plan', TrainingInputMode: 'File' },
      }),
    );
    const d = await until('plan-1', ended);
    assert.equal(d.TrainingJobStatus, 'Failed');
    assert.match(d.FailureReason ?? '', /"refuse-at-plan" maps to no local command/);
  });

  test('StopTrainingJob: Stopping at once, the process group ended, then Stopped; stopping it again is refused', async () => {
    await sm.send(new CreateTrainingJobCommand(training('stop-1', 'sleep 31.7 & echo started; wait')));
    await until('stop-1', (d) => d.SecondaryStatus === 'Training' && processesRunning('sleep 31.7').length > 0);
    await sm.send(new StopTrainingJobCommand({ TrainingJobName: 'stop-1' }));
    const right = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'stop-1' }));
    assert.ok(['Stopping', 'Stopped'].includes(right.TrainingJobStatus ?? ''), right.TrainingJobStatus);
    const d = await until('stop-1', ended);
    assert.equal(d.TrainingJobStatus, 'Stopped');
    assert.deepEqual(
      d.SecondaryStatusTransitions?.slice(-2).map((t) => t.Status),
      ['Stopping', 'Stopped'],
    );
    assert.deepEqual(processesRunning('sleep 31.7'), [], 'the background sleep, in the process group, was ended too');
    await assert.rejects(sm.send(new StopTrainingJobCommand({ TrainingJobName: 'stop-1' })), (err: Error) => {
      assert.equal(err.name, 'ValidationException');
      assert.match(err.message, /"stop-1" has already ended \(status Stopped\)/);
      return true;
    });
  });

  test('ListProcessingJobs filters, sorts and pages; jobs of another kind are apart', async () => {
    for (const name of ['lst-b', 'lst-a', 'lst-c']) {
      await sm.send(
        new CreateProcessingJobCommand({
          ProcessingJobName: name,
          AppSpecification: { ImageUri: 'local', ContainerEntrypoint: ['sh', '-c', name === 'lst-c' ? 'exit 1' : 'true'] },
          ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
          RoleArn: 'arn:aws:iam::000000000000:role/local',
        }),
      );
    }
    for (const name of ['lst-b', 'lst-a', 'lst-c']) {
      for (let i = 0; i < 600; i++) {
        const d = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
        if (d.ProcessingJobStatus !== 'InProgress') break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const list = (input: Record<string, unknown>) => sm.send(new ListProcessingJobsCommand(input));
    const names = (out: Awaited<ReturnType<typeof list>>) => out.ProcessingJobSummaries?.map((s) => s.ProcessingJobName);
    assert.deepEqual(names(await list({ NameContains: 'lst-', SortBy: 'Name', SortOrder: 'Ascending' })), [
      'lst-a',
      'lst-b',
      'lst-c',
    ]);
    assert.deepEqual(names(await list({ NameContains: 'lst-' })), ['lst-c', 'lst-a', 'lst-b'], 'newest first by default');
    assert.deepEqual(names(await list({ NameContains: 'lst-', StatusEquals: 'Failed' })), ['lst-c']);
    const page1 = await list({ NameContains: 'lst-', SortBy: 'Name', SortOrder: 'Descending', MaxResults: 2 });
    assert.deepEqual(names(page1), ['lst-c', 'lst-b']);
    const page2 = await list({
      NameContains: 'lst-',
      SortBy: 'Name',
      SortOrder: 'Descending',
      MaxResults: 2,
      NextToken: page1.NextToken,
    });
    assert.deepEqual([names(page2), page2.NextToken], [['lst-a'], undefined]);
    const summary = page2.ProcessingJobSummaries?.[0];
    assert.equal(summary?.ProcessingJobArn, `arn:aws:sagemaker:${region}:000000000000:processing-job/lst-a`);
    assert.equal(summary?.ProcessingJobStatus, 'Completed');
    const future = new Date(Date.now() + 3_600_000);
    assert.deepEqual(names(await list({ NameContains: 'lst-', CreationTimeAfter: future })), []);
    assert.equal(names(await list({ NameContains: 'lst-', LastModifiedTimeBefore: future }))?.length, 3);
    assert.deepEqual(names(await list({ NameContains: 'fit-1' })), [], 'training jobs are not processing jobs');
  });
});
