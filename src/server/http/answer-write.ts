/**
 * How the server writes an answer it holds whole, and what it logs for it: one piece of code for
 * the generic path (`http-server.ts`) and the fast paths (`fast-path.ts`), so both answer and log
 * exactly alike.
 */
import type { ServerResponse } from 'node:http';
import type { AccessEntry } from './http-server.js';

/**
 * One `writeHead` and one `end`: the answer's own headers (a flat name, value, … list, checked by
 * node as it is) with `content-length` and `x-amzn-requestid` appended, and `connection: close`
 * when the connection must not be kept (the server is closing, or the body was left half-read and
 * cannot be skipped on a kept-alive connection).
 */
export function writeWhole(
  res: ServerResponse,
  status: number,
  headers: string[],
  body: Buffer | string,
  requestId: string,
  closeAfter: boolean,
): void {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  headers.push('content-length', String(length), 'x-amzn-requestid', requestId);
  if (closeAfter) headers.push('connection', 'close');
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * What a request that cannot be answered gets (a target URL cannot read, a header node refuses,
 * a log that throws): a bare 400 if nothing was sent yet, else the connection cut.
 */
export function answerUnanswerable(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else res.writeHead(400, { connection: 'close' }).end();
}

/** The access entry of an answered request; `started` is `performance.now()` at its arrival. */
export function accessEntry(
  request: { readonly requestId: string; readonly method: string; readonly path: string },
  status: number,
  door: string | undefined,
  operation: string | undefined,
  started: number,
): AccessEntry {
  // Always this property order: one hidden class for both paths' entries.
  return {
    at: Date.now(),
    requestId: request.requestId,
    method: request.method,
    path: request.path,
    status,
    door,
    operation,
    ms: performance.now() - started,
  };
}
