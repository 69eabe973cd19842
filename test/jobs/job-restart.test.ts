import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobCommandOutput,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { IR_API_VERSION } from '../../src/pipeline/ir.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { serverChild, stepRecorded } from '../helpers/server-child.js';
import { processesRunning } from './fixtures/processes.js';
import { useShellKinds } from './fixtures/shell-job-kind.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/serve-jobs.ts', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  // Whatever a failed test left running.
  for (const pid of [...processesRunning('sleep 47.3'), ...processesRunning('sleep 52.1')]) process.kill(pid, 'SIGKILL');
});

const serverProcess = (home: string) => serverChild(FIXTURE, home, children);

const client = (url: string) =>
  new SageMakerClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  });

const job = (name: string, script: string) =>
  new CreateTrainingJobCommand({
    TrainingJobName: name,
    AlgorithmSpecification: { TrainingImage: 'sh', TrainingInputMode: 'File' },
    HyperParameters: { script },
    RoleArn: 'arn:aws:iam::000000000000:role/local',
    OutputDataConfig: { S3OutputPath: 's3://bucket/out' },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  });

async function until(sm: SageMakerClient, name: string, done: (d: DescribeTrainingJobCommandOutput) => boolean) {
  for (let i = 0; i < 400; i++) {
    const d = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
    if (done(d)) return d;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${name} never got there`);
}

describe('jobs across a server that dies or stops', () => {
  const home = godwitHome(join(scratchDir('godwit-job-restart-'), 'home'));
  let server: RunningServer | undefined;
  // The servers started in this process run the shell kinds too, whichever test starts one.
  before(() => useShellKinds());
  after(() => server?.stop());

  test('kill -9 of the server mid-job, then a restart: the job is Failed with a reason and nothing is left running', async () => {
    const first = await serverProcess(home.root);
    const sm = client(first.url);
    await sm.send(job('crash-1', 'sleep 47.3 & wait'));
    await until(
      sm,
      'crash-1',
      (d) => d.SecondaryStatus === 'Training' && processesRunning('sleep 47.3').length > 0 && stepRecorded(home.runsDir),
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    sm.destroy();
    assert.ok(processesRunning('sleep 47.3').length > 0, 'the step leads its own process group: the kill did not reach it');

    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    const again = client(server.url);
    const d = await again.send(new DescribeTrainingJobCommand({ TrainingJobName: 'crash-1' }));
    assert.equal(d.TrainingJobStatus, 'Failed');
    assert.match(d.FailureReason ?? '', /server stopped while the job was running .*interrupted.*Create the job again/s);
    assert.equal(d.SecondaryStatusTransitions?.at(-1)?.Status, 'Failed');
    assert.deepEqual(processesRunning('sleep 47.3'), []);
    again.destroy();
  });

  test('a server that stops with a job running records it Failed ("the server stopped") and ends its processes', async () => {
    assert.ok(server);
    const sm = client(server.url);
    await sm.send(job('shutdown-1', 'sleep 52.1 & wait'));
    await until(sm, 'shutdown-1', (d) => d.SecondaryStatus === 'Training' && processesRunning('sleep 52.1').length > 0);
    sm.destroy();
    await server.stop();
    server = undefined;
    assert.deepEqual(processesRunning('sleep 52.1'), []);
    const metadata = await openMetadata(home, systemClock, {});
    try {
      const record = await metadata.jobs.get('training', 'shutdown-1');
      assert.equal(record?.status, 'Failed');
      assert.match(record?.failureReason ?? '', /server stopped while the job was running/);
    } finally {
      await metadata.close();
    }
  });

  test('a job whose run another live process executes is re-attached, and settled when that run ends', async () => {
    const metadata = await openMetadata(home, systemClock, {});
    const owner = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(owner);
    const runId = 'run-other-process';
    try {
      await metadata.store.createRun({
        id: runId,
        pipeline: 'training-job-elsewhere-1',
        ir: { apiVersion: IR_API_VERSION, kind: 'Pipeline', name: 'training-job-elsewhere-1', parameters: [], steps: [] },
        parameters: {},
        baseDir: home.root,
        runDir: join(home.runsDir, runId),
        startedAt: new Date(),
        pid: owner.pid as number,
        host: hostname(),
      });
      await metadata.jobs.create({ kind: 'training', name: 'elsewhere-1', request: {}, tags: [] });
      await metadata.jobs.update('training', 'elsewhere-1', { runId, startedAt: new Date() });
    } finally {
      await metadata.close();
    }
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    const sm = client(server.url);
    const attached = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'elsewhere-1' }));
    assert.equal(attached.TrainingJobStatus, 'InProgress', 'its run lives: the job is not failed');
    // This server only watches that run: stopping it here is refused, and the job is left as it was.
    await assert.rejects(sm.send(new StopTrainingJobCommand({ TrainingJobName: 'elsewhere-1' })), (err: Error) => {
      assert.equal(err.name, 'ValidationException');
      assert.match(err.message, /runs in another Godwit process \(run run-other-process\)/);
      return true;
    });
    const meta2 = await openMetadata(home, systemClock, {});
    await meta2.store.updateRun(runId, { status: 'succeeded', endedAt: new Date() });
    await meta2.close();
    const d = await until(sm, 'elsewhere-1', (x) => x.TrainingJobStatus !== 'InProgress');
    assert.equal(d.TrainingJobStatus, 'Completed', d.FailureReason);
    sm.destroy();
    owner.kill('SIGKILL');
  });
});
