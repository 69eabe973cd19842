import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { godwitHome } from '../../src/core/home.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../helpers/boto3.js';
import { scratchDir } from '../helpers/scratch.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(REPO, 'examples/sagemaker-boto3/run_pipeline.py');

// The example as a user runs it: a server, and the boto3 script, unmodified, given the server's URL.
describe('examples/sagemaker-boto3/run_pipeline.py end to end', { skip }, () => {
  let server: RunningServer;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    const home = godwitHome(join(scratchDir('godwit-boto3-pipeline-'), 'home'));
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
  });
  after(() => server?.stop());

  test('creates the pipeline, starts it, waits, lists its steps with their metadata, deletes it', async () => {
    const child = spawn(PYTHON, [SCRIPT, '--endpoint-url', server.url, '--sentence', 'one two three four'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, `${out}\n${err}`);
    assert.match(out, /^Started arn:aws:sagemaker:us-east-1:000000000000:pipeline\/words-boto3\/execution\/\S+$/m);
    assert.match(out, /^Execution Succeeded$/m);
    assert.match(
      out,
      /^ {2}SplitWords: Succeeded \{"ProcessingJob": \{"Arn": "arn:aws:sagemaker:us-east-1:000000000000:processing-job\/pipelines-/m,
    );
    assert.match(out, /^ {2}EnoughWords: Succeeded \{"Condition": \{"Outcome": "True"\}\}$/m);
    assert.match(out, /^Deleted pipeline words-boto3\.$/m);
  });
});
