import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GodwitError } from '../../core/errors.js';
import { DEFAULT_REGION } from '../aws/arns.js';
import { type CredentialScope, credentialScope } from '../aws/sigv4-scope.js';
import { accessEntry, answerUnanswerable, writeWhole } from './answer-write.js';
import type { Reply, ServerRequest } from './exchange.js';
import { type FastPath, fastServer } from './fast-path.js';
import { requestId } from './request-ids.js';

/**
 * The server's HTTP layer: bare `node:http` (chosen by `bench/http`, see bench/RESULTS.md). It
 * parses each request once into a `ServerRequest`, hands it to `handle`, writes the reply with its
 * request id, and reports one access entry per request. Closing stops accepting connections,
 * lets requests in flight finish (up to `graceMs`), then cuts what is left.
 */
export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly handle: (req: ServerRequest) => Promise<{ reply: Reply; door?: string }>;
  readonly log: (entry: AccessEntry) => void;
  /** Largest body read, in bytes. */
  readonly bodyLimit: number;
  /**
   * Tried before `handle` on every request: answers the requests it claims itself, exactly as
   * `handle` would, without the generic request and reply objects (see `fast-path.ts`).
   */
  readonly fast?: FastPath;
}

/** What the access log holds: never headers, query strings or bodies, which may carry secrets. */
export interface AccessEntry {
  /** When it was answered, in ms since the epoch (`Date.now()`: no Date object per request). */
  readonly at: number;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly door?: string;
  readonly operation?: string;
  readonly ms: number;
}

export interface ListeningServer {
  readonly port: number;
  close(graceMs?: number): Promise<void>;
}

export function listen(options: HttpServerOptions): Promise<ListeningServer> {
  let closing = false;
  const isClosing = () => closing;
  const fast = options.fast;
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    if (fast?.(req, res, lent)) return;
    answer(req, res, options, isClosing)
      // Only a request node parsed but URL cannot (a malformed target) gets here: a bare 400.
      .catch(() => answerUnanswerable(res))
      .finally(() => {
        if (closing) server.closeIdleConnections();
      });
  });
  const lent = fastServer(server, options.log, isClosing);
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, options)));
    server.listen(options.port, options.host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        close: (graceMs = 10_000) => {
          closing = true;
          const done = new Promise<void>((r) => server.close(() => r()));
          server.closeIdleConnections();
          const cut = setTimeout(() => server.closeAllConnections(), graceMs);
          return done.finally(() => clearTimeout(cut));
        },
      });
    });
  });
}

// Per-request objects are built as literals or class instances, never as `{ ...a, more }`: on
// Node 20's V8 a spread followed by more properties makes a new hidden class every time (~1.5 µs
// per property added, and megamorphic property reads downstream), which `npm run bench:http`
// found to be most of this server's CPU per request above bare node:http.
async function answer(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions, closing: () => boolean) {
  const request = new IncomingRequest(req, res, options);
  let reply: Reply;
  try {
    ({ reply, door: request.door } = await options.handle(request));
  } catch {
    reply = { status: 500 };
  }
  request.reply = reply;
  if (request.takenOver) {
    // The door answered on the response itself (its access entry comes on 'close', see takeOver);
    // only a door that failed before answering is left.
    if (!reply.streamed && !res.headersSent) res.writeHead(500, { connection: 'close' }).end();
    else if (!reply.streamed && !res.writableEnded) res.destroy();
    return;
  }
  const headers: string[] = [];
  for (const name in reply.headers) headers.push(name, reply.headers[name]);
  writeWhole(res, reply.status, headers, reply.body ?? '', request.requestId, closing() || request.unread);
  // The reply is with the socket: its time is the server's. No 'close' listener per request for this.
  options.log(request.accessEntry(reply.status));
}

