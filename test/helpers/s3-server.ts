import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scratchDir } from './scratch.js';

/** A real S3 server on loopback for one test file, and the environment that reaches it. */
export interface TestS3Server {
  readonly endpoint: string;
  /** The folder s3rver keeps its buckets in. */
  readonly dir: string;
  /** AWS_* variables for the server's own credentials and a region. */
  readonly env: Readonly<Record<string, string>>;
  readonly stop: () => Promise<void>;
}

const running: (() => Promise<void>)[] = [];
after(() => Promise.all(running.map((stop) => stop())));

const CHILD = fileURLToPath(new URL('./s3rver-child.mjs', import.meta.url));

/**
 * Starts s3rver in a child process (port 0, a scratch folder) with `buckets` created; it is
 * stopped when the file's tests end. s3rver stores the SDK's aws-chunked streamed uploads
 * verbatim; Godwit's S3 door in `godwit server` decodes them.
 */
export async function startS3rver(buckets: readonly string[]): Promise<TestS3Server> {
  const dir = scratchDir('godwit-s3rver-');
  const child: ChildProcess = spawn(process.execPath, [CHILD, join(dir, 'data'), ...buckets], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await Promise.race([
    once(createInterface({ input: child.stdout! }), 'line'),
    once(child, 'exit').then(() => Promise.reject(new Error('s3rver exited before it listened'))),
  ])) as [string];
  const { port } = JSON.parse(line) as { port: number };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  running.push(stop);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    dir,
    env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' },
    stop,
  };
}
