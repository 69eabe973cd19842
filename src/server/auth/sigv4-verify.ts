import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ServerRequest } from '../http/exchange.js';
import { header } from '../http/exchange.js';

/**
 * Checks a SigV4 signature the way AWS does: by signing the request again with the access key's
 * secret, using the AWS SDK's own signer (`@smithy/signature-v4`), and comparing the two
 * signatures in constant time. Both forms are read: the `Authorization` header and a presigned
 * URL's `X-Amz-*` query parameters. The request is re-signed with exactly the headers the client
 * says it signed, its date, and the region and service of its credential scope.
 *
 * The payload hash is `x-amz-content-sha256` for S3 (`UNSIGNED-PAYLOAD` and the `STREAMING-…`
 * values included; the S3 door checks a hex hash against the body as it streams), and the body's
 * own SHA-256 for every other service (a header that disagrees with the body fails). A presigned
 * S3 URL signs `UNSIGNED-PAYLOAD`, as the SDK's presigner does. Of a
 * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` body this verifies the seed signature; the chunks' are
 * verified as the body streams (chunk-signatures.ts, through the S3 door's aws-chunked decoder).
 */
export type Verdict =
  | { readonly ok: true; readonly accessKeyId: string }
  | { readonly ok: false; readonly reason: FailureReason; readonly message: string };

export type FailureReason = 'missing' | 'malformed' | 'unknown-key' | 'bad-signature' | 'skewed' | 'expired';

/** How far a signed request's date may be from the server's clock, as AWS allows. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** The longest a presigned URL may live, as AWS (and the SDK's signer) allow. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEADER_FORM =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9;._-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;
const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;
const LONG_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

interface Signed {
  readonly accessKeyId: string;
  readonly date: Date;
  readonly longDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly presigned?: { readonly expiresIn: number };
}

/** What the request claims: its key, date, scope, signed headers and signature; or why it cannot be read. */
export function readSignature(req: Pick<ServerRequest, 'headers' | 'query'>): Signed | Extract<Verdict, { ok: false }> {
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    const m = HEADER_FORM.exec(authorization);
    if (!m)
      return failure(
        'malformed',
        'The Authorization header is not a complete AWS4-HMAC-SHA256 signature (Credential, SignedHeaders, Signature).',
      );
    const longDate = header(req, 'x-amz-date') ?? '';
    return claims(m[1], m[2], m[3], m[4], longDate, m[5], m[6]);
  }
  const q = req.query;
  if (!q.has('X-Amz-Signature') && !q.has('X-Amz-Credential')) return failure('missing', 'The request is not signed.');
  const credential = CREDENTIAL.exec(q.get('X-Amz-Credential') ?? '');
  const signature = q.get('X-Amz-Signature') ?? '';
  const expires = q.get('X-Amz-Expires') ?? '';
  if (
    q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    !credential ||
    !/^[0-9a-f]{64}$/.test(signature) ||
    !/^\d{1,6}$/.test(expires)
  ) {
    return failure(
      'malformed',
      'The presigned URL lacks X-Amz-Algorithm=AWS4-HMAC-SHA256, X-Amz-Credential, X-Amz-Expires or X-Amz-Signature.',
    );
  }
  if (Number(expires) > MAX_PRESIGNED_SECONDS) {
    return failure('malformed', `X-Amz-Expires must be at most ${MAX_PRESIGNED_SECONDS} seconds (7 days), not ${expires}.`);
  }
  const read = claims(
    credential[1],
    credential[2],
    credential[3],
    credential[4],
    q.get('X-Amz-Date') ?? '',
    q.get('X-Amz-SignedHeaders') ?? '',
    signature,
  );
  return 'ok' in read ? read : { ...read, presigned: { expiresIn: Number(expires) } };
}

