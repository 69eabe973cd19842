import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreatePipelineCommand,
  ListPipelineExecutionStepsCommand,
  SageMakerClient,
  SendPipelineExecutionStepSuccessCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { CREDENTIALS, FIXTURES, uploadScript, waitForStatus } from '../server/sagemaker-pipelines-fixture.js';
import { realServer } from './real-definitions-fixture.js';

// Steps after a Callback step read what its success carried: Steps.Approve.OutputParameters['…'].
describe("a Callback step's OutputParameters read by later steps", () => {
  let server: Awaited<ReturnType<typeof realServer>>;
  let sm: SageMakerClient;
  let s3: S3Client;
  before(async () => {
    server = await realServer();
    sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS });
    s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
    await uploadScript(server.url);
    const definition = await readFile(join(FIXTURES, 'callback-outputs.definition.json'), 'utf8');
    await sm.send(
      new CreatePipelineCommand({ PipelineName: 'approval', PipelineDefinition: definition, RoleArn: 'arn:aws:iam::0:role/x' }),
    );
  });
  after(async () => {
    sm?.destroy();
    s3?.destroy();
    await server?.close();
  });

  /** Starts an execution, answers its callback with `values`, and waits for it to end. */
  async function approveWith(values: Record<string, string>) {
    const { PipelineExecutionArn: arn } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'approval' }));
    const deadline = Date.now() + 15_000;
    let token: string | undefined;
    while (!token) {
      const steps = (await sm.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }))).PipelineExecutionSteps;
      token = steps?.find((s) => s.StepName === 'Approve' && s.StepStatus === 'Executing')?.Metadata?.Callback?.CallbackToken;
      if (Date.now() > deadline) throw new Error('no callback token');
      if (!token) await new Promise((r) => setTimeout(r, 100));
    }
    const OutputParameters = Object.entries(values).map(([Name, Value]) => ({ Name, Value }));
    await sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: token, OutputParameters }));
    return { arn: arn as string, ...(await waitForStatus(sm, arn as string, ['Succeeded', 'Failed'])) };
  }

  test("a String value becomes the processing step's argument; an Integer one is compared as a number", async () => {
    const done = await approveWith({ ticket: 'T-42', count: '3' });
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'godwit-pipelines-test', Key: 'output/callback/value.txt' }));
    assert.equal(await got.Body?.transformToString(), 'T-42\n');

    // A selective execution of Prep alone reads the value the source execution's callback carried.
    await s3.send(new PutObjectCommand({ Bucket: 'godwit-pipelines-test', Key: 'output/callback/value.txt', Body: 'stale' }));
    const { PipelineExecutionArn: again } = await sm.send(
      new StartPipelineExecutionCommand({
        PipelineName: 'approval',
        SelectiveExecutionConfig: { SourcePipelineExecutionArn: done.arn, SelectedSteps: [{ StepName: 'Prep' }] },
      }),
    );
    const rerun = await waitForStatus(sm, again as string, ['Succeeded', 'Failed']);
    assert.equal(rerun.PipelineExecutionStatus, 'Succeeded', rerun.FailureReason);
    const reread = await s3.send(new GetObjectCommand({ Bucket: 'godwit-pipelines-test', Key: 'output/callback/value.txt' }));
    assert.equal(await reread.Body?.transformToString(), 'T-42\n');
  });

  test('the Fail branch taken on the value, its message joining another value', async () => {
    const done = await approveWith({ ticket: 'T-7', count: '1' });
    assert.equal(done.PipelineExecutionStatus, 'Failed');
    assert.match(done.FailureReason ?? '', /ticket T-7 approved too few/);
  });

  test('a success lacking a declared value fails the callback step, naming it', async () => {
    const done = await approveWith({ ticket: 'T-9' });
    assert.equal(done.PipelineExecutionStatus, 'Failed');
    assert.match(done.FailureReason ?? '', /lacks count/);
  });
});
