import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, test } from 'node:test';
import { AwsChunkedDecoder } from '../../../src/server/aws/s3/aws-chunked-decoder.js';
import { bodyPlan } from '../../../src/server/aws/s3/body-plan.js';
import { type ChecksumAlgorithm, digestFor } from '../../../src/server/aws/s3/checksums.js';
import { DigestVerifier } from '../../../src/server/aws/s3/digest-verifier.js';
import type { S3BodyError } from '../../../src/server/aws/s3/s3-body-error.js';
import { awsChunked, awsChunkedHeaders } from './aws-chunked-body.js';

/** Streams `body` in reads of the given sizes (cycled) through the door's decoder and checks. */
async function decode(body: Buffer, headers: Record<string, string>, reads: readonly number[]): Promise<Buffer> {
  const plan = bodyPlan(headers);
  assert.ok(plan?.chunked);
  const decoder = new AwsChunkedDecoder({ decodedLength: plan.decodedLength });
  const verifier = new DigestVerifier(plan.checks, decoder.trailers);
  const pieces: Buffer[] = [];
  let n = 0;
  function* split() {
    for (let at = 0; at < body.length; ) {
      const size = reads[n++ % reads.length];
      yield body.subarray(at, at + size);
      at += size;
    }
  }
  await pipeline(Readable.from(split()), decoder, verifier, async (source: AsyncIterable<Buffer>) => {
    for await (const piece of source) pieces.push(piece);
  });
  return Buffer.concat(pieces);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('aws-chunked decoding', () => {
  const payload = randomBytes(200_003);

  test('framing split at every position across reads decodes to the payload', async () => {
    const body = awsChunked(payload.subarray(0, 300), { chunkSize: 64, signed: true });
    const headers = awsChunkedHeaders(payload.subarray(0, 300), body, true);
    // Every split point of a two-read body: the boundary falls inside each size line, CRLF and trailer.
    for (let cut = 1; cut < body.length; cut++) {
      const out = await decode(body, headers, [cut, body.length]);
      assert.ok(out.equals(payload.subarray(0, 300)), `split at ${cut}`);
    }
  });

  test('one byte per read, odd reads, and one read for the whole body give the same bytes', async () => {
    for (const signed of [false, true]) {
      const body = awsChunked(payload, { chunkSize: 65_536, signed });
      const headers = awsChunkedHeaders(payload, body, signed);
      for (const reads of [[1], [3, 7, 65_537], [body.length]]) {
        const out = await decode(body, headers, reads);
        assert.equal(sha(out), sha(payload), `signed=${signed} reads=${reads.join(',')}`);
      }
    }
  });

  test('the signed form without trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', async () => {
    const body = awsChunked(payload, { signed: true, trailer: false });
    const headers = {
      'content-encoding': 'aws-chunked',
      'content-length': String(body.length),
      'x-amz-decoded-content-length': String(payload.length),
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    };
    assert.equal(sha(await decode(body, headers, [1000])), sha(payload));
  });

  test('an empty object is one zero chunk and its trailer', async () => {
    const empty = Buffer.alloc(0);
    const body = awsChunked(empty);
    assert.equal((await decode(body, awsChunkedHeaders(empty, body), [5])).length, 0);
  });

  async function refusal(body: Buffer, headers: Record<string, string>): Promise<S3BodyError> {
    const err = await decode(body, headers, [17]).then(
      () => assert.fail('the body was accepted'),
      (e: S3BodyError) => e,
    );
    return err;
  }

  test('a wrong CRC32 trailer is BadDigest', async () => {
    const body = awsChunked(payload, { crc32: 'AAAAAA==' });
    const err = await refusal(body, awsChunkedHeaders(payload, body));
    assert.equal(err.code, 'BadDigest');
    assert.match(err.message, /CRC32 you specified did not match/);
  });

  test('malformed framing is InvalidRequest; a short body is IncompleteBody', async () => {
    const body = awsChunked(payload);
    const headers = awsChunkedHeaders(payload, body);
    const noCrlf = Buffer.from(body.toString('latin1').replace('\r\n', '\n'), 'latin1');
    assert.equal((await refusal(noCrlf, headers)).code, 'InvalidRequest');
    const badSize = Buffer.concat([Buffer.from('zz\r\n'), body]);
    assert.equal((await refusal(badSize, headers)).code, 'InvalidRequest');
    assert.equal((await refusal(body.subarray(0, body.length - 40), headers)).code, 'IncompleteBody');
    const extra = Buffer.concat([body, Buffer.from('junk')]);
    assert.equal((await refusal(extra, headers)).code, 'InvalidRequest');
  });

  test('a payload longer or shorter than x-amz-decoded-content-length is IncompleteBody', async () => {
    const body = awsChunked(payload);
    for (const length of [payload.length - 1, payload.length + 1]) {
      const headers = { ...awsChunkedHeaders(payload, body), 'x-amz-decoded-content-length': String(length) };
      assert.equal((await refusal(body, headers)).code, 'IncompleteBody');
    }
  });

  test('a declared trailer that never comes is InvalidRequest', async () => {
    const body = awsChunked(payload, { trailer: false });
    const err = await refusal(body, awsChunkedHeaders(payload, body));
    assert.equal(err.code, 'InvalidRequest');
    assert.match(err.message, /x-amz-checksum-crc32 trailer/);
  });
});

describe('checksums', () => {
  test('each algorithm gives its catalogued check value for "123456789", however the input is split', () => {
    const check: Record<string, string> = {
      crc32: 'cbf43926',
      crc32c: 'e3069283',
      crc64nvme: 'ae8b14860a799888',
      sha1: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441',
    };
    for (const [algorithm, value] of Object.entries(check)) {
      const d = digestFor(algorithm as ChecksumAlgorithm);
      for (const piece of ['1', '2345', '', '6789']) d.update(Buffer.from(piece));
      assert.equal(d.result().toString('hex'), value, algorithm);
    }
  });
});

describe('body plan', () => {
  test('what s3rver is shown: the payload length, no aws-chunked encoding, no framing headers', () => {
    const plan = bodyPlan({
      'content-encoding': 'gzip, aws-chunked',
      'content-length': '1234',
      'x-amz-decoded-content-length': '1000',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-trailer': 'x-amz-checksum-crc32c',
    });
    assert.deepEqual(plan?.headers, {
      'content-encoding': 'gzip',
      'content-length': '1000',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    });
    assert.deepEqual(
      plan?.checks.map((c) => c.algorithm),
      ['crc32c'],
    );
  });

  test('plain bodies: Content-MD5, x-amz-checksum-* and a hex payload hash are checked; nothing else is touched', () => {
    assert.equal(bodyPlan({ 'content-length': '10', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), undefined);
    assert.equal(bodyPlan({ 'content-length': '0', 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' }), undefined);
    const plan = bodyPlan({
      'content-length': '10',
      'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==',
      'x-amz-checksum-sha1': '2jmj7l5rSw0yVb/vlWAYkK/YBwk=',
      'x-amz-content-sha256': 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
    });
    assert.deepEqual(
      plan?.checks.map((c) => [c.algorithm, c.encoding]),
      [
        ['md5', 'base64'],
        ['sha1', 'base64'],
        ['sha256', 'hex'],
      ],
    );
  });

  test('malformed digests are refused as S3 refuses them', () => {
    const code = (headers: Record<string, string>) => {
      try {
        bodyPlan({ 'content-length': '1', ...headers });
        return 'accepted';
      } catch (err) {
        return (err as S3BodyError).code;
      }
    };
    assert.equal(code({ 'content-md5': 'nope' }), 'InvalidDigest');
    assert.equal(code({ 'x-amz-checksum-crc32': 'AAAA' }), 'InvalidRequest');
    assert.equal(code({ 'x-amz-trailer': 'x-amz-checksum-crc32' }), 'InvalidRequest', 'a trailer needs aws-chunked');
    assert.equal(
      code({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-md7' }),
      'InvalidRequest',
    );
  });
});
