/**
 * Data capture: what `offer` costs on the request path, and how fast the background writer stores
 * records, each beside a baseline in the same run.
 *
 * - offer: Godwit's `offer` (append to a queue; lines are built later) vs building the SageMaker
 *   JSON line and writing it to a file stream on the request path, the obvious synchronous sink.
 * - throughput to a folder: offer N records, then `close()` (every line built and stored), vs the
 *   same lines appended to one file through a write stream.
 * - throughput to s3://: the same through the S3 door of `godwit server` (its own process), vs the
 *   raw SDK putting the same batches (same sizes) with PutObject, one at a time.
 *
 *   node --conditions=godwit-source --import tsx bench/serving/capture.ts [--records 100000] [--s3-records 20000]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DataCaptureSpec } from '../../src/endpoints/endpoint-records.js';
import { captureLine, encoderFor } from '../../src/serving/capture/capture-line.js';
import type { CaptureRecord } from '../../src/serving/capture/capture-sink.js';
import { openCaptureSink } from '../../src/serving/capture/capture-writer.js';
import { OPEN_S3_CREDENTIALS } from '../../test/helpers/open-s3.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    's3-records': { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
  },
});
const ROUNDS = Number(values.rounds);
const N = Number(values.records);
const S3N = Number(values['s3-records']);
const BATCH = 5_000;
const dir = await mkdtemp(join(tmpdir(), 'godwit-bench-capture-'));
const spec = (destinationS3Uri: string): DataCaptureSpec => ({
  enableCapture: true,
  initialSamplingPercentage: 100,
  destinationS3Uri,
  captureModes: ['Input', 'Output'],
  csvContentTypes: ['text/csv'],
  jsonContentTypes: ['application/json'],
});

/** Abalone requests and answers, as the endpoint host hands them over. */
function records(n: number): CaptureRecord[] {
  const t0 = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    endpointName: 'abalone',
    variantName: i % 2 ? 'B' : 'A',
    eventId: randomUUID(),
    inferenceTime: new Date(t0 + i),
    input: { contentType: 'text/csv', body: Buffer.from(`M,0.455,0.365,0.095,0.514,0.2245,0.101,${(i % 100) / 100}`) },
    output: { contentType: 'text/csv; charset=utf-8', body: Buffer.from(String(9 + (i % 7) / 10)) },
  }));
}

async function measure(run: () => Promise<void> | void): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

type Cost = { wall: number; cpu: number };

