import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { saveLinearModel } from '../../../src/ml/linear-model.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { shadowDir } from '../../../src/serving/shadow/shadow-files.js';
import { cli } from '../../cli/capture.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModel, variant } from '../host/host-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// The whole path: the official SageMaker Runtime client invokes an endpoint whose config has a
// shadow variant of equal weight (every request mirrored); the server's endpoint host records each
// pair through the shadow recorder; `godwit endpoints shadow-report` reads them back.
describe('a shadow test through godwit server and godwit endpoints shadow-report', () => {
  const root = scratchDir('godwit-shadow-server-');
  const home = godwitHome(join(root, 'home'));
  const N = 20;
  let server: RunningServer;
  let metadata: Awaited<ReturnType<typeof openMetadata>>;

  before(async () => {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25 });
    metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
    const catalog = metadata.endpoints;
    for (const [name, w] of [
      ['current', 2],
      ['candidate', 3],
    ] as const) {
      const dir = join(root, 'models', name);
      await saveLinearModel(dir, linearModel([w, 1], 0.5));
      await catalog.createModel({ name, containers: [{ modelDataUrl: `file://${dir}` }], inferenceMode: 'Serial', tags: [] });
    }
    await catalog.createEndpointConfig({
      name: 'with-shadow',
      productionVariants: [variant('AllTraffic', 'current', 1)],
      shadowVariants: [variant('Shadow', 'candidate', 1)],
      tags: [],
    });
    await catalog.createEndpoint('abalone', 'with-shadow');
    const runtime = new SageMakerRuntimeClient({
      endpoint: server.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' },
    });
    let served = false;
    for (let tries = 0; !served; tries++) {
      try {
        await runtime.send(
          new InvokeEndpointCommand({ EndpointName: 'abalone', ContentType: 'text/csv', Body: Buffer.from('0,1\n') }),
        );
        served = true;
      } catch (err) {
        if (tries > 600) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    for (let i = 1; i < N; i++) {
      const out = await runtime.send(
        new InvokeEndpointCommand({ EndpointName: 'abalone', ContentType: 'text/csv', Body: Buffer.from(`${i},1\n`) }),
      );
      assert.equal(out.InvokedProductionVariant, 'AllTraffic');
      assert.equal(Buffer.from(out.Body as Uint8Array).toString(), `${2 * i + 1.5}\n`);
    }
    runtime.destroy();
    // Counted over every day file, so a run across midnight UTC still finds them all.
    const dir = join(shadowDir(home, 'abalone'), 'Shadow');
    const lines = () =>
      existsSync(dir)
        ? readdirSync(dir).reduce((n, f) => n + readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).length, 0)
        : 0;
    await until(() => lines() >= N, `${N} shadow records`);
  });
  after(async () => {
    await server?.stop();
    await metadata?.close();
  });

  test('every mirrored request is compared: one exact match, differences of the shadow model, no errors', async () => {
    const r = await cli(['endpoints', 'shadow-report', 'abalone', '--json'], { GODWIT_HOME: home.root });
    assert.equal(r.code, 0, r.stderr);
    const [shadow] = JSON.parse(r.stdout).variants;
    assert.equal(shadow.shadowVariant, 'Shadow');
    assert.deepEqual(shadow.productionVariants, ['AllTraffic']);
    assert.equal(shadow.requests, N);
    assert.equal(shadow.compared, N);
    // The candidate scores 3a + b + 0.5 against 2a + b + 0.5: equal only for a = 0.
    assert.equal(shadow.exactMatches, 1);
    assert.equal(shadow.difference.maxAbs, N - 1);
    assert.equal(shadow.difference.meanAbs, (N - 1) / 2);
    assert.deepEqual(shadow.errors, { production: { count: 0, byCode: {} }, shadow: { count: 0, byCode: {} } });
    assert.equal(shadow.latency.production.count, N);
    assert.ok(shadow.latency.shadow.p99 > 0);
  });
});
