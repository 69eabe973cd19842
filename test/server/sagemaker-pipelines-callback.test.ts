import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreatePipelineCommand,
  ListPipelineExecutionStepsCommand,
  ResourceNotFound,
  RetryPipelineExecutionCommand,
  SageMakerClient,
  SendPipelineExecutionStepFailureCommand,
  SendPipelineExecutionStepSuccessCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { CREDENTIALS, FIXTURES, uploadScript, waitForStatus } from './sagemaker-pipelines-fixture.js';
import { serverFixture } from './server-fixture.js';

// A Callback step of an SDK-shaped definition waits, in the server, until its token is settled.
describe('SageMaker Callback steps: SendPipelineExecutionStepSuccess / Failure', () => {
  let f: Awaited<ReturnType<typeof serverFixture>>;
  let sm: SageMakerClient;
  before(async () => {
    f = await serverFixture();
    const { url } = await f.start();
    sm = new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS });
    await uploadScript(url);
    const definition = await readFile(join(FIXTURES, 'callback.definition.json'), 'utf8');
    await sm.send(
      new CreatePipelineCommand({ PipelineName: 'approval', PipelineDefinition: definition, RoleArn: 'arn:aws:iam::0:role/x' }),
    );
  });
  after(async () => {
    sm?.destroy();
    await f?.close();
  });

  const steps = async (arn: string) =>
    (await sm.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }))).PipelineExecutionSteps ?? [];

  /** The waiting callback step's token, once the step has one (15 s at most). */
  async function tokenOf(arn: string, not?: string): Promise<string> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const approve = (await steps(arn)).find((s) => s.StepName === 'Approve');
      const token = approve?.Metadata?.Callback?.CallbackToken;
      if (token && token !== not && approve?.StepStatus === 'Executing') return token;
      if (Date.now() > deadline) throw new Error(`no waiting callback token: ${JSON.stringify(approve)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  test('the step waits for its token; a success with OutputParameters lets the run go on', async () => {
    const { PipelineExecutionArn: arn } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'approval' }));
    const token = await tokenOf(arn as string);
    await assert.rejects(
      sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: 'no-such-token' })),
      (err) => err instanceof ResourceNotFound,
    );
    const sent = await sm.send(
      new SendPipelineExecutionStepSuccessCommand({
        CallbackToken: token,
        OutputParameters: [{ Name: 'ticket', Value: 'T-42' }],
      }),
    );
    assert.equal(sent.PipelineExecutionArn, arn);
    const done = await waitForStatus(sm, arn as string, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
    const approve = (await steps(arn as string)).find((s) => s.StepName === 'Approve');
    assert.deepEqual(approve?.Metadata?.Callback, {
      CallbackToken: token,
      OutputParameters: [{ Name: 'ticket', Value: 'T-42' }],
    });
    assert.equal(approve?.StepStatus, 'Succeeded');
    await assert.rejects(
      sm.send(new SendPipelineExecutionStepFailureCommand({ CallbackToken: token, FailureReason: 'late' })),
      /already settled/,
    );
  });

  test('a failure fails the execution with its reason; a retry waits for a new token', async () => {
    const { PipelineExecutionArn: arn } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'approval' }));
    const first = await tokenOf(arn as string);
    await sm.send(
      new SendPipelineExecutionStepFailureCommand({ CallbackToken: first, FailureReason: 'rejected by the reviewer' }),
    );
    const failed = await waitForStatus(sm, arn as string, ['Succeeded', 'Failed']);
    assert.equal(failed.PipelineExecutionStatus, 'Failed');
    assert.match(failed.FailureReason ?? '', /rejected by the reviewer/);

    await sm.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn }));
    const second = await tokenOf(arn as string, first);
    assert.notEqual(second, first);
    await sm.send(
      new SendPipelineExecutionStepSuccessCommand({
        CallbackToken: second,
        OutputParameters: [{ Name: 'ticket', Value: 'T-43' }],
      }),
    );
    const done = await waitForStatus(sm, arn as string, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
  });
});
