import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SageMakerClient, type SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import { type Clock, systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

export const region = 'eu-west-1';
export const arn = (resource: string) => `arn:aws:sagemaker:${region}:000000000000:${resource}`;

/** Rejects with this AWS error type and a message holding every fragment. */
export const awsError =
  (type: string, ...fragments: string[]) =>
  (err: unknown) => {
    const e = err as SageMakerServiceException;
    assert.equal(e.name, type, String(err));
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" should mention "${f}"`);
    return true;
  };

/**
 * A server started in this process over a fresh home, the official client, unmodified, pointed at
 * it, and the home's metadata for playing the endpoint host (reporting status as it would).
 */
export async function hostingFixture(options: { clock?: Clock; log?: (line: string) => void } = {}) {
  const root = scratchDir('godwit-hosting-');
  const home = godwitHome(join(root, 'home'));
  const clock = options.clock ?? systemClock;
  const server: RunningServer = await startServer(home, { host: '127.0.0.1', port: 0, log: options.log ?? (() => {}), clock });
  const host: Metadata = await openMetadata(home, clock, {});
  const sm = new SageMakerClient({
    endpoint: server.url,
    region,
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'x' },
  });
  return {
    root,
    home,
    clock,
    server,
    host,
    sm,
    async close() {
      sm.destroy();
      await host.close();
      await server.stop();
    },
  };
}
