import type { AccessEntry } from './http/http-server.js';

/**
 * The server's log lines. An access line holds only what `AccessEntry` holds (time, request id,
 * method, path without its query, status, door, operation, duration): no header, query string or
 * body ever reaches the log, so neither a SigV4 signature, an access key, a presigned URL's
 * signature nor a payload can be written there.
 */
export function accessLine(e: AccessEntry): string {
  const what = [e.door ?? '-', e.operation ?? '-'].join(' ');
  return `${e.at.toISOString()} ${e.status} ${e.method} ${e.path} ${what} ${e.ms.toFixed(1)}ms ${e.requestId}`;
}

export function errorLines(err: unknown, requestId: string, at = new Date()): string {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `${at.toISOString()} error in request ${requestId}: ${text}`;
}
