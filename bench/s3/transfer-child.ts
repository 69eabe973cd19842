/**
 * One put and one get of a file through Godwit's S3 store or the raw SDK, in a process of its own
 * so its peak RSS is its own: `transfer-child.ts godwit|sdk ENDPOINT BUCKET FILE`. Prints JSON:
 * seconds for the put and the get, CPU seconds, and peak RSS (KiB).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { S3ArtifactStore } from '../../src/store/s3/s3-artifact-store.js';

const [mode, endpoint, bucket, file] = process.argv.slice(2);
const key = `bench/${mode}-${process.pid}`;
const out = `${file}.${mode}.out`;
const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

async function godwit(): Promise<void> {
  const store = new S3ArtifactStore(bucket, '', { s3: { endpoint }, env });
  await store.putFile(key, file);
  mark('put');
  await store.getToFile(key, out);
}

async function sdk(): Promise<void> {
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  });
  await new Upload({ client, params: { Bucket: bucket, Key: key, Body: createReadStream(file) } }).done();
  mark('put');
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  await pipeline(got.Body as Readable, createWriteStream(out));
}

const marks: Record<string, number> = {};
const start = performance.now();
const mark = (name: string) => {
  marks[name] = (performance.now() - start) / 1000;
};
await (mode === 'godwit' ? godwit() : sdk());
mark('total');
const cpu = process.cpuUsage();
await rm(out, { force: true });
process.stdout.write(
  `${JSON.stringify({
    put: marks.put,
    get: marks.total - marks.put,
    total: marks.total,
    cpu: (cpu.user + cpu.system) / 1e6,
    maxRssKiB: process.resourceUsage().maxRSS,
  })}\n`,
);
