import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GodwitError } from '../../core/errors.js';
import { DEFAULT_REGION } from '../aws/arns.js';
import { credentialScope } from '../aws/sigv4-scope.js';
import type { Reply, ServerRequest } from './exchange.js';

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
}

/** What the access log holds: never headers, query strings or bodies, which may carry secrets. */
export interface AccessEntry {
  readonly at: Date;
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
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    answer(req, res, options, () => closing)
      // Only a request node parsed but URL cannot (a malformed target) gets here: a bare 400.
      .catch(() => (res.headersSent ? res.destroy() : res.writeHead(400, { connection: 'close' }).end()))
      .finally(() => {
        if (closing) server.closeIdleConnections();
      });
  });
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

async function answer(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions, closing: () => boolean) {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://server');
  const partial = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers };
  let unread = false;
  const request: ServerRequest = {
    ...partial,
    region: credentialScope(partial)?.region ?? DEFAULT_REGION,
    requestId: randomUUID(),
    body: once(async () => {
      try {
        return await readBody(req, options.bodyLimit);
      } catch (err) {
        unread = true;
        throw err;
      }
    }),
  };
  const { reply, door } = await options.handle(request).catch(() => ({ reply: { status: 500 } as Reply, door: undefined }));
  const body = reply.body ?? '';
  res.writeHead(reply.status, {
    ...reply.headers,
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-requestid': request.requestId,
    // A body left half-read cannot be skipped on a kept-alive connection, so that one closes.
    ...(closing() || unread ? { connection: 'close' } : {}),
  });
  const { method, path } = partial;
  // 'close' comes after the last byte is handed to the OS, or when the client went away first.
  res.once('close', () => {
    const ms = performance.now() - started;
    options.log({
      at: new Date(),
      requestId: request.requestId,
      method,
      path,
      status: reply.status,
      door,
      operation: reply.operation,
      ms,
    });
  });
  res.end(body);
}

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

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
    req.on('end', () => resolve(Buffer.concat(chunks)));
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
