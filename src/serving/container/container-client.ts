/**
 * HTTP to one container on 127.0.0.1, over kept-alive connections (a fresh TCP connection per
 * request costs about as much as a small prediction; bench/serving/byoc.ts measures both).
 *
 * Every request in flight is tracked, so that when the process dies each one fails at once with
 * `E_CONTAINER_DIED` instead of waiting for a socket timeout, and `drain()` can wait for them.
 */
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { type ErrorCode, GodwitError } from '../../core/errors.js';

export interface ContainerReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ContainerClient {
  send(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: Buffer): Promise<ContainerReply>;
  /** Fails every request in flight (and every later one) with this error. */
  fail(error: GodwitError): void;
  /** Resolves when no request is in flight. */
  drain(): Promise<void>;
  readonly inFlight: () => number;
  close(): void;
}

export function containerClient(port: number, options: { keepAlive?: boolean } = {}): ContainerClient {
  const agent = new Agent({ keepAlive: options.keepAlive ?? true, maxSockets: 256, noDelay: true });
  const pending = new Set<(error: GodwitError) => void>();
  let failure: GodwitError | undefined;
  let idle: (() => void)[] = [];
  const settle = (abort: (error: GodwitError) => void) => {
    pending.delete(abort);
    if (pending.size === 0) for (const wake of idle.splice(0)) wake();
  };
  return {
    send(method, path, headers, body) {
      if (failure) return Promise.reject(failure);
      return new Promise<ContainerReply>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            settle(abort);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', (err) => abort(connectionError(err)));
        });
        const abort = (error: GodwitError) => {
          settle(abort);
          reject(error);
          req.destroy();
        };
        pending.add(abort);
        req.on('error', (err) => abort(connectionError(err)));
        req.end(body);
      });
    },
    fail(error) {
      failure = error;
      for (const abort of [...pending]) abort(error);
    },
    drain: () => (pending.size === 0 ? Promise.resolve() : new Promise<void>((wake) => idle.push(wake))),
    inFlight: () => pending.size,
    close() {
      agent.destroy();
      for (const wake of idle.splice(0)) wake();
      idle = [];
    },
  };
}

/** A broken connection; the instance turns it into E_CONTAINER_DIED when the process is gone. */
export class ConnectionLost extends GodwitError {}

function connectionError(err: Error): GodwitError {
  return new ConnectionLost('E_CONTAINER_DIED', `The connection to the container broke: ${err.message}.`, { cause: err });
}

/** The runtime's error for a container's 4xx or 5xx answer, keeping the container's message. */
export function replyError(reply: ContainerReply, what: string): GodwitError {
  const text = reply.body.toString('utf8').trim().slice(0, 2000) || '(empty body)';
  const code: ErrorCode =
    reply.status === 415 || reply.status === 406
      ? 'E_CONTENT_TYPE'
      : reply.status === 413
        ? 'E_PAYLOAD_TOO_LARGE'
        : reply.status >= 400 && reply.status < 500
          ? 'E_DATA_FORMAT'
          : 'E_MODEL_ERROR';
  return new GodwitError(code, `${what} answered ${reply.status}: ${text}`);
}