/** Godwit and its baseline, interleaved `ROUNDS` times (the baseline first in odd rounds); medians by wall time. */
async function interleaved(godwit: (round: number) => Promise<void> | void, baseline: (round: number) => Promise<void> | void) {
  const g: Cost[] = [];
  const b: Cost[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2) b.push(await measure(() => baseline(round)));
    g.push(await measure(() => godwit(round)));
    if (!(round % 2)) b.push(await measure(() => baseline(round)));
  }
  const median = (xs: Cost[]) => xs.sort((x, y) => x.wall - y.wall)[Math.floor(xs.length / 2)]!;
  return { godwit: median(g), baseline: median(b) };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} rec/s`;

async function offerCost(rs: CaptureRecord[]) {
  const sink = await openCaptureSink({
    spec: spec(join(dir, 'offer')),
    maxPending: rs.length,
    maxBatchRecords: rs.length + 1,
    flushIntervalMs: 3_600_000,
  });
  const godwit = await measure(() => {
    for (const r of rs) sink.offer(r);
  });
  const encode = encoderFor(spec(''));
  const stream = createWriteStream(join(dir, 'offer-baseline.jsonl'));
  const baseline = await measure(() => {
    for (const r of rs) stream.write(`${captureLine(r, encode)}\n`);
  });
  await new Promise((resolve) => stream.end(resolve));
  await sink.close();
  const ns = (ms: number) => `${((ms * 1e6) / rs.length).toFixed(0)} ns`;
  console.log(
    `offer, ${rs.length} records: Godwit ${ns(godwit.wall)}/record (CPU ${ns(godwit.cpu)}), sync line + stream.write ${ns(baseline.wall)}/record (CPU ${ns(baseline.cpu)}); ratio ${(baseline.wall / godwit.wall).toFixed(1)}× cheaper`,
  );
}

async function folderThroughput(rs: CaptureRecord[]) {
  const encode = encoderFor(spec(''));
  const { godwit, baseline } = await interleaved(
    async (round) => {
      const sink = await openCaptureSink({
        spec: spec(join(dir, `folder-${round}`)),
        maxPending: rs.length,
        maxBatchRecords: BATCH,
      });
      for (const r of rs) sink.offer(r);
      await sink.close();
    },
    async (round) => {
      const stream = createWriteStream(join(dir, `folder-baseline-${round}.jsonl`));
      for (const r of rs) stream.write(`${captureLine(r, encode)}\n`);
      await new Promise((resolve) => stream.end(resolve));
    },
  );
  report('folder', rs.length, godwit, baseline, 'one write stream');
}

function report(
  target: string,
  n: number,
  godwit: { wall: number; cpu: number },
  baseline: { wall: number; cpu: number },
  what: string,
) {
  console.log(
    `${target}, ${n} records: Godwit ${rate(n, godwit.wall)} (${fmt(godwit.wall)}, CPU ${fmt(godwit.cpu)}), ` +
      `${what} ${rate(n, baseline.wall)} (${fmt(baseline.wall)}, CPU ${fmt(baseline.cpu)}); ratio ${(baseline.wall / godwit.wall).toFixed(2)}×`,
  );
}

async function s3Throughput(rs: CaptureRecord[]) {
  const server = await startGodwitServer();
  try {
    const client = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: OPEN_S3_CREDENTIALS,
    });
    await client.send(new CreateBucketCommand({ Bucket: 'capture' }));
    const storeOptions = {
      s3: { endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true },
      env: { AWS_ACCESS_KEY_ID: OPEN_S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: OPEN_S3_CREDENTIALS.secretAccessKey },
    };
    const encode = encoderFor(spec(''));
    const { godwit, baseline } = await interleaved(
      async (round) => {
        const sink = await openCaptureSink({
          spec: spec(`s3://capture/godwit-${round}`),
          storeOptions,
          maxPending: rs.length,
          maxBatchRecords: BATCH,
        });
        for (const r of rs) sink.offer(r);
        await sink.close();
      },
      async (round) => {
        for (const variant of ['A', 'B']) {
          const lines = rs.filter((r) => r.variantName === variant).map((r) => captureLine(r, encode));
          for (let i = 0; i < lines.length; i += BATCH) {
            const Body = `${lines.slice(i, i + BATCH).join('\n')}\n`;
            await client.send(new PutObjectCommand({ Bucket: 'capture', Key: `sdk-${round}/${variant}/${i}.jsonl`, Body }));
          }
        }
      },
    );
    client.destroy();
    report('s3:// (S3 door)', rs.length, godwit, baseline, 'raw SDK PutObject of the same batches');
  } finally {
    server.stop();
  }
}

/** `godwit server` for a scratch home, in its own process: its S3 door over <home>/s3/. */
async function startGodwitServer(): Promise<{ endpoint: string; stop: () => void }> {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=godwit-source', '--import', import.meta.resolve('tsx'), bin, 'server', '--port', String(port)],
    {
      stdio: 'ignore',
      env: { ...process.env, GODWIT_HOME: join(dir, 'home') },
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${endpoint}/`).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint, stop: () => child.kill('SIGTERM') };
}

try {
  await offerCost(records(N));
  await folderThroughput(records(N));
  await s3Throughput(records(S3N));
} finally {
  await rm(dir, { recursive: true, force: true });
}
