import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '../../governance/governance-records.js';
import type { ChunkSignatureChain } from '../auth/chunk-signatures.js';
import type { CredentialScope } from '../aws/sigv4-scope.js';

/**
 * One request as a front door sees it: parsed once by the HTTP server, body read on demand.
 * Front doors never touch node's request object, so a test can hand them a plain one.
 */
export interface ServerRequest {
  readonly method: string;
  /** The path without its query string, percent-encoding kept (`/endpoints/my%20ep/invocations`). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names, as node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The request's SigV4 credential scope (header or presigned query), parsed once; undefined when unsigned. */
  readonly scope: CredentialScope | undefined;
  /** The region of that scope, or the default region. */
  readonly region: string;
  /** Sent back in `x-amzn-RequestId` and written in the access log. */
  readonly requestId: string;
  /**
   * Who is calling, set by the dispatcher once the request is authenticated (SigV4 for AWS doors,
   * a bearer token or session cookie for the REST API and UI); the local user when the home has
   * no principals. Undefined only on requests made by hand in tests, which act as the local user.
   */
  caller?: Caller;
  /**
   * Set by the authenticator with the caller: the chain of chunk signatures of a SigV4-signed
   * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD…` body, which the S3 door verifies as the body streams.
   */
  chunkSignatures?: ChunkSignatureChain;
  /**
   * The request target exactly as sent (path and query, percent-encoding as the client wrote
   * it): what a SigV4 signature covers. Absent on requests made by hand in tests.
   */
  readonly target?: string;
  /** The peer's address (`127.0.0.1`, `::1`, …); absent on requests made by hand in tests. */
  readonly remoteAddress?: string;
  /** The whole body; rejects with `E_SERVER_BODY_TOO_LARGE` past the server's limit. */
  body(): Promise<Buffer>;
  /**
   * Node's request and response, for a door whose bodies stream (S3 objects of any size, never
   * held in memory nor bound by the body limit). A door that takes them over writes its whole
   * answer itself and returns a reply with `streamed: true`. Absent on requests made by hand in
   * tests, which only doors that buffer receive.
   */
  takeOver?(): { readonly incoming: IncomingMessage; readonly outgoing: ServerResponse };
}

/** What a front door answers. `body` is sent as is; a string is UTF-8. */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Written in the access log beside the front door: the action or route that answered. */
  readonly operation?: string;
  /** The door wrote the answer on node's response itself (see `takeOver`); `status` is what it sent. */
  readonly streamed?: boolean;
}

export function jsonReply(status: number, value: unknown, contentType = 'application/json'): Reply {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(value) };
}

/**
 * The reply with `operation` set. Built as a literal, not `{ ...reply, operation }`: on Node 20 a
 * spread followed by another property costs a new hidden class per call (see http-server.ts).
 */
export function withOperation(reply: Reply, operation: string | undefined): Reply {
  return { status: reply.status, headers: reply.headers, body: reply.body, operation };
}

/** The header's value when it was sent once; a repeated header counts as its first value. */
export function header(req: Pick<ServerRequest, 'headers'>, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The JSON object a request body holds (an empty body is `{}`), or why not; each front door
 * answers the why in its own error shape.
 */
export async function bodyObject(req: ServerRequest): Promise<Record<string, unknown> | 'not-json' | 'not-object'> {
  const text = (await req.body()).toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not-json';
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'not-object';
}
