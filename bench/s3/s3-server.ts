/**
 * One S3 server for the S3 bench, in a process of its own, over a fresh temporary folder:
 * - `godwit`: `godwit server` (startServer over a temporary home), S3 through its front door, the
 *   access log written to /dev/null as a detached server writes to its log file;
 * - `raw`: s3rver standing alone, listening itself (its own `run()`), the baseline.
 * Both have the bucket `bench`. Prints the URL; SIGTERM stops it and removes the folder.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import { batchedLines } from '../../src/server/access-log.js';
import { startServer } from '../../src/server/start-server.js';

const kind = process.argv[2];
const root = await mkdtemp(join(tmpdir(), `godwit-bench-s3-${kind}-`));
let stop: () => Promise<void>;
if (kind === 'godwit') {
  const home = godwitHome(join(root, 'home'));
  // The bucket as a folder, as CreateBucket would make it; the door opens s3rver on first use.
  await mkdir(join(home.root, 's3', 'bench'), { recursive: true });
  const log = batchedLines(createWriteStream('/dev/null'));
  const server = await startServer(home, { host: '127.0.0.1', port: 0, log: log.write });
  process.stdout.write(`${server.url}\n`);
  stop = () => server.stop(0);
} else {
  const S3rver = createRequire(import.meta.url)('s3rver');
  const raw = new S3rver({ address: '127.0.0.1', port: 0, directory: root, silent: true, configureBuckets: [{ name: 'bench' }] });
  const { port } = await raw.run();
  process.stdout.write(`http://127.0.0.1:${port}\n`);
  stop = () => raw.close();
}
process.on('SIGTERM', async () => {
  await stop();
  await rm(root, { recursive: true, force: true });
  process.exit(0);
});
