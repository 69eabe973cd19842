import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { cli } from '../cli/capture.js';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../helpers/boto3.js';
import { scratchDir } from '../helpers/scratch.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(REPO, 'examples/sagemaker-boto3/deploy_and_invoke.py');

// The example as a user runs it: the abalone model trained by the abalone example, a server,
// and the boto3 script, unmodified, given the server's URL and the model's URI.
describe('examples/sagemaker-boto3 end to end', { skip }, () => {
  const home = godwitHome(join(scratchDir('godwit-boto3-example-'), 'home'));
  let server: RunningServer;
  let modelUri: string;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    const trained = await cli(['run', 'examples/abalone/pipeline.ts'], { GODWIT_HOME: home.root }, REPO);
    assert.equal(trained.code, 0, trained.stderr);
    const metadata = await openMetadata(home, systemClock, {});
    modelUri = (await metadata.registry.listVersions('AbaloneModelPackageGroup'))[0].modelUri;
    await metadata.close();
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {} });
  });
  after(() => server?.stop());

  test('creates a model, config and endpoint, waits for InService, invokes it, prints the prediction, cleans up', async () => {
    const child = spawn(PYTHON, [SCRIPT, '--endpoint-url', server.url, '--model-data', modelUri], {
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
    const m = /Predicted rings: (-?\d+(\.\d+)?(e-?\d+)?) \(variant AllTraffic\)/.exec(out);
    assert.ok(m, out);
    // An abalone has a few to about thirty rings; the linear model's answer for a typical one is in that range.
    assert.ok(Number(m[1]) > 1 && Number(m[1]) < 30, out);
    assert.match(out, /Deleted endpoint, endpoint config and model abalone-boto3\./);
    assert.doesNotMatch(out, /cleanup:/);
    const metadata = await openMetadata(home, systemClock, {});
    try {
      assert.deepEqual(await metadata.endpoints.listModels(), []);
      assert.deepEqual(await metadata.endpoints.listEndpointConfigs(), []);
    } finally {
      await metadata.close();
    }
  });
});
