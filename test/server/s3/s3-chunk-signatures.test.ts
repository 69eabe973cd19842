import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { systemClock } from '../../../src/core/clock.js';
import { type GodwitHome, godwitHome } from '../../../src/core/home.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import { ChunkSignatureChain } from '../../../src/server/auth/chunk-signatures.js';
import { NodeSha256 } from '../../../src/server/auth/sigv4-verify.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';
import { awsChunked, crc32Base64 } from './aws-chunked-body.js';

const region = 'us-east-1';
const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } as const;
type Key = { accessKeyId: string; secretAccessKey: string };

const NO_HEADERS = new Uint8Array(0);

/**
 * A chunk's signature as the AWS SDK computes it: `signEvent` of a message with no headers is
 * exactly the chunk string to sign (AWS4-HMAC-SHA256-PAYLOAD, date, scope, previous signature,
 * SHA-256 of "", SHA-256 of the data), signed with the SDK's own signing key.
 */
function sdkChunkSignature(signer: SignatureV4, data: Buffer, prior: string, date: Date): Promise<string> {
  return signer.sign({ headers: NO_HEADERS, payload: new Uint8Array(data) }, { priorSignature: prior, signingDate: date });
}

/** The trailer's signature (the SDK for JavaScript has no trailer signer): AWS4-HMAC-SHA256-TRAILER over "name:value\n", signed by the SDK's key. */
function trailerSignature(signer: SignatureV4, trailer: string, prior: string, date: Date, longDate: string): Promise<string> {
  const scope = `${longDate.slice(0, 8)}/${region}/s3/aws4_request`;
  const hash = createHash('sha256').update(trailer).digest('hex');
  return signer.sign(['AWS4-HMAC-SHA256-TRAILER', longDate, scope, prior, hash].join('\n'), { signingDate: date });
}

interface Upload {
  readonly status: number;
  readonly text: string;
}

/**
 * A PutObject whose body is sent as a real client of STREAMING-AWS4-HMAC-SHA256-PAYLOAD sends
 * it (the AWS SDKs for Java and .NET, minio-go): the headers signed with the payload hash
 * `STREAMING-…`, then chunk by chunk, each chunk signed over the previous signature. `tamper`
 * changes the body after signing, as a man in the middle would.
 */
async function signedChunkedPut(
  base: string,
  key: Key,
  path: string,
  payload: Buffer,
  options: { chunkSize?: number; trailer?: boolean; tamper?: (body: Buffer) => Buffer; crc32?: string } = {},
): Promise<Upload> {
  const { chunkSize = 64 * 1024, trailer = false } = options;
  const url = new URL(base);
  const date = new Date();
  const signer = new SignatureV4({ credentials: key, region, service: 's3', sha256: NodeSha256, uriEscapePath: false });
  const headers: Record<string, string> = {
    host: url.host,
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': String(payload.length),
    'x-amz-content-sha256': trailer ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    ...(trailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32' } : {}),
  };
  // Chunk framing first (its length is a signed header), with placeholder signatures of the right length.
  const chunks: Buffer[] = [];
  for (let at = 0; at < payload.length; at += chunkSize) chunks.push(payload.subarray(at, at + chunkSize));
  chunks.push(Buffer.alloc(0));
  const trailerText = trailer ? `x-amz-checksum-crc32:${options.crc32 ?? crc32Base64(payload)}\n` : '';
  const frameLength =
    chunks.reduce(
      (n, c) => n + `${c.length.toString(16)};chunk-signature=`.length + 64 + 2 + c.length + (c.length > 0 ? 2 : 0),
      0,
    ) +
    (trailer ? trailerText.length + 1 + `x-amz-trailer-signature:`.length + 64 + 2 : 0) +
    2;
  headers['content-length'] = String(frameLength);
  const seed = await signer.sign(
    { method: 'PUT', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: {}, headers },
    { signingDate: date },
  );
  const sent = seed.headers as Record<string, string>;
  const longDate = sent['x-amz-date'];
  let prior = /Signature=([0-9a-f]{64})/.exec(sent.authorization)?.[1] as string;
  const parts: Buffer[] = [];
  for (const c of chunks) {
    prior = await sdkChunkSignature(signer, c, prior, date);
    parts.push(Buffer.from(`${c.length.toString(16)};chunk-signature=${prior}\r\n`), c);
    if (c.length > 0) parts.push(Buffer.from('\r\n'));
  }
  if (trailer) {
    const signature = await trailerSignature(signer, trailerText, prior, date, longDate);
    parts.push(Buffer.from(`${trailerText.replace('\n', '\r\n')}x-amz-trailer-signature:${signature}\r\n`));
  }
  parts.push(Buffer.from('\r\n'));
  const signedBody = Buffer.concat(parts);
  assert.equal(signedBody.length, frameLength);
  const body = options.tamper ? options.tamper(signedBody) : signedBody;
  return send(url, path, sent, body);
}

function send(url: URL, path: string, headers: Record<string, string>, body: Buffer): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'PUT', headers }, (res) => {
      const data: Buffer[] = [];
      res.on('data', (d: Buffer) => data.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(data).toString() }));
    });
    // A refused body may be answered (and the connection closed) before it is all sent.
    req.on('error', reject);
    req.end(body);
  });
}

