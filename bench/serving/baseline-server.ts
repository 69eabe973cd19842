/**
 * The serving bench's baseline: a bare `node:http` server calling the abalone model in-process
 * through the same linear-learner instance Godwit's endpoints use, with nothing else (no routing
 * between variants, no capture, no metrics). Started in its own process by harness.ts:
 *
 *   node --conditions=godwit-source --import tsx bench/serving/baseline-server.ts <modelDir>
 *
 * prints its port on stdout. `POST /invocations` (any path) → the model's answer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { godwitHome } from '../../src/core/home.js';
import { RUNTIMES } from '../../src/serving/runtimes/index.js';

const modelDir = process.argv[2];
if (!modelDir) throw new Error('usage: baseline-server.ts <modelDir>');
const runtime = await RUNTIMES['linear-learner']();
const instance = await runtime.start({ container: {}, modelDir, home: godwitHome(tmpdir()), workDir: tmpdir() });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const request = {
      body: Buffer.concat(chunks),
      contentType: req.headers['content-type'] ?? 'text/csv',
      accept: req.headers.accept,
    };
    instance.invoke(request).then(
      (answer) => {
        res.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.body.length });
        res.end(answer.body);
      },
      (err: Error) => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(err.message);
      },
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
