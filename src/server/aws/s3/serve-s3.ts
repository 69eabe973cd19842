import type { IncomingMessage } from 'node:http';
import type { Reply, ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { bodyPlan } from './body-plan.js';
import { s3Folder } from './s3-endpoint.js';
import { s3Operation } from './s3-operation.js';
import { unsafeS3Request } from './s3-request-guard.js';
import { openS3rver, type S3Engine } from './s3rver-app.js';
import { s3rverRequest } from './s3rver-request.js';

/** The request id of a request handed to s3rver, so its errors are logged under that id. */
const REQUEST_ID = Symbol('godwit.requestId');

const engines = new WeakMap<ServerContext, Promise<S3Engine>>();

/** One s3rver per server (so per home), over `<home>/s3/`, opened on the first S3 request. */
function engineFor(context: ServerContext): Promise<S3Engine> {
  let engine = engines.get(context);
  if (!engine) {
    const logError = (err: unknown, req: IncomingMessage) =>
      context.logError(err, (req as IncomingMessage & { [REQUEST_ID]?: string })[REQUEST_ID] ?? '-');
    engine = openS3rver(s3Folder(context.home), logError);
    engines.set(context, engine);
  }
  return engine;
}

/**
 * Answers an S3 request: refuses what the folder store cannot hold safely, plans the body's
 * decoding and checks from its headers, then lets s3rver answer on node's response, reading the
 * checked body as it streams.
 */
export async function serveS3(req: ServerRequest, context: ServerContext): Promise<Reply> {
  const operation = s3Operation(req);
  const engine = await engineFor(context);
  const unsafe = unsafeS3Request(req);
  if (unsafe) return s3ErrorReply(unsafe, req, operation);
  let plan: ReturnType<typeof bodyPlan>;
  try {
    plan = bodyPlan(req.headers, engine.errorOf);
  } catch (err) {
    const e = err as Error & { code: string; status?: number };
    return s3ErrorReply({ code: e.code, message: e.message, status: e.status ?? 400 }, req, operation);
  }
  if (!req.takeOver) throw new Error('The S3 door streams bodies: it needs the HTTP server to hand over the request.');
  const { incoming, outgoing } = req.takeOver();
  outgoing.setHeader('x-amz-request-id', req.requestId);
  const forS3rver = s3rverRequest(incoming, outgoing, plan, engine.errorOf);
  (forS3rver as IncomingMessage & { [REQUEST_ID]?: string })[REQUEST_ID] = req.requestId;
  await engine.handle(forS3rver, outgoing);
  return { status: outgoing.statusCode, streamed: true, operation };
}

/** S3's XML error, for what the door refuses itself before s3rver sees the request. */
function s3ErrorReply(error: { code: string; message: string; status: number }, req: ServerRequest, operation: string): Reply {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `<RequestId>${req.requestId}</RequestId></Error>`;
  return {
    status: error.status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': req.requestId },
    body: req.method === 'HEAD' ? '' : xml,
    operation,
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
