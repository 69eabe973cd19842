import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { PYTHON } from '../helpers/boto3.js';
import { harness } from '../helpers/harness.js';

/** Real public SageMaker pipeline definitions (provenance: test/fixtures/smreal/README.md). */
export const REAL = join(import.meta.dirname, '..', 'fixtures', 'smreal');
export const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'sagemaker-boto3');
export const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };

/** A fresh home and a `godwit server` over it, in this process, on a free loopback port. */
export async function realServer() {
  const h = await harness();
  const server: RunningServer = await startServer(h.home, { host: '127.0.0.1', port: 0, log: () => {} });
  return {
    h,
    url: server.url,
    async close() {
      await server.stop();
      await h.close();
    },
  };
}

/** Runs a Python script with Debian's boto3; resolves with its stdout, rejects with its stderr. */
export function python(args: readonly string[]): Promise<string> {
  const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`python exited ${code}: ${err}`)))),
  );
}
