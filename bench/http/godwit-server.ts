/**
 * Godwit's own server for the HTTP bench, in a process of its own: `startServer` over a fresh
 * temporary home, every request going through the real router, front door and access log (written
 * to /dev/null, as a detached server writes to its log file). Prints its port; SIGTERM stops it
 * and removes the home.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { batchedLines } from '../../src/server/access-log.js';
import { startServer } from '../../src/server/start-server.js';

const root = await mkdtemp(join(tmpdir(), 'godwit-bench-http-'));
const log = batchedLines(createWriteStream('/dev/null'));
const server = await startServer(godwitHome(join(root, 'home')), { host: '127.0.0.1', port: 0, log: log.write });
process.stdout.write(`${server.port}\n`);
process.on('SIGTERM', async () => {
  await server.stop(0);
  await rm(root, { recursive: true, force: true });
  process.exit(0);
});
