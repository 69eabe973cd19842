import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { localS3Credentials } from '../../../src/server/aws/s3/s3-endpoint.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { until } from './sfn-fixture.js';

const ETL = 'arn:aws:iam::000000000000:role/etl';
const NO_RIGHT = 'arn:aws:iam::000000000000:role/reader';
const UNKNOWN = 'arn:aws:iam::000000000000:role/nobody-made-this';
const SAGEMAKER = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }] } as const;
const S3_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } as const;

/** A Task that runs a processing job (`node -e 0`) named by the input's `job`, and waits for its end. */
const PROCESS = {
  StartAt: 'Process',
  States: {
    Process: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:createProcessingJob.sync',
      Parameters: {
        'ProcessingJobName.$': '$.job',
        AppSpecification: { ImageUri: 'godwit/builtin', ContainerEntrypoint: ['node', '-e', '0'] },
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
        RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
      },
      End: true,
    },
  },
};

/** A Task that starts a pipeline through the SageMaker door (request-response). */
const START_PIPELINE = {
  StartAt: 'Start',
  States: {
    Start: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:startPipelineExecution',
      Parameters: { PipelineName: 'nightly' },
      End: true,
    },
  },
};

describe("a Step Functions execution acts as its state machine's role, as in AWS", () => {
  let metadata: Metadata;
  let server: RunningServer;
  let sfn: SFNClient;

  before(async () => {
    const home = godwitHome(join(scratchDir('godwit-sfn-role-'), 'home'));
    metadata = await openMetadata(home, systemClock, {});
    await metadata.principals.create({ name: 'etl', kind: 'role', policies: [SAGEMAKER] });
    await metadata.principals.create({ name: 'reader', kind: 'role', policies: [S3_ONLY] });
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    // The local user (the home's own key from loopback) creates and starts the machines.
    sfn = new SFNClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: await localS3Credentials(home.root),
      maxAttempts: 1,
    });
  });
  after(async () => {
    sfn?.destroy();
    await server?.stop();
    await metadata?.close();
  });

  async function run(
    machine: string,
    definition: object,
    roleArn: string,
    input: object,
  ): Promise<DescribeExecutionCommandOutput> {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: machine, definition: JSON.stringify(definition), roleArn }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
    return until(
      () => sfn.send(new DescribeExecutionCommand({ executionArn })),
      (d) => d.status !== 'RUNNING',
    );
  }

  async function startedByOfJob(name: string): Promise<string | undefined> {
    const job = await metadata.jobs.get('processing', name);
    assert.equal(job?.status, 'Completed', job?.failureReason);
    return (await metadata.store.getRun(job?.runId as string))?.startedBy;
  }

  test("a processing job a Task starts runs as the machine's role: its run's startedBy is the role's ARN", async () => {
    const done = await run('as-etl', PROCESS, ETL, { job: 'etl-job' });
    assert.equal(done.status, 'SUCCEEDED', done.cause);
    assert.equal(await startedByOfJob('etl-job'), ETL);
  });

  test('a role without sagemaker:CreateProcessingJob fails the Task with SageMaker.AccessDeniedException, and no job is made', async () => {
    const done = await run('as-reader', PROCESS, NO_RIGHT, { job: 'reader-job' });
    assert.equal(done.status, 'FAILED');
    assert.equal(done.error, 'SageMaker.AccessDeniedException');
    assert.match(String(done.cause), /sagemaker:CreateProcessingJob/);
    assert.equal(await metadata.jobs.get('processing', 'reader-job'), undefined);
  });

  test("the SageMaker door's IAM check applies the role's policies to the Task's request", async () => {
    const done = await run('pipeline-as-reader', START_PIPELINE, NO_RIGHT, {});
    assert.equal(done.status, 'FAILED');
    assert.equal(done.error, 'SageMaker.AccessDeniedException');
    assert.match(String(done.cause), /sagemaker:StartPipelineExecution/);
    // etl may: the door goes on to its own answer (no such pipeline), past the IAM check.
    const allowed = await run('pipeline-as-etl', START_PIPELINE, ETL, {});
    assert.equal(allowed.status, 'FAILED');
    assert.notEqual(allowed.error, 'SageMaker.AccessDeniedException');
    assert.match(String(allowed.cause), /nightly/);
  });

  test("a role Godwit does not know has the local user's rights: the job runs as the local user", async () => {
    const done = await run('as-unknown', PROCESS, UNKNOWN, { job: 'unknown-job' });
    assert.equal(done.status, 'SUCCEEDED', done.cause);
    assert.doesNotMatch(String(await startedByOfJob('unknown-job')), /^arn:/);
  });
});
