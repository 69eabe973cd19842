import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreatePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { loadConfig } from '../../../src/config/config.js';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { cli } from '../../cli/capture.js';
import { scratchDir } from '../../helpers/scratch.js';
import { CREDENTIALS, waitForStatus } from '../../server/sagemaker-pipelines-fixture.js';

const definition = (step: string, queue = 'reviews') =>
  JSON.stringify({
    Version: '2020-12-01',
    Parameters: [],
    Steps: [
      {
        Name: step,
        Type: 'Callback',
        Arguments: { asked: 'by the test' },
        SqsQueueUrl: `https://sqs.us-east-1.amazonaws.com/000000000000/${queue}`,
        OutputParameters: [{ OutputName: 'ticket', OutputType: 'String' }],
      },
    ],
  });

// `godwit pipelines callback succeed|fail` answers a token on the home's records, from another
// process than the server waiting on it, as SendPipelineExecutionStepSuccess / …Failure do.
describe('godwit pipelines callback succeed|fail', () => {
  const dir = scratchDir('godwit-callback-cli-');
  const home = godwitHome(join(dir, 'home'));
  const env = { GODWIT_HOME: home.root };
  const received = join(dir, 'received.json');
  let server: RunningServer;
  let sm: SageMakerClient;
  before(async () => {
    // The server's godwit.config.yaml maps one queue to a command, as a user's project would.
    writeFileSync(join(dir, 'consumer.sh'), `#!/bin/sh\ncat > "${received}"\n`, { mode: 0o755 });
    writeFileSync(
      join(dir, 'godwit.config.yaml'),
      'workflows:\n  queues:\n    "https://sqs.*.amazonaws.com/*/tickets": { command: [./consumer.sh] }\n',
    );
    const config = loadConfig({ cwd: dir, env: {} });
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, config });
    sm = new SageMakerClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS });
  });
  after(async () => {
    sm?.destroy();
    await server?.stop();
  });

  async function waiting(pipeline: string, queue?: string): Promise<{ arn: string; token: string }> {
    await sm.send(
      new CreatePipelineCommand({
        PipelineName: pipeline,
        PipelineDefinition: definition('Review', queue),
        RoleArn: 'arn:aws:iam::0:role/x',
      }),
    );
    const { PipelineExecutionArn: arn = '' } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: pipeline }));
    for (let i = 0; i < 400; i++) {
      const { PipelineExecutionSteps: steps = [] } = await sm.send(
        new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }),
      );
      const token = steps[0]?.Metadata?.Callback?.CallbackToken;
      if (token) return { arn, token };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no token');
  }

  test('succeed with --output values: the execution the server runs succeeds', async () => {
    const { arn, token } = await waiting('review-ok');
    const r = await cli(['pipelines', 'callback', 'succeed', token, '--output', 'ticket=CHG-42'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`Callback token ${token} succeeded for step "Review" of execution .* \\(pipeline review-ok\\)`),
    );
    const done = await waitForStatus(sm, arn, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
    const again = await cli(['pipelines', 'callback', 'fail', token], env);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already settled \(succeeded\)/);
  });

  test('fail with --reason: the execution fails with it; wrong flags and unknown tokens are refused', async () => {
    const { arn, token } = await waiting('review-no');
    assert.equal((await cli(['pipelines', 'callback', 'fail', token, '--output', 'a=b'], env)).code, 2);
    assert.equal((await cli(['pipelines', 'callback', 'succeed', token, '--output', 'novalue'], env)).code, 2);
    assert.equal((await cli(['pipelines', 'callback', 'approve', token], env)).code, 2);
    const unknown = await cli(['pipeline', 'callback', 'fail', 'ffffffffffffffffffff'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No callback step waits for the token "ffffffffffffffffffff"/);
    const r = await cli(['pipelines', 'callback', 'fail', token, '--reason', 'rejected in review', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status, 'failed');
    await waitForStatus(sm, arn, ['Failed', 'Succeeded']);
    const d = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    assert.equal(d.PipelineExecutionStatus, 'Failed');
    const { PipelineExecutionSteps: [step] = [] } = await sm.send(
      new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }),
    );
    assert.match(step.FailureReason ?? '', /rejected in review/);
  });

  test("the command godwit.config.yaml maps the step's queue to gets the message; its token answers the step", async () => {
    const { arn, token } = await waiting('ticketing', 'tickets');
    let sqs: { QueueUrl: string; MessageBody: string } | undefined;
    for (let i = 0; i < 400 && !sqs; i++) {
      try {
        sqs = JSON.parse(readFileSync(received, 'utf8'));
      } catch {
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    assert.equal(sqs?.QueueUrl, 'https://sqs.us-east-1.amazonaws.com/000000000000/tickets');
    const body = JSON.parse(sqs?.MessageBody ?? '{}');
    assert.deepEqual(body, {
      token,
      pipelineExecutionArn: arn,
      arguments: { asked: 'by the test' },
      status: 'Executing',
      queueUrl: sqs?.QueueUrl,
    });
    assert.equal((await cli(['pipelines', 'callback', 'succeed', body.token, '--output', 'ticket=T-9'], env)).code, 0);
    assert.equal((await waitForStatus(sm, arn, ['Succeeded', 'Failed'])).PipelineExecutionStatus, 'Succeeded');
  });
});
