import type { ErrorCode } from '../../core/error-codes.js';
import { GodwitError } from '../../core/errors.js';
import { checkAccess } from '../door-authorization.js';
import type { DoorHandler } from '../front-door.js';
import { bodyObject, jsonReply, type Reply, type ServerRequest, withOperation } from '../http/exchange.js';
import { type PathRoute, pathRouter } from '../http/path-router.js';
import type { ServerContext } from '../server-context.js';
import { endpointRoutes } from './endpoint-routes.js';
import { modelRoutes } from './model-routes.js';
import { queryRoutes } from './query-routes.js';
import { restError, restNotFound } from './rest-errors.js';
import { REST_IAM } from './rest-iam.js';
import { runRoutes } from './run-routes.js';

/** A REST route: path parameters in, a JSON value (or a whole reply) out. */
export type RestHandler = (
  params: Readonly<Record<string, string>>,
  req: ServerRequest,
  context: ServerContext,
) => Promise<unknown | Reply>;

const health: RestHandler = async (_params, _req, context) => ({
  status: 'ok',
  pid: process.pid,
  home: context.home.root,
  url: context.url,
  startedAt: context.startedAt.toISOString(),
});

const ROUTES: readonly PathRoute<RestHandler>[] = [
  { method: 'GET', pattern: '/api/v1/health', handler: health },
  ...runRoutes,
  ...modelRoutes,
  ...endpointRoutes,
  ...queryRoutes,
];
const match = pathRouter(ROUTES);

export const serveRest: DoorHandler = async (req, context) => {
  let operation: string | undefined;
  try {
    const found = match(req.method, req.path);
    if (!found) return restNotFound(`No route ${req.method} ${req.path}.`);
    if ('allowed' in found) {
      const code: ErrorCode = 'E_METHOD_NOT_ALLOWED';
      return jsonReply(405, { error: { code, message: `${req.path} answers ${found.allowed.join(', ')}, not ${req.method}.` } });
    }
    operation = `${req.method} ${found.pattern}`;
    const rule = REST_IAM[operation];
    if (rule) {
      const { action, resource } = rule(found.params);
      await checkAccess(req, context.authorize, 'rest', action, () => resource);
    }
    const value = await found.handler(found.params, req, context);
    return withOperation(isReply(value) ? value : jsonReply(200, value), operation);
  } catch (err) {
    if (!(err instanceof GodwitError)) context.logError(err, req.requestId);
    return withOperation(restError(err), operation);
  }
};

const REPLY = Symbol('reply');

/** Marks a route's answer as a whole reply (a log as text) rather than a value to send as JSON. */
export function rawReply(reply: Reply): Reply {
  return Object.assign({ [REPLY]: true }, reply);
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && REPLY in value;
}

/** The JSON object a POST sent (an empty body is `{}`). */
export async function jsonBody(req: ServerRequest): Promise<Record<string, unknown>> {
  const input = await bodyObject(req);
  if (typeof input === 'string') {
    throw new GodwitError('E_REQUEST_BODY', 'The request body must be a JSON object.', { hint: 'Send {} or omit the body.' });
  }
  return input;
}

/** A non-negative integer query parameter or path segment; absent gives `fallback`. */
export function integerParam(name: string, value: string | null | undefined, fallback?: number): number | undefined {
  if (value === null || value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) {
    throw new GodwitError('E_REQUEST_PARAMETER', `${name} must be a whole number, not "${value}".`);
  }
  return Number(value);
}
