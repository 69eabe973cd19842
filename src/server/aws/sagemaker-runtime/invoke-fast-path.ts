import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { InvocationReply } from '../../../serving/host/live-endpoint.js';
import type { InferenceResponse } from '../../../serving/model-runtime.js';
import type { Reply } from '../../http/exchange.js';
import type { FastPath, FastRequest, FastServer } from '../../http/fast-path.js';
import type { ServerContext } from '../../server-context.js';
import { DEFAULT_REGION } from '../arns.js';
import { AwsError } from '../aws-error.js';
import { awsErrorReply } from '../json-protocol.js';
import { headerScope } from '../sigv4-scope.js';
import { invocationOptions, invocationRequest } from './invocations.js';
import { invocationError, MAX_BODY } from './runtime-errors.js';
import { sagemakerRuntimeDoor } from './sagemaker-runtime-door.js';

/**
 * InvokeEndpoint without the server's generic request, router, door and reply objects: the
 * requests it claims are answered on node's request and response, the endpoint host called
 * through `EndpointHost.serve` (synchronously for a model scored on this thread) and the answer
 * written with one `writeHead` and `end`. Same answers as `invocations.ts` (status, headers, body,
 * error shapes, request id, access entry); bench/serving measured the chain it skips at ~10 µs of
 * the main thread per request. It claims only what it can answer identically (`claimInvocation`);
 * `open` says no credentials are needed (no principals in the home): otherwise every request goes
 * the generic way, through authentication. Everything else (names to percent-decode, query strings, chunked or oversized bodies, other
 * methods) goes the generic way.
 */
export function invokeFastPath(context: ServerContext, bodyLimit: number, open: () => boolean = () => true): FastPath {
  const limit = Math.min(bodyLimit, MAX_BODY);
  return (req, res, server) => {
    if (!open()) return false;
    const name = claimInvocation(req.method, req.url, req.headers, limit);
    if (name === undefined) return false;
    new FastInvocation(req, res, server, context, name);
    return true;
  };
}

/**
 * `POST /endpoints/<name>/invocations` with a name that percent-decoding leaves as it is (every
 * name SageMaker allows, `[a-zA-Z0-9](-*[a-zA-Z0-9])*`, is one), no query string and no dot segment.
 */
const INVOCATIONS = /^\/endpoints\/[A-Za-z0-9-]+\/invocations$/;
const NAME_START = '/endpoints/'.length;
const NAME_END = -'/invocations'.length;

/** The runtime door's signing name (`sagemaker`), which routing reads first. */
const SIGNING_NAME = sagemakerRuntimeDoor.match.protocol === 'godwit' ? undefined : sagemakerRuntimeDoor.match.signingName;

/**
 * `headerScope`'s pattern with the signing name in the service's place: since neither the region
 * nor the service may hold a `/`, it matches exactly when `headerScope(h).service` is the signing
 * name, and `test` allocates no match (the region is read only when an error reply names it).
 */
const SIGNED_FOR_DOOR = new RegExp(
  `^AWS4-HMAC-SHA256\\s+Credential=[^/,\\s]+\\/\\d{8}\\/[^/,\\s]+\\/${(SIGNING_NAME ?? '').replace(/[^A-Za-z0-9]/g, '\\$&')}\\/aws4_request`,
);

/**
 * The endpoint's name when the router would send this request to SageMaker Runtime's
 * InvokeEndpoint (signed with the door's signing name in the `Authorization` header, no
 * `X-Amz-Target`) and its body has a declared length within `limit`, so reading it can neither
 * fail on size nor need the generic path's errors; undefined otherwise. Tested with `test` and
 * cut with `slice`: no match arrays per request.
 */
export function claimInvocation(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
  limit: number,
): string | undefined {
  if (method !== 'POST' || url === undefined || !INVOCATIONS.test(url)) return undefined;
  if (headers['x-amz-target'] || headers['transfer-encoding'] !== undefined) return undefined;
  const length = headers['content-length'];
  if (length === undefined || !(Number(length) <= limit)) return undefined;
  const authorization = headers.authorization;
  if (authorization === undefined || SIGNING_NAME === undefined || !SIGNED_FOR_DOOR.test(authorization)) return undefined;
  return url.slice(NAME_START, NAME_END);
}

/** The region of a claimed request's signature, as the generic path reads it for error replies. */
export function claimedRegion(headers: IncomingHttpHeaders): string {
  return headerScope(headers.authorization)?.region ?? DEFAULT_REGION;
}

const OPERATION = 'InvokeEndpoint';

/** One claimed request: reads its body, has the host serve it, writes the answer. */
class FastInvocation implements FastRequest, InvocationReply {
  readonly requestId: string;
  readonly method = 'POST';
  readonly path: string;
  readonly door = sagemakerRuntimeDoor.name;
  readonly started = performance.now();
  unread = false;
  private chunks: Buffer[] = [];

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly server: FastServer,
    private readonly context: ServerContext,
    private readonly name: string,
  ) {
    this.requestId = server.requestId();
    this.path = req.url as string;
    req.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    req.on('end', () => this.invoke());
    req.on('error', (err) => this.unreadable(err));
  }

  private invoke(): void {
    const chunks = this.chunks;
    // One chunk (most requests) is the body as it is: Buffer.concat would copy it.
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    const headers = this.req.headers;
    try {
      this.context.endpoints.serve(this.name, invocationRequest(body, headers), invocationOptions(headers), this);
    } catch (err) {
      // A fault of the server's own, answered as the dispatcher answers a door that threw.
      this.internal(err);
    }
  }

  answered(variantName: string, response: InferenceResponse): void {
    const headers = ['content-type', response.contentType, 'x-amzn-invoked-production-variant', variantName];
    if (response.customAttributes !== undefined) headers.push('x-amzn-sagemaker-custom-attributes', response.customAttributes);
    this.server.send(this.res, this, 200, headers, response.body, OPERATION);
  }

  failed(err: unknown): void {
    let reply: Reply;
    try {
      reply = invocationError(err, this.name, claimedRegion(this.req.headers), this.context, OPERATION);
    } catch (unexpected) {
      this.internal(unexpected);
      return;
    }
    this.reply(reply, OPERATION);
  }

  /** The body broke off (the client went away): as the dispatcher answers a door that threw. */
  private unreadable(err: unknown): void {
    this.unread = true;
    this.internal(err);
  }

  private internal(err: unknown): void {
    this.context.logError(err, this.requestId);
    this.reply(awsErrorReply(new AwsError('InternalFailure', 'The server hit an internal error.', 500)), undefined);
  }

  private reply(reply: Reply, operation: string | undefined): void {
    const headers: string[] = [];
    for (const name in reply.headers) headers.push(name, reply.headers[name] as string);
    this.server.send(this.res, this, reply.status, headers, reply.body ?? '', operation);
  }
}
