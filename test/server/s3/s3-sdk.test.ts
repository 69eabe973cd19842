import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { godwitHome } from '../../../src/core/home.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { awsChunked, awsChunkedHeaders } from './aws-chunked-body.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Yields `data` in 64 KiB pieces: a stream of unknown length to the SDK, which frames it aws-chunked. */
function streamOf(data: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += 65_536) yield data.subarray(at, at + 65_536);
    })(),
  );
}

/** A hand-made request (the SDK would not send a corrupted body). */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: Buffer) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    // `path` as an option is sent as written (a URL string would have its dot segments resolved).
    const req = request(url, { method, headers, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function signedFor(key: string): Record<string, string> {
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${key}/${date.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'5e'.repeat(32)}`,
    'x-amz-date': date,
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  };
}

describe('S3 front door, through the unmodified AWS SDK v3', () => {
  let server: RunningServer;
  let s3: S3Client;
  let home: ReturnType<typeof godwitHome>;
  const lines: string[] = [];
  const sent: Record<string, string>[] = [];

  before(async () => {
    home = godwitHome(scratchDir('godwit-s3-sdk-'));
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: (l) => lines.push(l) });
    s3 = new S3Client({
      endpoint: server.url,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDANYTHINGGOES', secretAccessKey: 'planted-secret-s3door' },
    });
    s3.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordHeaders' },
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'godwit-data' }));
  });
  after(async () => {
    s3?.destroy();
    await server?.stop();
  });

  test('a streamed PutObject (aws-chunked with a CRC32 trailer) comes back byte-identical', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 11);
    sent.length = 0;
    await s3.send(
      new PutObjectCommand({ Bucket: 'godwit-data', Key: 'raw/data.bin', Body: streamOf(data), ContentLength: data.length }),
    );
    // The SDK's default for a stream: the very framing s3rver alone stores verbatim.
    assert.equal(sent[0]['content-encoding'], 'aws-chunked');
    assert.equal(sent[0]['x-amz-trailer'], 'x-amz-checksum-crc32');
    assert.equal(sent[0]['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'godwit-data', Key: 'raw/data.bin' }));
    assert.equal(got.ContentLength, data.length);
    assert.equal(got.ContentEncoding, undefined, 'aws-chunked is framing, not the object encoding');
    assert.equal(sha(Buffer.from(await got.Body!.transformToByteArray())), sha(data));
  });

  test('the other checksums the SDK can trail (CRC32C, SHA-1, SHA-256) are verified and the bytes kept', async () => {
    const data = randomBytes(1024 * 1024 + 3);
    for (const algorithm of ['CRC32C', 'SHA1', 'SHA256'] as const) {
      sent.length = 0;
      const key = `raw/${algorithm}.bin`;
      await s3.send(
        new PutObjectCommand({
          Bucket: 'godwit-data',
          Key: key,
          Body: streamOf(data),
          ContentLength: data.length,
          ChecksumAlgorithm: algorithm,
        }),
      );
      assert.equal(sent[0]['x-amz-trailer'], `x-amz-checksum-${algorithm.toLowerCase()}`);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'godwit-data', Key: key }));
      assert.equal(sha(Buffer.from(await got.Body!.transformToByteArray())), sha(data), algorithm);
    }
  });

  test('ListObjectsV2 lists objects with their payload sizes; DeleteObject removes them', async () => {
    const small = Buffer.from('hello, godwit\n');
    await s3.send(
      new PutObjectCommand({ Bucket: 'godwit-data', Key: 'raw/small.txt', Body: streamOf(small), ContentLength: small.length }),
    );
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'godwit-data', Prefix: 'raw/' }));
    const sizes = Object.fromEntries((listed.Contents ?? []).map((o) => [o.Key, o.Size]));
    assert.equal(sizes['raw/small.txt'], small.length);
    await s3.send(new DeleteObjectCommand({ Bucket: 'godwit-data', Key: 'raw/small.txt' }));
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'godwit-data', Prefix: 'raw/small' }));
    assert.equal(after.KeyCount, 0);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'godwit-data', Key: 'raw/small.txt' })), { name: 'NoSuchKey' });
  });

  test('a multipart upload (lib-storage Upload of a stream) comes back byte-identical', async () => {
    const data = randomBytes(11 * 1024 * 1024 + 5);
    const upload = new Upload({
      client: s3,
      params: { Bucket: 'godwit-data', Key: 'big/parts.bin', Body: streamOf(data) },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    });
    await upload.done();
    const got = await s3.send(new GetObjectCommand({ Bucket: 'godwit-data', Key: 'big/parts.bin' }));
    assert.equal(sha(Buffer.from(await got.Body!.transformToByteArray())), sha(data));
  });

  test('a corrupted CRC32 trailer is refused with BadDigest and stores nothing, not even over the old object', async () => {
    const good = Buffer.from('the original');
    await s3.send(new PutObjectCommand({ Bucket: 'godwit-data', Key: 'kept.txt', Body: good }));
    const payload = randomBytes(300_000);
    for (const key of ['kept.txt', 'never.txt']) {
      const body = awsChunked(payload, { crc32: 'AAAAAA==' });
      const res = await send(
        server.url,
        'PUT',
        `/godwit-data/${key}`,
        { ...signedFor('ANY'), ...awsChunkedHeaders(payload, body) },
        body,
      );
      assert.equal(res.status, 400);
      assert.match(res.text, /<Code>BadDigest<\/Code>/);
    }
    const kept = await s3.send(new GetObjectCommand({ Bucket: 'godwit-data', Key: 'kept.txt' }));
    assert.equal(await kept.Body!.transformToString(), 'the original');
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'godwit-data', Key: 'never.txt' })), { name: 'NoSuchKey' });
    const files = readdirSync(join(home.root, 's3', 'godwit-data'));
    assert.deepEqual(
      files.filter((f) => f.includes('never') || f.endsWith('.incoming')),
      [],
      'no temporary or partial file is left',
    );
  });

  test('through the SDK, a wrong checksum is an error the SDK raises (BadDigest)', async () => {
    await assert.rejects(
      s3.send(
        new PutObjectCommand({ Bucket: 'godwit-data', Key: 'lied.txt', Body: Buffer.from('abc'), ChecksumCRC32: 'AAAAAA==' }),
      ),
      { name: 'BadDigest' },
    );
    await assert.rejects(
      s3.send(
        new PutObjectCommand({
          Bucket: 'godwit-data',
          Key: 'lied.txt',
          Body: Buffer.from('abc'),
          ContentMD5: '1B2M2Y8AsgTpgAmY7PhCfg==',
        }),
      ),
      { name: 'BadDigest' },
    );
  });

  test('malformed chunking is InvalidRequest; the hand-made request with a good trailer is stored', async () => {
    const payload = randomBytes(1000);
    const body = awsChunked(payload);
    const broken = Buffer.from(body.toString('latin1').replace('3e8\r\n', '3e8\n'), 'latin1');
    const bad = await send(
      server.url,
      'PUT',
      '/godwit-data/broken.bin',
      { ...signedFor('ANY'), ...awsChunkedHeaders(payload, broken) },
      broken,
    );
    assert.equal(bad.status, 400);
    assert.match(bad.text, /<Code>InvalidRequest<\/Code>/);
    const ok = await send(
      server.url,
      'PUT',
      '/godwit-data/fine.bin',
      { ...signedFor('ANY'), ...awsChunkedHeaders(payload, body) },
      body,
    );
    assert.equal(ok.status, 200);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'godwit-data', Key: 'fine.bin' }));
    assert.equal(sha(Buffer.from(await got.Body!.transformToByteArray())), sha(payload));
  });

  test('DeleteObjects (an XML body s3rver parses itself) is checked too: good, then a lying Content-MD5', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'godwit-data', Key: 'gone/1', Body: Buffer.from('1') }));
    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: 'godwit-data', Delete: { Objects: [{ Key: 'gone/1' }] } }));
    assert.deepEqual(
      deleted.Deleted?.map((d) => d.Key),
      ['gone/1'],
    );
    const xml = Buffer.from('<Delete><Object><Key>kept.txt</Key></Object></Delete>');
    const headers = { ...signedFor('ANY'), 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==', 'content-length': String(xml.length) };
    const res = await send(server.url, 'POST', '/godwit-data?delete', headers, xml);
    assert.equal(res.status, 400);
    assert.match(res.text, /<Code>BadDigest<\/Code>/);
    const kept = await s3.send(new GetObjectCommand({ Bucket: 'godwit-data', Key: 'kept.txt' }));
    assert.equal(await kept.Body!.transformToString(), 'the original');
  });

  test('a body s3rver never reads (no such bucket) is drained and the connection serves the next request', async () => {
    const data = randomBytes(2 * 1024 * 1024);
    await assert.rejects(
      s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: streamOf(data), ContentLength: data.length })),
      { name: 'NoSuchBucket' },
    );
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'godwit-data', Prefix: 'kept' }));
    assert.equal(listed.KeyCount, 1);
  });

  test('a key with a ".." segment cannot reach outside its bucket', async () => {
    for (const path of ['/godwit-data/a/..%2F..%2Fescape.txt', '/godwit-data/a/%2E%2E/%2e%2e/escape.txt']) {
      const res = await send(server.url, 'PUT', path, { ...signedFor('ANY'), 'content-length': '1' }, Buffer.from('x'));
      assert.equal(res.status, 400, path);
      assert.match(res.text, /<Code>InvalidArgument<\/Code>/);
    }
    assert.deepEqual(
      readdirSync(home.root).filter((f) => f.includes('escape')),
      [],
    );
  });

  test('a presigned GET is answered with any access key', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'godwit-data', Key: 'shared.txt', Body: Buffer.from('presigned') }));
    const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `SOMEONEELSE/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': 'feedc0de'.repeat(8),
    });
    const res = await send(server.url, 'GET', `/godwit-data/shared.txt?${query}`, {});
    assert.equal(res.status, 200);
    assert.equal(res.text, 'presigned');
  });

  test('the access log names S3 operations and holds no secret, key or signature', () => {
    const log = lines.join('\n');
    assert.match(log, / s3 PutObject /);
    assert.match(log, / s3 UploadPart /);
    assert.match(log, / s3 CompleteMultipartUpload /);
    assert.match(log, / 400 PUT \/godwit-data\/never\.txt s3 PutObject /);
    for (const secret of ['planted-secret-s3door', 'AKIDANYTHINGGOES', 'SOMEONEELSE', 'feedc0de', '5e5e5e5e', 'X-Amz-']) {
      assert.ok(!log.includes(secret), `the log holds ${secret}`);
    }
  });
});
