import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CreatePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  SageMakerClient,
  SendPipelineExecutionStepSuccessCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { serverChild } from '../../helpers/server-child.js';
import { waitForStatus } from '../../server/sagemaker-pipelines-fixture.js';
import { CREDENTIALS } from '../real-definitions-fixture.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/serve.ts', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
});

const client = (url: string) => new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS });

/** A Callback step as the SageMaker SDK writes one (`CallbackStep(...).to_request()`), then a second one reading its output. */
const DEFINITION = JSON.stringify({
  Version: '2020-12-01',
  Parameters: [{ Name: 'Model', Type: 'String', DefaultValue: 's3://models/churn/7' }],
  Steps: [
    {
      Name: 'Approve',
      Type: 'Callback',
      Arguments: { model: { Get: 'Parameters.Model' } },
      SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/approvals',
      OutputParameters: [{ OutputName: 'ticket', OutputType: 'String' }],
    },
    {
      Name: 'Record',
      Type: 'Callback',
      DependsOn: ['Approve'],
      Arguments: { ticket: { Get: "Steps.Approve.OutputParameters['ticket']" } },
      SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/records',
    },
  ],
});

async function tokenOf(sm: SageMakerClient, arn: string, step: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const { PipelineExecutionSteps: steps = [] } = await sm.send(
      new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }),
    );
    const token = steps.find((s) => s.StepName === step)?.Metadata?.Callback?.CallbackToken;
    if (token) return token;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${step} shows no callback token`);
}

// The token lives in the database: a server killed (kill -9) while an execution waits on it
// leaves nothing to lose, so the next server resumes the execution instead of failing it, and an
// answer through the SageMaker door (the official SDK) finishes it.
describe('a callback step across a server that dies', () => {
  const home = godwitHome(join(scratchDir('godwit-callback-restart-'), 'home'));
  let server: RunningServer | undefined;
  after(() => server?.stop());

  test('kill -9 while it waits, restart: still Executing, same token; SendPipelineExecutionStepSuccess finishes it', async () => {
    const first = await serverChild(FIXTURE, home.root, children);
    const sm = client(first.url);
    await sm.send(
      new CreatePipelineCommand({ PipelineName: 'approvals', PipelineDefinition: DEFINITION, RoleArn: 'arn:aws:iam::0:role/x' }),
    );
    const { PipelineExecutionArn: arn = '' } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'approvals' }));
    const token = await tokenOf(sm, arn, 'Approve');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    sm.destroy();

    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
    const again = client(server.url);
    const d = await again.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    assert.equal(d.PipelineExecutionStatus, 'Executing', 'an execution waiting on a callback is resumed, not failed');
    assert.equal(await tokenOf(again, arn, 'Approve'), token, 'it waits on the token it had');
    const answered = await again.send(
      new SendPipelineExecutionStepSuccessCommand({
        CallbackToken: token,
        OutputParameters: [{ Name: 'ticket', Value: 'CHG-42' }],
      }),
    );
    assert.equal(answered.PipelineExecutionArn, arn);
    const second = await tokenOf(again, arn, 'Record');
    await again.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: second }));
    const done = await waitForStatus(again, arn, ['Succeeded', 'Failed', 'Stopped']);
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
    again.destroy();
  });
});
