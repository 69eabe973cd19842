import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { godwitHome } from '../../../src/core/home.js';
import type { EndpointCatalog } from '../../../src/endpoints/endpoint-records.js';
import { openMetadata } from '../../../src/meta/index.js';
import { saveLinearModel } from '../../../src/ml/linear-model.js';
import { startDetached } from '../../../src/server/client.js';
import { logFile } from '../../../src/server/server-files.js';
import { gone } from '../../helpers/godwit-process.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModel, variant } from '../../serving/host/host-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

const started: number[] = [];
after(() => {
  // A failed test must not leave a detached server behind.
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
});

async function liveVariants(url: string, name: string, want: number) {
  for (let i = 0; i < 500; i++) {
    const body = (await (await fetch(`${url}/api/v1/endpoints/${name}/live`)).json()) as {
      variants?: { variantName: string; instances: number }[];
    };
    if ((body.variants?.length ?? 0) >= want) return body.variants;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`endpoint ${name} never served`);
}

/** Waits (up to 30 s: the machine may be loaded) until the server has reported the endpoint InService. */
async function inService(catalog: EndpointCatalog, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await catalog.getEndpoint(name))?.status !== 'InService') {
    if (Date.now() > deadline) throw new Error(`${name} is ${(await catalog.getEndpoint(name))?.status}, not InService`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('endpoints survive kill -9 of a real godwit server process', () => {
  test('after kill -9 and a new start, every endpoint is InService again with its variants and weights', async () => {
    const root = scratchDir('godwit-restart-');
    const home = godwitHome(join(root, 'home'));
    const env = { ...process.env };
    const first = await startDetached(home, { port: 0, env });
    started.push(first.pid);
    const metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
    try {
      const catalog = metadata.endpoints;
      for (const [name, w] of [
        ['m2', 2],
        ['m3', 3],
      ] as const) {
        const dir = join(root, 'models', name);
        await saveLinearModel(dir, linearModel([w], 0));
        await catalog.createModel({ name, containers: [{ modelDataUrl: dir }], inferenceMode: 'Serial', tags: [] });
      }
      await catalog.createEndpointConfig({
        name: 'ab',
        productionVariants: [variant('A', 'm2', 1, 2), variant('B', 'm3', 1)],
        shadowVariants: [],
        tags: [],
      });
      await catalog.createEndpoint('durable', 'ab');
      await liveVariants(first.url, 'durable', 2);
      await inService(catalog, 'durable');
      await catalog.updateWeightsAndCapacities('durable', [{ variantName: 'A', weight: 0 }]);
      await inService(catalog, 'durable');

      process.kill(first.pid, 'SIGKILL');
      assert.ok(await gone(first.pid), 'the first server is gone');
      const second = await startDetached(home, { port: 0, env });
      started.push(second.pid);
      // The server records its URL only once its endpoints are back: no waiting needed.
      const now = (await (await fetch(`${second.url}/api/v1/endpoints/durable/live`)).json()) as {
        variants: { variantName: string; instances: number }[];
      };
      const variants = now.variants;
      const log = () => readFileSync(logFile(home), 'utf8');
      assert.deepEqual(
        variants?.map((v) => [v.variantName, v.instances]),
        [
          ['A', 2],
          ['B', 1],
        ],
        log(),
      );
      const record = await catalog.getEndpoint('durable');
      assert.equal(record?.status, 'InService', log());
      assert.deepEqual(record?.variants, [
        { variantName: 'A', weight: 0, instanceCount: 2 },
        { variantName: 'B', weight: 1, instanceCount: 1 },
      ]);
      const runtime = new SageMakerRuntimeClient({
        endpoint: second.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      for (let i = 0; i < 20; i++) {
        const out = await runtime.send(
          new InvokeEndpointCommand({ EndpointName: 'durable', ContentType: 'text/csv', Body: Buffer.from('2\n') }),
        );
        assert.equal(out.InvokedProductionVariant, 'B', 'weight 0 on A survived the restart');
        assert.equal(Buffer.from(out.Body).toString().trim(), '6');
      }
      runtime.destroy();
      process.kill(second.pid, 'SIGTERM');
      assert.ok(await gone(second.pid));
    } finally {
      await metadata.close();
    }
  });
});
