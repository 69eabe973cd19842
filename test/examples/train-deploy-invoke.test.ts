import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { godwitHome } from '../../src/core/home.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { sklearnMissing } from '../contracts/helpers.js';
import { boto3Missing, PYTHON, skipWithoutBoto3 } from '../helpers/boto3.js';
import { scratchDir } from '../helpers/scratch.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(REPO, 'examples/sagemaker-boto3/train_deploy_invoke.py');

// The example as a user runs it: a server and the boto3 script, unmodified, given the server's URL.
// It trains with the real scikit-learn and serves with serve.py, so it needs both.
const skip = skipWithoutBoto3 || sklearnMissing() || false;

describe('examples/sagemaker-boto3/train_deploy_invoke.py end to end', { skip }, () => {
  const dir = scratchDir('godwit-train-deploy-');
  const home = godwitHome(join(dir, 'home'));
  let server: RunningServer;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    process.env.GODWIT_PYTHON ??= PYTHON;
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
  });
  after(() => server?.stop());

  const run = async (args: string[]) => {
    const child = spawn(PYTHON, [SCRIPT, '--endpoint-url', server.url, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: dir },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, out };
  };

  const checkOutput = (name: string, out: string, modelUri: RegExp) => {
    assert.match(
      out,
      new RegExp(`Training job ${name} Completed in \\d+ billable s: train:rmse = [0-9.]+, validation:rmse = [0-9.]+`),
    );
    const [, rmse] = /validation:rmse = ([0-9.]+)/.exec(out) ?? [];
    // Rings range from 1 to 29; a boosted-tree model of this size misses by about two.
    assert.ok(Number(rmse) > 0.5 && Number(rmse) < 4, out);
    assert.match(out, modelUri);
    const m = /Predicted rings: (-?\d+(\.\d+)?(e-?\d+)?) \(actual (\d+), variant AllTraffic\)/.exec(out);
    assert.ok(m, out);
    assert.ok(Number(m[1]) > 1 && Number(m[1]) < 30, out);
    assert.match(out, new RegExp(`Deleted endpoint, endpoint config and model ${name}\\.`));
    assert.doesNotMatch(out, /cleanup:/);
  };

  test('trains on s3:// data with a sourcedir.tar.gz in S3, deploys model.tar.gz, invokes it', async () => {
    const { code, out } = await run(['--name', 'abalone-s3']);
    assert.equal(code, 0, out);
    checkOutput('abalone-s3', out, /Model artifacts: s3:\/\/godwit-abalone-boto3\/output\/abalone-s3\/output\/model\.tar\.gz/);
  });

  test('trains on file:// data, as SageMaker local mode names it', async () => {
    const work = join(dir, 'local');
    const { code, out } = await run(['--name', 'abalone-file', '--local-data', '--work-dir', work]);
    assert.equal(code, 0, out);
    checkOutput('abalone-file', out, new RegExp(`Model artifacts: file://${work}/output/abalone-file/output/model\\.tar\\.gz`));
  });
});
