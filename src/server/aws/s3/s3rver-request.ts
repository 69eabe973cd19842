import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, type Transform, type Writable } from 'node:stream';
import type { ChunkSignatureChain } from '../../auth/chunk-signatures.js';
import { AwsChunkedDecoder } from './aws-chunked-decoder.js';
import type { BodyPlan } from './body-plan.js';
import { DigestVerifier } from './digest-verifier.js';
import type { S3ErrorFactory } from './s3-body-error.js';

/**
 * The request s3rver's Koa app is handed. Without a body plan, node's own request with its
 * credentials rewritten. With one, a stream of the checked payload (aws-chunked framing removed,
 * digests verified at its end) that carries the request's line and the plan's headers, which is
 * all Koa and s3rver read of a request (`headers`, `url`, `method`, `socket`, `httpVersion*`).
 * `signatures` is the chain of chunk signatures the authenticator set up for a signed
 * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD…` body: the decoder verifies each chunk against it.
 */
export function s3rverRequest(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  plan: BodyPlan | undefined,
  errorOf: S3ErrorFactory,
  signatures?: ChunkSignatureChain,
): IncomingMessage {
  const url = withLocalCredentials(incoming.url ?? '/');
  if (!plan) {
    incoming.headers = headersWithLocalCredentials(incoming.headers);
    incoming.url = url;
    return incoming;
  }
  const decoder = plan.chunked ? new AwsChunkedDecoder({ decodedLength: plan.decodedLength, errorOf, signatures }) : undefined;
  const verifier = new DigestVerifier(plan.checks, decoder?.trailers ?? new Map(), errorOf);
  if (decoder) {
    pipeline(decoder, verifier, () => undefined);
    // A framing error mid-body: answer it and close, rather than read the rest of a refused body.
    decoder.once('error', () => {
      if (!incoming.complete) outgoing.shouldKeepAlive = false;
    });
  }
  feedOnFirstRead(incoming, outgoing, decoder ?? verifier, verifier);
  return Object.assign(verifier, requestLine(incoming, plan.headers, url)) as unknown as IncomingMessage;
}

/**
 * Pipes the client's body into the checks once s3rver first reads the checked stream, not
 * before: a small body would otherwise be checked and failed before s3rver listens, and a reader
 * that attaches `data`/`error` listeners afterwards (its XML body parser) would wait forever. The
 * error is kept by the destroyed stream, so `pipeline` and `finished` report it to late readers;
 * the no-op listener only keeps a reader that pipes without listening from crashing the server.
 * A client that goes away before the end fails the checks.
 */
function feedOnFirstRead(incoming: IncomingMessage, outgoing: ServerResponse, first: Writable, last: Transform): void {
  last.on('error', () => undefined);
  incoming.once('error', (err) => first.destroy(err));
  incoming.once('close', () => {
    if (!incoming.complete) first.destroy(new Error('The client closed the connection before the body ended.'));
  });
  const read = last._read.bind(last);
  let started = false;
  last._read = (size: number) => {
    if (!started) {
      started = true;
      incoming.pipe(first);
    }
    read(size);
  };
  // s3rver answered without reading the whole body (NoSuchBucket, say): drain it, as node would.
  outgoing.once('finish', () => {
    if (incoming.complete) return;
    incoming.unpipe(first);
    incoming.resume();
  });
}

function requestLine(incoming: IncomingMessage, headers: IncomingHttpHeaders, url: string) {
  return {
    headers: headersWithLocalCredentials(headers),
    url,
    method: incoming.method,
    httpVersion: incoming.httpVersion,
    httpVersionMajor: incoming.httpVersionMajor,
    httpVersionMinor: incoming.httpVersionMinor,
    socket: incoming.socket,
    connection: incoming.socket,
  };
}

/**
 * s3rver knows one access key, `S3RVER`, and refuses others; Godwit accepts any key while it binds
 * loopback (as LocalStack does), so the key in the request becomes s3rver's. The signature is not
 * checked (s3rver does not check SigV4 signatures; its SigV2 check is told to let mismatches pass):
 * the server refuses to bind anything but loopback until credentials are verified.
 */
export function headersWithLocalCredentials(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const auth = headers.authorization;
  if (typeof auth !== 'string') return headers;
  const local = auth.replace(/^(AWS4-HMAC-SHA256\s+Credential=)[^/,\s]*/, '$1S3RVER').replace(/^(AWS\s+)[^:\s]*:/, '$1S3RVER:');
  return local === auth ? headers : { ...headers, authorization: local };
}

/** The same for a presigned URL's access key (SigV4 `X-Amz-Credential`, SigV2 `AWSAccessKeyId`). */
export function withLocalCredentials(url: string): string {
  if (!url.includes('?')) return url;
  return url.replace(/([?&]X-Amz-Credential=)[^&/%]*(%2F|\/)/i, '$1S3RVER$2').replace(/([?&]AWSAccessKeyId=)[^&]*/, '$1S3RVER');
}