/** Flips one byte at `at` of the body as sent. */
const flipAt = (at: number) => (body: Buffer) => {
  const copy = Buffer.from(body);
  copy[at] ^= 0x01;
  return copy;
};

describe('ChunkSignatureChain', () => {
  test('signs each chunk exactly as the AWS SDK signer does (signEvent with no headers), chained from the seed', async () => {
    const key = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    const date = new Date(Date.UTC(2013, 4, 24));
    const signer = new SignatureV4({ credentials: key, region, service: 's3', sha256: NodeSha256 });
    const seed = 'f'.repeat(64);
    const chain = new ChunkSignatureChain({
      ...key,
      date,
      longDate: '20130524T000000Z',
      region,
      service: 's3',
      seedSignature: seed,
      trailer: false,
    });
    let prior = seed;
    for (const data of [Buffer.alloc(65_536, 'a'), Buffer.alloc(1024, 'a'), Buffer.alloc(0)]) {
      const expected = await sdkChunkSignature(signer, data, prior, date);
      const hash = createHash('sha256').update(data).digest('hex');
      assert.equal(await chain.chunk(hash, `${expected.slice(0, -1)}${expected.endsWith('0') ? '1' : '0'}`), false);
      assert.equal(await chain.chunk(hash, expected), true);
      prior = expected;
    }
  });
});

