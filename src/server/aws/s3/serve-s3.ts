import type { IncomingMessage, ServerResponse } from 'node:http';
import { GodwitError } from '../../../core/errors.js';
import { checkAccess } from '../../door-authorization.js';
import type { Reply, ServerRequest } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { bodyPlan } from './body-plan.js';
import { s3Folder } from './s3-endpoint.js';
import { copySourceArn, s3Check } from './s3-iam.js';
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
 * checked body as it streams. The request line is checked as sent (`incoming.url`), since that,
 * not the server's normalised path, is what s3rver turns into file names.
 */
export async function serveS3(req: ServerRequest, context: ServerContext): Promise<Reply> {
  const operation = s3Operation(req);
  const denied = await accessDenied(req, context, operation);
  const engine = await engineFor(context);
  if (!req.takeOver) throw new Error('The S3 door streams bodies: it needs the HTTP server to hand over the request.');
  const { incoming, outgoing } = req.takeOver();
  outgoing.setHeader('x-amz-request-id', req.requestId);
  const unsafe = unsafeS3Request({ ...asSent(incoming.url ?? '/'), headers: req.headers });
  let plan: ReturnType<typeof bodyPlan>;
  try {
    if (denied) throw denied;
    if (unsafe) throw Object.assign(engine.errorOf(unsafe.code, unsafe.message), { status: unsafe.status });
    plan = bodyPlan(req.headers, engine.errorOf);
  } catch (err) {
    writeS3Error(outgoing, err as Error & { code: string; status: number }, req);
    return { status: outgoing.statusCode, streamed: true, operation };
  }
  const forS3rver = s3rverRequest(incoming, outgoing, plan, engine.errorOf, req.chunkSignatures);
  (forS3rver as IncomingMessage & { [REQUEST_ID]?: string })[REQUEST_ID] = req.requestId;
  await engine.handle(forS3rver, outgoing);
  return { status: outgoing.statusCode, streamed: true, operation };
}

/**
 * S3's AccessDenied (403, "Access Denied", as S3 words it) when the caller is a principal its
 * policies do not allow this operation, or whose Lake Formation grants do not cover the objects it
 * touches under registered locations; undefined otherwise (and at once for the local caller).
 */
async function accessDenied(
  req: ServerRequest,
  context: ServerContext,
  operation: string,
): Promise<{ code: string; message: string; status: number } | undefined> {
  const check = s3Check(operation, req);
  const source = operation === 'CopyObject' ? copySourceArn(req.headers['x-amz-copy-source']) : undefined;
  try {
    await checkAccess(req, context.authorize, 's3', check.action, () => check.resources);
    if (source) await checkAccess(req, context.authorize, 's3', 's3:GetObject', () => source);
    // Then Lake Formation's rules on objects under registered locations (s3-object-access.ts).
    if (req.caller?.kind === 'principal')
      await (await import('./s3-object-access.js')).checkObjectAccess(req, context, operation);
    return undefined;
  } catch (err) {
    if (err instanceof GodwitError && err.code === 'E_ACCESS_DENIED')
      return { code: 'AccessDenied', message: 'Access Denied', status: 403 };
    throw err;
  }
}

/** The path and query of a request target exactly as sent: no dot segment resolved, no decoding. */
function asSent(target: string): { path: string; query: URLSearchParams } {
  const q = target.indexOf('?');
  return q < 0
    ? { path: target, query: new URLSearchParams() }
    : { path: target.slice(0, q), query: new URLSearchParams(target.slice(q + 1)) };
}

/** S3's XML error, for what the door refuses itself before s3rver sees the request. */
function writeS3Error(res: ServerResponse, error: { code: string; message: string; status: number }, req: ServerRequest): void {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `<RequestId>${req.requestId}</RequestId></Error>`;
  const body = req.method === 'HEAD' ? '' : xml;
  res.writeHead(error.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
