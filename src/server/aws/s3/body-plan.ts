import type { IncomingHttpHeaders } from 'node:http';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, digestLength } from './checksums.js';
import { type S3ErrorFactory, s3BodyError } from './s3-body-error.js';

/**
 * What the S3 door does to a request body before s3rver reads it, decided from the headers
 * alone: whether to decode aws-chunked framing (s3rver would store it verbatim), which digests to
 * check over the payload, and the headers s3rver is to see instead (the payload's own length and
 * encoding). `undefined` when the body passes untouched: no body, or nothing to decode or check.
 * A malformed header is thrown as S3 answers it (`InvalidDigest`, `InvalidRequest`, …).
 */
export interface BodyPlan {
  readonly chunked: boolean;
  /** `x-amz-decoded-content-length`: the payload's length inside the framing. */
  readonly decodedLength: number | undefined;
  readonly checks: readonly BodyCheck[];
  readonly headers: IncomingHttpHeaders;
}

/** One digest the client sent, to compare with the payload's once it has streamed by. */
export interface BodyCheck {
  readonly algorithm: ChecksumAlgorithm;
  readonly encoding: 'base64' | 'hex';
  /** Where the client sent it: a header's value, or the name of an aws-chunked trailer. */
  readonly expected: { readonly value: string } | { readonly trailer: string };
  /** The S3 error a different digest is. */
  readonly mismatch: { readonly code: string; readonly message: string };
}

export function bodyPlan(headers: IncomingHttpHeaders, errorOf: S3ErrorFactory = s3BodyError): BodyPlan | undefined {
  const length = one(headers['content-length']);
  if (headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) return undefined;
  const sha = one(headers['x-amz-content-sha256']) ?? '';
  const encodings = (one(headers['content-encoding']) ?? '').split(',').map((e) => e.trim().toLowerCase());
  const chunked = sha.startsWith('STREAMING-') || encodings.includes('aws-chunked');
  const checks = [...headerChecks(headers, sha, chunked, errorOf), ...trailerChecks(headers, chunked, errorOf)];
  if (!chunked && checks.length === 0) return undefined;
  const decodedLength = chunked ? decodedLengthOf(headers, errorOf) : undefined;
  return { chunked, decodedLength, checks, headers: chunked ? unchunkedHeaders(headers, encodings, decodedLength) : headers };
}

function headerChecks(headers: IncomingHttpHeaders, sha: string, chunked: boolean, errorOf: S3ErrorFactory): BodyCheck[] {
  const checks: BodyCheck[] = [];
  const md5 = one(headers['content-md5']);
  if (md5 !== undefined) {
    if (!isDigest(md5, 'md5')) throw errorOf('InvalidDigest', 'The Content-MD5 you specified was invalid.');
    checks.push({ algorithm: 'md5', encoding: 'base64', expected: { value: md5 }, mismatch: MD5_MISMATCH });
  }
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = one(headers[`x-amz-checksum-${algorithm}`]);
    if (value === undefined) continue;
    if (!isDigest(value, algorithm)) throw errorOf('InvalidRequest', `Value for x-amz-checksum-${algorithm} header is invalid.`);
    checks.push({ algorithm, encoding: 'base64', expected: { value }, mismatch: checksumMismatch(algorithm) });
  }
  // The SigV4 payload hash is a digest too when it is one (not UNSIGNED-PAYLOAD or STREAMING-…).
  if (!chunked && /^[0-9a-f]{64}$/i.test(sha)) {
    checks.push({ algorithm: 'sha256', encoding: 'hex', expected: { value: sha.toLowerCase() }, mismatch: SHA256_MISMATCH });
  }
  return checks;
}

function trailerChecks(headers: IncomingHttpHeaders, chunked: boolean, errorOf: S3ErrorFactory): BodyCheck[] {
  const declared = one(headers['x-amz-trailer']);
  if (declared === undefined) return [];
  if (!chunked) throw errorOf('InvalidRequest', 'x-amz-trailer is only valid with an aws-chunked body.');
  return declared.split(',').map((name) => {
    const trailer = name.trim().toLowerCase();
    const algorithm = trailer.replace(/^x-amz-checksum-/, '') as ChecksumAlgorithm;
    if (trailer === algorithm || !CHECKSUM_ALGORITHMS.includes(algorithm)) {
      throw errorOf('InvalidRequest', `The trailer "${name.trim()}" is not a checksum S3 knows (x-amz-checksum-crc32, …).`);
    }
    return { algorithm, encoding: 'base64', expected: { trailer }, mismatch: checksumMismatch(algorithm) };
  });
}

function decodedLengthOf(headers: IncomingHttpHeaders, errorOf: S3ErrorFactory): number | undefined {
  const value = one(headers['x-amz-decoded-content-length']);
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw errorOf('InvalidArgument', `x-amz-decoded-content-length "${value}" is not a length.`);
  return Number(value);
}

/** The headers of the payload itself: its length, its other encodings, no framing headers. */
function unchunkedHeaders(headers: IncomingHttpHeaders, encodings: string[], length: number | undefined): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  delete out['x-amz-decoded-content-length'];
  delete out['x-amz-trailer'];
  const rest = encodings.filter((e) => e !== '' && e !== 'aws-chunked');
  if (rest.length > 0) out['content-encoding'] = rest.join(', ');
  else delete out['content-encoding'];
  if (length !== undefined) {
    out['content-length'] = String(length);
    delete out['transfer-encoding'];
  } else {
    delete out['content-length'];
    out['transfer-encoding'] = 'chunked';
  }
  return out;
}

/** Whether `value` is the base64 of a digest of that algorithm's length. */
export function isDigest(value: string, algorithm: ChecksumAlgorithm): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(value) && Buffer.from(value, 'base64').length === digestLength(algorithm);
}

function checksumMismatch(algorithm: ChecksumAlgorithm) {
  return { code: 'BadDigest', message: `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.` };
}

const MD5_MISMATCH = { code: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.' };
const SHA256_MISMATCH = {
  code: 'XAmzContentSHA256Mismatch',
  message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
};

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