/** A node request as front doors see it, parsed once; the body is read on the first `body()`. */
class IncomingRequest implements ServerRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly scope: CredentialScope | undefined;
  readonly region: string;
  readonly requestId: string;
  readonly target: string;
  readonly remoteAddress: string | undefined;
  /** Set by the dispatcher once authenticated. */
  caller: ServerRequest['caller'] = undefined;
  /** The body was read past the limit and left half-read. */
  unread = false;
  /** A door took node's request and response over (see `ServerRequest.takeOver`). */
  takenOver = false;
  /** What answered, for the access entry: known once the door's handler has returned. */
  door: string | undefined;
  reply: Reply | undefined;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #options: HttpServerOptions;
  readonly #started = performance.now();
  #query: string | URLSearchParams;
  #body: Promise<Buffer> | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions) {
    this.#req = req;
    this.#res = res;
    this.#options = options;
    this.method = req.method ?? 'GET';
    this.headers = req.headers;
    this.target = req.url ?? '/';
    this.remoteAddress = req.socket.remoteAddress;
    const { path, query } = parseTarget(this.target);
    this.path = path;
    this.#query = query;
    this.scope = credentialScope(this);
    this.region = this.scope?.region ?? DEFAULT_REGION;
    this.requestId = requestId();
  }

  /** Parsed on first use: most requests (InvokeEndpoint, the JSON protocols) have no query. */
  get query(): URLSearchParams {
    if (typeof this.#query === 'string') this.#query = new URLSearchParams(this.#query);
    return this.#query;
  }

  body(): Promise<Buffer> {
    this.#body ??= readBody(this.#req, this.#options.bodyLimit).catch((err: unknown) => {
      this.unread = true;
      throw err;
    });
    return this.#body;
  }

  /**
   * A door that answers on node's response may still be streaming when its handler returns, so
   * its access entry is written on 'close': after the last byte went to the OS, or when the
   * client went away first.
   */
  takeOver(): { incoming: IncomingMessage; outgoing: ServerResponse } {
    this.takenOver = true;
    this.#res.once('close', () => {
      const reply = this.reply;
      this.#options.log(this.accessEntry(reply && !reply.streamed ? reply.status : this.#res.statusCode));
    });
    return { incoming: this.#req, outgoing: this.#res };
  }

  accessEntry(status: number): AccessEntry {
    return accessEntry(this, status, this.door, this.reply?.operation, this.#started);
  }
}

/**
 * The path (percent-encoding kept) and query (without its `?`) of a request target, as `new URL` reads them, which
 * throws on a target it cannot read. A plain target is split without URL, ~0.4 µs cheaper. The
 * query is text, parsed only if a door asks for it (`IncomingRequest.query`).
 */
export function parseTarget(target: string): { path: string; query: string } {
  if (PLAIN_TARGET.test(target)) {
    const q = target.indexOf('?');
    return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
  }
  const url = new URL(target, 'http://server');
  return { path: url.pathname, query: url.search.slice(1) };
}

/**
 * A request target `new URL` would leave as it is: an origin-form path of unreserved characters,
 * sub-delimiters, `:`, `@`, `%` and `/`, with no `//` start (a host to URL) and no dot segment
 * (which URL resolves), then an optional query of printable ASCII without `#`. Anything else goes
 * through `new URL`, so paths and queries are the same either way (test/server/parse-target.test.ts).
 */
const PLAIN_TARGET = /^\/(?![/.]|%2e)(?:[\w\-~!$&'()*+,;=:@%]|\/(?![.]|%2e)|\.)*(?:\?[!-"$-~]*)?$/i;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return chunks.push(chunk);
      req.off('data', onData);
      reject(
        new GodwitError('E_SERVER_BODY_TOO_LARGE', `The request body is over ${limit} bytes.`, {
          hint: 'Send a smaller payload.',
        }),
      );
    };
    req.on('data', onData);
    // One chunk (most requests) is the body as it is: Buffer.concat would copy it.
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listenError(err: NodeJS.ErrnoException, options: HttpServerOptions): Error {
  if (err.code === 'EADDRINUSE') {
    return new GodwitError('E_SERVER_PORT_IN_USE', `Port ${options.port} on ${options.host} is already in use.`, {
      hint: 'Choose another with --port N or GODWIT_PORT, or stop what holds it.',
    });
  }
  return err;
}
