import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CreatePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  RetryPipelineExecutionCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { IR_API_VERSION } from '../../src/pipeline/ir.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { serverChild, stepRecorded } from '../helpers/server-child.js';
import { processesRunning } from '../jobs/fixtures/processes.js';
import { waitForStatus } from '../server/sagemaker-pipelines-fixture.js';
import { CREDENTIALS } from './real-definitions-fixture.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/serve.ts', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const pid of processesRunning('sleep 61.7')) process.kill(pid, 'SIGKILL');
});

const serverProcess = (home: string) => serverChild(FIXTURE, home, children);

const client = (url: string) => new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS });

/** One Processing step that sleeps (as `pipeline.definition()` writes a ScriptProcessor step), then a second one. */
const DEFINITION = JSON.stringify({
  Version: '2020-12-01',
  Parameters: [{ Name: 'Seconds', Type: 'String', DefaultValue: '61.7' }],
  Steps: [
    {
      Name: 'Sleep',
      Type: 'Processing',
      Arguments: {
        ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 } },
        AppSpecification: {
          ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
          ContainerEntrypoint: ['sh', '-c', 'sleep "$0" & wait'],
          ContainerArguments: [{ Get: 'Parameters.Seconds' }],
        },
        RoleArn: 'arn:aws:iam::000000000000:role/x',
      },
    },
  ],
});

describe('pipeline executions across a server that dies', () => {
  const home = godwitHome(join(scratchDir('godwit-pipeline-restart-'), 'home'));
  let server: RunningServer | undefined;
  after(() => server?.stop());

  test('kill -9 mid-execution, then a restart: Failed with a FailureReason, its step Failed, nothing left running; a retry resumes it', async () => {
    const first = await serverProcess(home.root);
    const sm = client(first.url);
    await sm.send(
      new CreatePipelineCommand({ PipelineName: 'sleeper', PipelineDefinition: DEFINITION, RoleArn: 'arn:aws:iam::0:role/x' }),
    );
    const { PipelineExecutionArn: arn } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'sleeper' }));
    for (let i = 0; i < 400 && !(processesRunning('sleep 61.7').length > 0 && stepRecorded(home.runsDir)); i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.ok(processesRunning('sleep 61.7').length > 0, 'the step runs');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    sm.destroy();
    assert.ok(processesRunning('sleep 61.7').length > 0, 'the step leads its own process group: the kill did not reach it');

    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    const again = client(server.url);
    assert.deepEqual(processesRunning('sleep 61.7'), []);
    const d = await again.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    assert.equal(d.PipelineExecutionStatus, 'Failed');
    assert.match(
      d.FailureReason ?? '',
      /server running this execution stopped \(killed or crashed\) while "Sleep" was running.*RetryPipelineExecution/,
    );
    const [step] =
      (await again.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }))).PipelineExecutionSteps ?? [];
    assert.equal(step.StepStatus, 'Failed');
    assert.match(step.FailureReason ?? '', /killed or crashed/);

    // The retry runs the failed step again (same parameters); stopping it ends its process.
    await again.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn }));
    for (let i = 0; i < 400 && processesRunning('sleep 61.7').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(processesRunning('sleep 61.7').length > 0, 'the retried step runs again');
    await again.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
    const stopped = await waitForStatus(again, arn as string, ['Stopped', 'Failed', 'Succeeded']);
    assert.equal(stopped.PipelineExecutionStatus, 'Stopped');
    assert.deepEqual(processesRunning('sleep 61.7'), []);
    again.destroy();
  });

  test('an execution whose run another live process executes is re-attached: still Executing, and this server will not stop it', async () => {
    await server?.stop();
    server = undefined;
    const owner = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(owner);
    const runId = 'run-elsewhere';
    const metadata = await openMetadata(home, systemClock, {});
    try {
      await metadata.store.createRun({
        id: runId,
        pipeline: 'sleeper',
        ir: { apiVersion: IR_API_VERSION, kind: 'Pipeline', name: 'sleeper', parameters: [], steps: [] },
        parameters: {},
        baseDir: home.root,
        runDir: join(home.runsDir, runId),
        startedAt: new Date(),
        pid: owner.pid as number,
        host: hostname(),
      });
      await metadata.pipelines.createExecution({
        pipeline: 'sleeper',
        runId,
        version: 1,
        displayName: 'elsewhere',
        parameters: [],
      });
    } finally {
      await metadata.close();
    }
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    const sm = client(server.url);
    const arn = `arn:aws:sagemaker:us-east-1:000000000000:pipeline/sleeper/execution/${runId}`;
    const d = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    assert.equal(d.PipelineExecutionStatus, 'Executing', 'its run lives: the execution is not failed');
    await assert.rejects(sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn })), (err: Error) => {
      assert.equal(err.name, 'ValidationException');
      assert.match(err.message, /runs in another Godwit process/);
      return true;
    });
    owner.kill('SIGKILL');
    await new Promise((r) => owner.once('exit', r));
    const after = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    assert.equal(after.PipelineExecutionStatus, 'Failed', 'once that process is gone, the execution is Failed');
    sm.destroy();
  });
});
