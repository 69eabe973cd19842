import { join } from 'node:path';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { godwitHome } from '../../src/core/home.js';
import { scaledClock } from '../../src/core/scaled-clock.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { saveLinearModel } from '../../src/ml/linear-model.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModel, variant } from '../serving/host/host-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

export const region = 'eu-west-1';
export const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };

/**
 * A real server over a fresh home, on a clock `speed` times faster than real time, serving one
 * linear-learner endpoint per name in `endpoints` (variant `A`, one instance); the official
 * Application Auto Scaling client pointed at it; and the home's metadata opened beside it.
 */
export async function autoscalingFixture(options: { speed: number; endpoints: readonly string[] }) {
  const root = scratchDir('godwit-autoscaling-server-');
  const home = godwitHome(join(root, 'home'));
  const clock = scaledClock(options.speed);
  const server: RunningServer = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25, clock });
  const metadata: Metadata = await openMetadata(home, clock, {});
  const dir = join(root, 'model');
  await saveLinearModel(dir, linearModel([1, 1], 0.5));
  await metadata.endpoints.createModel({
    name: 'm',
    containers: [{ modelDataUrl: `file://${dir}` }],
    inferenceMode: 'Serial',
    tags: [],
  });
  await metadata.endpoints.createEndpointConfig({
    name: 'c',
    productionVariants: [variant('A', 'm', 1, 1)],
    shadowVariants: [],
    tags: [],
  });
  for (const name of options.endpoints) await metadata.endpoints.createEndpoint(name, 'c');
  for (const name of options.endpoints) await instances(server.url, name);
  const client = new ApplicationAutoScalingClient({ endpoint: server.url, region, credentials });
  return {
    root,
    home,
    clock,
    server,
    metadata,
    client,
    async close() {
      client.destroy();
      await server.stop();
      await metadata.close();
    },
  };
}

/** The instances the server runs for the endpoint's variant A, waiting until it serves. */
export async function instances(url: string, name: string): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const res = await fetch(`${url}/api/v1/endpoints/${name}/live`);
    const body = (await res.json()) as { variants?: { variantName: string; instances: number }[] };
    const a = body.variants?.find((v) => v.variantName === 'A');
    if (a) return a.instances;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`endpoint ${name} never served`);
}

export const resource = (endpoint: string) => ({
  ServiceNamespace: 'sagemaker' as const,
  ResourceId: `endpoint/${endpoint}/variant/A`,
  ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const,
});