function claims(
  accessKeyId: string,
  shortDate: string,
  region: string,
  service: string,
  longDate: string,
  signedHeaders: string,
  signature: string,
): Signed | Extract<Verdict, { ok: false }> {
  const d = LONG_DATE.exec(longDate);
  if (!d) return failure('malformed', 'The request has no X-Amz-Date in the form 20261206T120000Z.');
  if (longDate.slice(0, 8) !== shortDate)
    return failure('malformed', `The credential scope's date ${shortDate} is not X-Amz-Date's day.`);
  if (!/^[a-z0-9._-]+(;[a-z0-9._-]+)*$/.test(signedHeaders) || !signedHeaders.split(';').includes('host')) {
    return failure('malformed', 'SignedHeaders must list the signed headers, host among them.');
  }
  const date = new Date(Date.UTC(+d[1], +d[2] - 1, +d[3], +d[4], +d[5], +d[6]));
  return { accessKeyId, date, longDate, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** Whether the signed date is acceptable now: within 15 minutes, or a presigned URL not yet expired. */
export function checkTime(signed: Signed, now: number): Extract<Verdict, { ok: false }> | undefined {
  const at = signed.date.getTime();
  if (signed.presigned) {
    if (at - now > MAX_SKEW_MS)
      return failure('skewed', `The presigned URL is dated ${signed.longDate}, more than 15 minutes ahead of the server's time.`);
    if (now > at + signed.presigned.expiresIn * 1000) return failure('expired', 'The presigned URL has expired.');
    return undefined;
  }
  if (Math.abs(at - now) > MAX_SKEW_MS) {
    return failure(
      'skewed',
      `Signature expired: ${signed.longDate} is more than 15 minutes from the server's time ${new Date(now).toISOString()}. Check this machine's clock.`,
    );
  }
  return undefined;
}

/**
 * Signs the request again with `secretAccessKey` and compares. `target` is the request target as
 * sent (path and query, percent-encoding as the client wrote it); `body` is read only for
 * services other than S3.
 */
export async function verifySignature(
  req: Pick<ServerRequest, 'method' | 'headers' | 'body'>,
  target: string,
  signed: Signed,
  secretAccessKey: string,
): Promise<Verdict> {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = parseQuery(q < 0 ? '' : target.slice(q + 1));
  const s3 = signed.service === 's3';
  const headers: Record<string, string> = {};
  for (const name of signed.signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) return failure('bad-signature', `The signed header "${name}" is not in the request.`);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const sent = header(req, 'x-amz-content-sha256');
  let payloadHash: string;
  if (s3) payloadHash = sent ?? (signed.presigned ? 'UNSIGNED-PAYLOAD' : EMPTY_SHA256);
  else {
    const body = await req.body();
    payloadHash = body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex');
    if (sent !== undefined && sent !== payloadHash)
      return failure('bad-signature', 'x-amz-content-sha256 is not the SHA-256 of the body.');
  }
  headers['x-amz-content-sha256'] = payloadHash;
  const unsignable = new Set(signed.signedHeaders.includes('x-amz-content-sha256') ? [] : ['x-amz-content-sha256']);
  const signer = new SignatureV4({
    credentials: { accessKeyId: signed.accessKeyId, secretAccessKey },
    region: signed.region,
    service: signed.service,
    sha256: NodeSha256,
    uriEscapePath: !s3,
    applyChecksum: false,
  });
  const request = { method: req.method, protocol: 'http:', hostname: headers.host ?? '', path, query, headers };
  const options = {
    signingDate: signed.date,
    signingRegion: signed.region,
    signingService: signed.service,
    signableHeaders: new Set(signed.signedHeaders),
    unsignableHeaders: unsignable,
  };
  let expected: string | undefined;
  if (signed.presigned) {
    delete query['X-Amz-Signature'];
    const presigned = await signer.presign(request, {
      ...options,
      expiresIn: signed.presigned.expiresIn,
      // x-amz-* headers the client signed as headers stay headers; the payload hash is never hoisted.
      unhoistableHeaders: new Set(['x-amz-content-sha256', ...signed.signedHeaders.filter((h) => h.startsWith('x-amz-'))]),
    });
    const value = presigned.query?.['X-Amz-Signature'];
    expected = typeof value === 'string' ? value : undefined;
  } else {
    const result = await signer.sign(request, options);
    expected = /Signature=([0-9a-f]{64})$/.exec(String(result.headers.authorization ?? ''))?.[1];
  }
  const ok = expected !== undefined && timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signed.signature, 'hex'));
  return ok
    ? { ok: true, accessKeyId: signed.accessKeyId }
    : failure(
        'bad-signature',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      );
}

/** The query as the signer wants it: decoded names and values (`%20`, never `+`, is a space in SigV4), repeated names as lists. */
function parseQuery(text: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (text === '') return query;
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    const had = Object.hasOwn(query, name) ? query[name] : undefined;
    query[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return query;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function failure(reason: FailureReason, message: string): Extract<Verdict, { ok: false }> {
  return { ok: false, reason, message };
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

/** The signer's hash interface over node's crypto: SHA-256, or HMAC-SHA256 when given a key. */
export class NodeSha256 {
  readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {}
}
