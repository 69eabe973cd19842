/**
 * Put then get of one artifact on a local S3 server through Godwit's S3 store (SHA-256 first,
 * recorded as metadata, multipart upload, digest re-checked on download) beside the raw AWS SDK
 * (lib-storage Upload from a file stream, GetObject piped to a file), same server, same run.
 * Each transfer runs in a child process of its own, Godwit and SDK interleaved, so the peak RSS
 * printed is that transfer's. Usage:
 *
 *   node --conditions=godwit-source --import tsx bench/s3/store.ts [--sizes 16,256,1024] [--repeat 3]
 *
 * The server is `godwit server`'s S3 door (`--server godwit`, the default: what s3:// reaches
 * offline) or a bare s3rver (`--server s3rver`, test/helpers/s3rver-child.mjs), each in its own
 * process.
 */
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '16,256,1024' },
    repeat: { type: 'string', default: '3' },
    server: { type: 'string', default: 'godwit' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const repeat = Number(values.repeat);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'godwit-bench-s3-'));

async function startServer(): Promise<{ endpoint: string; stop: () => void }> {
  if (values.server === 'godwit') return startGodwitServer();
  const child = spawn(process.execPath, [here('../../test/helpers/s3rver-child.mjs'), join(dir, 's3'), 'bench'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { endpoint: `http://127.0.0.1:${JSON.parse(line).port}`, stop: () => child.kill('SIGTERM') };
}

/** `godwit server` for a scratch home, in its own process: its S3 door over <home>/s3/. */
async function startGodwitServer(): Promise<{ endpoint: string; stop: () => void }> {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const tsx = import.meta.resolve('tsx');
  const child = spawn(
    process.execPath,
    ['--conditions=godwit-source', '--import', tsx, here('../../src/cli/bin.ts'), 'server', '--port', String(port)],
    { stdio: 'ignore', env: { ...process.env, GODWIT_HOME: join(dir, 'home') } },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${endpoint}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 200) throw new Error('godwit server did not answer');
    await new Promise((r) => setTimeout(r, 100));
  }
  const admin = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await admin.send(new CreateBucketCommand({ Bucket: 'bench' }));
  admin.destroy();
  return { endpoint, stop: () => child.kill('SIGTERM') };
}

/** A file of `mib` MiB of incompressible bytes, written in 1 MiB chunks. */
async function makeFile(mib: number): Promise<string> {
  const path = join(dir, `object-${mib}.bin`);
  const out = createWriteStream(path);
  const { randomBytes } = await import('node:crypto');
  for (let i = 0; i < mib; i++)
    if (!out.write(randomBytes(1024 * 1024))) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
  return path;
}

interface Result {
  put: number;
  get: number;
  total: number;
  cpu: number;
  maxRssKiB: number;
}

async function transfer(mode: 'godwit' | 'sdk', endpoint: string, file: string): Promise<Result> {
  const tsx = import.meta.resolve('tsx');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=godwit-source', '--import', tsx, here('./transfer-child.ts'), mode, endpoint, 'bench', file],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await startServer();
try {
  console.log(`S3 server ${server.endpoint}; ${repeat} runs per size, Godwit and SDK interleaved; medians`);
  console.log(
    'size      | godwit put+get | sdk put+get | throughput ratio | godwit CPU | sdk CPU | godwit peak RSS | sdk peak RSS',
  );
  for (const mib of sizes) {
    const file = await makeFile(mib);
    const runs: Record<'godwit' | 'sdk', Result[]> = { godwit: [], sdk: [] };
    for (let i = 0; i < repeat; i++)
      for (const mode of ['sdk', 'godwit'] as const) runs[mode].push(await transfer(mode, server.endpoint, file));
    const m = (mode: 'godwit' | 'sdk', f: keyof Result) => median(runs[mode].map((r) => r[f]));
    const ratio = m('sdk', 'total') / m('godwit', 'total');
    console.log(
      `${String(mib).padStart(5)} MiB | ${m('godwit', 'total').toFixed(2)} s (put ${m('godwit', 'put').toFixed(2)}) | ${m('sdk', 'total').toFixed(2)} s (put ${m('sdk', 'put').toFixed(2)}) | ${ratio.toFixed(2)}× | ${m('godwit', 'cpu').toFixed(2)} s | ${m('sdk', 'cpu').toFixed(2)} s | ${(m('godwit', 'maxRssKiB') / 1024).toFixed(0)} MiB | ${(m('sdk', 'maxRssKiB') / 1024).toFixed(0)} MiB`,
    );
    await rm(file, { force: true });
  }
} finally {
  server.stop();
  await rm(dir, { recursive: true, force: true });
}
