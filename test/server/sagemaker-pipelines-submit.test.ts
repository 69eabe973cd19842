import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ListPipelineExecutionStepsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { main } from '../../src/cli/main.js';
import { CREDENTIALS, waitForStatus } from './sagemaker-pipelines-fixture.js';
import { serverFixture } from './server-fixture.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HELLO = join(ROOT, 'examples/yaml-hello/pipeline.yaml');

async function godwit(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        add(String(chunk));
        done();
      },
    }) as unknown as NodeJS.WriteStream;
  const code = await main(args, {
    stdout: sink((s) => {
      stdout += s;
    }),
    stderr: sink((s) => {
      stderr += s;
    }),
    cwd: ROOT,
    env,
  });
  return { code, stdout, stderr };
}

// No AWS keys in the environment: a Godwit server on loopback is reached with its local ones.
const ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1',
};

describe('godwit submit --target sagemaker --endpoint-url <a Godwit server>', () => {
  let f: Awaited<ReturnType<typeof serverFixture>>;
  let url: string;
  let sm: SageMakerClient;
  before(async () => {
    f = await serverFixture();
    url = (await f.start()).url;
    sm = new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS });
  });
  after(async () => {
    sm?.destroy();
    await f?.close();
  });

  test('uploads the code, creates the pipeline and runs it on the server; a second submit updates it', async () => {
    const args = ['submit', HELLO, '--target', 'sagemaker', '--endpoint-url', url, '--json'];
    const first = await godwit([...args, '--param', 'greeting=Hello to the local cloud'], { ...ENV, GODWIT_HOME: f.h.home.root });
    assert.equal(first.code, 0, first.stderr);
    const out = JSON.parse(first.stdout);
    assert.equal(out.action, 'created');
    const done = await waitForStatus(sm, out.execution, ['Succeeded', 'Failed']);
    assert.equal(done.PipelineExecutionStatus, 'Succeeded', done.FailureReason);
    const steps = (await sm.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: out.execution })))
      .PipelineExecutionSteps;
    assert.deepEqual(steps?.map((s) => [s.StepName, s.StepStatus]).sort(), [
      ['check-length', 'Succeeded'],
      ['hello', 'Succeeded'],
    ]);

    // Two words are fewer than min_words (3): the imported condition sends the run to its fail step.
    const second = await godwit([...args, '--param', 'greeting=Hi there'], { ...ENV, GODWIT_HOME: f.h.home.root });
    assert.equal(second.code, 0, second.stderr);
    const again = JSON.parse(second.stdout);
    assert.equal(again.action, 'updated');
    const failed = await waitForStatus(sm, again.execution, ['Succeeded', 'Failed']);
    assert.equal(failed.PipelineExecutionStatus, 'Failed');
    assert.match(failed.FailureReason ?? '', /fewer than 3 words/);
  });
});
