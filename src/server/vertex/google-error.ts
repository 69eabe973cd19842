import { GodwitError } from '../../core/errors.js';
import { statusOf } from '../../serving/host/live-endpoint.js';
import { jsonReply, type Reply } from '../http/exchange.js';

/** google.rpc.Code names by the HTTP status Google's REST APIs answer them with. */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Google's JSON error: `{"error": {"code": 400, "message": "…", "status": "INVALID_ARGUMENT"}}`. */
export function googleError(code: number, message: string, operation?: string): Reply {
  const reply = jsonReply(code, { error: { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN' } });
  return { ...reply, headers: { 'content-type': 'application/json; charset=UTF-8' }, operation };
}

/**
 * What an invocation's error becomes in Vertex AI's shape. An endpoint not serving is NOT_FOUND.
 * A model's complaint about the payload (400, 413, 415) is INVALID_ARGUMENT, as Vertex AI answers
 * a request its model rejects; a model that failed is INTERNAL and a dead instance UNAVAILABLE,
 * each with the model's message. Anything else is the server's fault: logged, and a bare INTERNAL.
 */
export function predictError(err: unknown, resource: string, log: (err: unknown) => void, operation: string): Reply {
  if (!(err instanceof GodwitError)) {
    log(err);
    return googleError(500, 'Internal error encountered.', operation);
  }
  if (err.code.endsWith('_NOT_FOUND') && err.code !== 'E_VARIANT_NOT_FOUND') return notFound(resource, operation);
  if (err.code === 'E_ENDPOINT_NOT_SERVING') return notFound(resource, operation);
  const status = statusOf(err);
  const code = status === 413 || status === 415 ? 400 : status;
  return googleError(code, err.message, operation);
}

export function notFound(resource: string, operation: string): Reply {
  return googleError(404, `Endpoint \`${resource}\` not found.`, operation);
}
