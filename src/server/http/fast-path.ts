import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { accessEntry, answerUnanswerable, writeWhole } from './answer-write.js';
import type { AccessEntry } from './http-server.js';
import { requestId } from './request-ids.js';

/**
 * A quicker way to answer one kind of request, tried by the HTTP server before its generic
 * handler: it claims the request by returning true and then answers on node's request and
 * response itself, through `server.send`, or returns false having read and written nothing, and
 * the generic `ServerRequest` → router → front door → `Reply` chain answers instead. Whatever it
 * claims it must answer exactly as that chain would (same status, headers, body, request id and
 * access entry); it only skips the chain's objects and promises. InvokeEndpoint's
 * (`aws/sagemaker-runtime/invoke-fast-path.ts`) is the one there is: bench/serving measures why.
 */
export type FastPath = (req: IncomingMessage, res: ServerResponse, server: FastServer) => boolean;

/** A request a fast path claimed, as its access entry names it. */
export interface FastRequest {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  /** The front door whose answers the fast path gives (`sagemaker-runtime`). */
  readonly door: string;
  /** `performance.now()` when the request reached the server. */
  readonly started: number;
  /** Its body could not be read to the end: the connection closes after the answer. */
  readonly unread: boolean;
}

/** What the HTTP server lends a fast path, so ids, headers and the log are the generic path's. */
export interface FastServer {
  /** A request id, made as the generic path makes it. */
  requestId(): string;
  /**
   * Writes the whole answer with one `writeHead` and one `end`, then reports the access entry.
   * `headers` is the answer's own, as a flat name, value, name, value… list (node checks it as it
   * is, with no object copied); `content-length`, `x-amzn-requestid` and, while the server is
   * closing, `connection: close` are appended, as the generic path adds them.
   */
  send(
    res: ServerResponse,
    request: FastRequest,
    status: number,
    headers: string[],
    body: Buffer | string,
    operation: string | undefined,
  ): void;
}

/** The `FastServer` of one listening server. */
export function fastServer(server: Server, log: (entry: AccessEntry) => void, closing: () => boolean): FastServer {
  const write: FastServer['send'] = (res, request, status, headers, body, operation) => {
    const ending = closing();
    writeWhole(res, status, headers, body, request.requestId, ending || request.unread);
    log(accessEntry(request, status, request.door, operation, request.started));
    if (ending) server.closeIdleConnections();
  };
  return {
    requestId,
    send(res, request, status, headers, body, operation) {
      try {
        write(res, request, status, headers, body, operation);
      } catch {
        // As the generic path answers what it cannot write (a header node refuses, such as a
        // model's custom attributes with a control character): a fast path's caller never sees a throw.
        answerUnanswerable(res);
      }
    },
  };
}
