import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Clock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

export const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };

/** A fresh home and a real server on a free loopback port, with the official EventBridge client pointed at it. */
export async function eventsServer(options: { clock?: Clock } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'godwit-events-door-'));
  const home = godwitHome(join(root, 'home'));
  const lines: string[] = [];
  const server: RunningServer = await startServer(home, {
    host: '127.0.0.1',
    port: 0,
    log: (line) => lines.push(line),
    endpointTickMs: 50,
    ...options,
  });
  const client = new EventBridgeClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS });
  return {
    home,
    server,
    client,
    lines,
    async close() {
      client.destroy();
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
