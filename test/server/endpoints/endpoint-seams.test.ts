import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { saveLinearModel } from '../../../src/ml/linear-model.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { shadowReport } from '../../../src/serving/shadow/shadow-report.js';
import { scratchDir } from '../../helpers/scratch.js';
import { linearModel, variant } from '../../serving/host/host-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

async function jsonLines(dir: string): Promise<Record<string, unknown>[]> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.jsonl'));
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  return texts.flatMap((t) =>
    t
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  );
}

// Capture and shadow tests as the server wires them: the capture writer and the shadow recorder.
describe('an endpoint with data capture and a shadow variant, served by godwit server', () => {
  const root = scratchDir('godwit-seams-');
  const home = godwitHome(join(root, 'home'));
  const captureDir = join(root, 'capture');
  let server: RunningServer;
  let runtime: SageMakerRuntimeClient;
  let metadata: Awaited<ReturnType<typeof openMetadata>>;

  before(async () => {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25 });
    metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
    const catalog = metadata.endpoints;
    for (const [name, w] of [
      ['prod', 2],
      ['challenger', 2.001],
    ] as const) {
      const dir = join(root, 'models', name);
      await saveLinearModel(dir, linearModel([w, 0], 0));
      await catalog.createModel({ name, containers: [{ modelDataUrl: dir }], inferenceMode: 'Serial', tags: [] });
    }
    await catalog.createEndpointConfig({
      name: 'cfg',
      productionVariants: [variant('Prod', 'prod', 1)],
      shadowVariants: [variant('Shadow', 'challenger', 1)],
      dataCapture: {
        enableCapture: true,
        initialSamplingPercentage: 100,
        destinationS3Uri: `file://${captureDir}`,
        captureModes: ['Input', 'Output'],
        csvContentTypes: ['text/csv'],
        jsonContentTypes: ['application/json'],
      },
      tags: [],
    });
    await catalog.createEndpoint('scored', 'cfg');
    runtime = new SageMakerRuntimeClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    for (let i = 0; i < 300; i++) {
      const body = (await (await fetch(`${server.url}/api/v1/endpoints/scored/live`)).json()) as { variants?: unknown[] };
      if (body.variants?.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  after(async () => {
    runtime?.destroy();
    await server?.stop();
    await metadata?.close();
  });

  test("every response is captured in SageMaker's format, and every request mirrored to the shadow", async () => {
    const n = 50;
    for (let i = 0; i < n; i++) {
      const out = await runtime.send(
        new InvokeEndpointCommand({
          EndpointName: 'scored',
          ContentType: 'text/csv',
          Body: Buffer.from(`${i},1\n`),
          InferenceId: `id-${i}`,
        }),
      );
      assert.equal(out.InvokedProductionVariant, 'Prod');
      assert.equal(Buffer.from(out.Body).toString().trim(), String(2 * i));
    }
    const live = (await (await fetch(`${server.url}/api/v1/endpoints/scored/live`)).json()) as { capture: { offered: number } };
    assert.equal(live.capture.offered, n);
    await server.stop();
    const lines = await jsonLines(join(captureDir, 'scored', 'Prod'));
    assert.equal(lines.length, n);
    const first = lines.find((l) => (l.eventMetadata as { inferenceId?: string }).inferenceId === 'id-3') as {
      captureData: { endpointInput: { data: string; observedContentType: string }; endpointOutput: { data: string } };
    };
    assert.equal(first.captureData.endpointInput.data, '3,1\n');
    assert.equal(first.captureData.endpointInput.observedContentType, 'text/csv');
    assert.equal(first.captureData.endpointOutput.data.trim(), '6');
    const report = await shadowReport(home, 'scored', { tolerance: 0.01 });
    assert.equal(report.variants[0].shadowVariant, 'Shadow');
    assert.equal(report.variants[0].requests, n);
    assert.equal(report.variants[0].compared, n);
  });
});
