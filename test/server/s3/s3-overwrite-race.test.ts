import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { OPEN_S3_CREDENTIALS } from '../../helpers/open-s3.js';
import { scratchDir } from '../../helpers/scratch.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A body of `size` bytes that differs from every other seed's at every length. */
function version(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 7) & 0xff;
  return out;
}

async function bytesOf(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body as Readable) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

// s3rver alone rewrites an object's file and metadata in place; the door must replace an object
// whole, as S3 does: every reader sees one version, its bytes and its metadata together.
describe('S3 front door: overwrites are atomic to readers (raw AWS SDK v3)', () => {
  let server: RunningServer;
  let s3: S3Client;
  before(async () => {
    server = await startServer(godwitHome(scratchDir('godwit-s3-race-')), { host: '127.0.0.1', port: 0, log: () => {} });
    s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: OPEN_S3_CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: 'race' }));
  });
  after(async () => {
    s3?.destroy();
    await server?.stop();
  });

  test('GETs and HEADs racing PUTs, CopyObjects and DELETEs of different sizes always see one whole version', async () => {
    const versions = Array.from({ length: 12 }, (_, i) => version(64 * 1024 + i * 37_003, i));
    const digests = new Map(versions.map((v) => [sha(v), v.length]));
    const put = (v: Buffer) => s3.send(new PutObjectCommand({ Bucket: 'race', Key: 'k', Body: v, Metadata: { sha256: sha(v) } }));
    await s3.send(
      new PutObjectCommand({ Bucket: 'race', Key: 'source', Body: versions[0], Metadata: { sha256: sha(versions[0]) } }),
    );
    await put(versions[1]);
    let writing = true;
    const seen = { gets: 0, heads: 0, missing: 0 };
    const reader = async () => {
      while (writing) {
        try {
          const got = await s3.send(new GetObjectCommand({ Bucket: 'race', Key: 'k' }));
          const body = await bytesOf(got.Body);
          assert.ok(digests.has(sha(body)), `a GET returned ${body.length} bytes that are no written version`);
          assert.equal(got.ContentLength, body.length);
          assert.equal(got.Metadata?.sha256, sha(body), 'the metadata is the one of the bytes served');
          const head = await s3.send(new HeadObjectCommand({ Bucket: 'race', Key: 'k' }));
          assert.equal(digests.get(head.Metadata?.sha256 ?? ''), head.ContentLength, 'HEAD: size and metadata of one version');
          seen.gets++;
          seen.heads++;
        } catch (err) {
          if ((err as Error).name !== 'NoSuchKey' && (err as Error).name !== 'NotFound') throw err;
          seen.missing++;
        }
      }
    };
    const writer = async () => {
      for (let round = 0; round < 3; round++) {
        await Promise.all(versions.slice(2).map(put));
        await s3.send(new CopyObjectCommand({ Bucket: 'race', Key: 'k', CopySource: 'race/source' }));
        if (round === 1) await s3.send(new DeleteObjectCommand({ Bucket: 'race', Key: 'k' }));
      }
    };
    // A failed reader stops the others, so its error is the test's and nothing runs after it.
    const readers = [reader(), reader(), reader()].map((r) =>
      r.catch((err) => {
        writing = false;
        throw err;
      }),
    );
    await writer().finally(() => {
      writing = false;
    });
    await Promise.all(readers);
    assert.ok(seen.gets > 10, `readers raced the writers (${seen.gets} GETs, ${seen.missing} after the delete)`);
    const final = await bytesOf((await s3.send(new GetObjectCommand({ Bucket: 'race', Key: 'k' }))).Body);
    assert.equal(sha(final), sha(versions[0]), 'the last write (the copy) is what stays');
  });

  test('a reader that stalls mid-body holds up no writer, and still gets the version it started', async () => {
    const [old, next] = [version(2 * 1024 * 1024, 50), version(100_000, 51)];
    await s3.send(new PutObjectCommand({ Bucket: 'race', Key: 'slow', Body: old }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'race', Key: 'slow' }));
    const stream = got.Body as Readable;
    const first: Buffer = await new Promise((resolve) => stream.once('data', (c) => resolve(Buffer.from(c))));
    stream.pause();
    // The stalled GET holds no lock: the overwrite, a fresh GET and a delete all complete.
    await s3.send(new PutObjectCommand({ Bucket: 'race', Key: 'slow', Body: next }));
    const fresh = await bytesOf((await s3.send(new GetObjectCommand({ Bucket: 'race', Key: 'slow' }))).Body);
    assert.equal(sha(fresh), sha(next));
    await s3.send(new DeleteObjectCommand({ Bucket: 'race', Key: 'slow' }));
    const rest = await bytesOf(stream);
    assert.equal(sha(Buffer.concat([first, rest])), sha(old), 'the stalled reader finishes the old version whole');
  });
});