describe('S3 door: STREAMING-AWS4-HMAC-SHA256-PAYLOAD bodies are verified chunk by chunk', () => {
  let home: GodwitHome;
  let metadata: Metadata;
  let server: RunningServer;
  let key: Key;
  let s3: S3Client;
  const payload = randomBytes(200_000);

  before(async () => {
    home = godwitHome(join(scratchDir('godwit-chunksig-'), 'home'));
    metadata = await openMetadata(home, systemClock, {});
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => undefined });
    await metadata.principals.create({ name: 'ana', kind: 'user', policies: [EVERYTHING] });
    key = await metadata.principals.createAccessKey('ana');
    s3 = new S3Client({ endpoint: server.url, region, forcePathStyle: true, credentials: key, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: 'chunks' }));
  });
  after(async () => {
    await server?.stop();
    await metadata?.close();
  });

  const read = async (k: string) => {
    try {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'chunks', Key: k }));
      return Buffer.from(await (got.Body?.transformToByteArray() ?? new Uint8Array()));
    } catch (err) {
      return (err as Error).name;
    }
  };

  test('a correctly signed chunked upload is stored', async () => {
    const res = await signedChunkedPut(server.url, key, '/chunks/signed.bin', payload);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(await read('signed.bin'), payload);
  });

  test('a chunk altered after signing is refused with SignatureDoesNotMatch and nothing is stored', async () => {
    // A byte inside the second chunk's data.
    const res = await signedChunkedPut(server.url, key, '/chunks/tampered.bin', payload, { tamper: flipAt(66_000 + 200) });
    assert.equal(res.status, 403);
    assert.match(res.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.equal(await read('tampered.bin'), 'NoSuchKey');
  });

  test('an altered overwrite leaves the old object whole', async () => {
    const altered = await signedChunkedPut(server.url, key, '/chunks/signed.bin', randomBytes(payload.length), {
      tamper: flipAt(150_000),
    });
    assert.equal(altered.status, 403);
    assert.deepEqual(await read('signed.bin'), payload);
  });

  test('a wrong signature on the final empty chunk, or a chunk with none, is refused', async () => {
    const small = Buffer.from('small body');
    const lastSig = (body: Buffer) => {
      const text = body.toString('latin1');
      const at = text.lastIndexOf('0;chunk-signature=') + '0;chunk-signature='.length;
      return flipAt(at)(body);
    };
    const res = await signedChunkedPut(server.url, key, '/chunks/final.bin', small, { tamper: lastSig });
    assert.equal(res.status, 403);
    assert.match(res.text, /SignatureDoesNotMatch/);
    const stripped = await signedChunkedPut(server.url, key, '/chunks/unsigned-chunk.bin', small, {
      tamper: (body) => {
        const text = body.toString('latin1').replace(/;chunk-signature=[0-9a-f]{64}/, ';chunk-signature=');
        return Buffer.from(`${text}${' '.repeat(64)}`.slice(0, body.length), 'latin1');
      },
    });
    assert.equal(stripped.status, 403);
    assert.equal(await read('final.bin'), 'NoSuchKey');
    assert.equal(await read('unsigned-chunk.bin'), 'NoSuchKey');
  });

  test('signed trailers (…-PAYLOAD-TRAILER) are verified: the checksum and its signature', async () => {
    const ok = await signedChunkedPut(server.url, key, '/chunks/trailer.bin', payload, { trailer: true });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(await read('trailer.bin'), payload);
    // The trailer's checksum altered in transit: its signature no longer matches.
    const altered = await signedChunkedPut(server.url, key, '/chunks/trailer2.bin', payload, {
      trailer: true,
      tamper: (body) => {
        const text = body.toString('latin1');
        return flipAt(text.indexOf('x-amz-checksum-crc32:') + 'x-amz-checksum-crc32:'.length + 1)(body);
      },
    });
    assert.equal(altered.status, 403);
    assert.match(altered.text, /SignatureDoesNotMatch/);
    // A signed trailer whose checksum is wrong from the start: signature fine, digest not.
    const wrong = await signedChunkedPut(server.url, key, '/chunks/trailer3.bin', payload, { trailer: true, crc32: 'AAAAAA==' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /BadDigest/);
    assert.equal(await read('trailer2.bin'), 'NoSuchKey');
    assert.equal(await read('trailer3.bin'), 'NoSuchKey');
  });

  test('STREAMING-UNSIGNED-PAYLOAD-TRAILER is still accepted, its checksum checked', async () => {
    const url = new URL(server.url);
    const signer = new SignatureV4({ credentials: key, region, service: 's3', sha256: NodeSha256, uriEscapePath: false });
    const put = async (path: string, crc32?: string) => {
      const body = awsChunked(payload, { crc32 });
      const headers = {
        host: url.host,
        'content-encoding': 'aws-chunked',
        'content-length': String(body.length),
        'x-amz-decoded-content-length': String(payload.length),
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-trailer': 'x-amz-checksum-crc32',
      };
      const signed = await signer.sign({
        method: 'PUT',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path,
        query: {},
        headers,
      });
      return send(url, path, signed.headers as Record<string, string>, body);
    };
    const ok = await put('/chunks/unsigned-trailer.bin');
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(await read('unsigned-trailer.bin'), payload);
    const bad = await put('/chunks/unsigned-bad.bin', 'AAAAAA==');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /BadDigest/);
    assert.equal(await read('unsigned-bad.bin'), 'NoSuchKey');
    // And the SDK's own PutObject (a signed single-chunk body) is unaffected.
    await s3.send(new PutObjectCommand({ Bucket: 'chunks', Key: 'plain.txt', Body: 'plain' }));
    assert.deepEqual(await read('plain.txt'), Buffer.from('plain'));
  });
});
