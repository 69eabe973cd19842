import type { ErrorCode } from '../../core/error-codes.js';
import { GodwitError } from '../../core/errors.js';
import { jsonReply, type Reply } from '../http/exchange.js';

/**
 * The REST API's error shape: `{"error": {"code", "message", "hint"}}` with Godwit's stable
 * codes, 404 for anything `*_NOT_FOUND`, 400 for other errors a caller causes, 500 otherwise
 * (without the internal message, which goes to the server's log).
 */
export function restError(err: unknown): Reply {
  if (err instanceof GodwitError) {
    const status = err.code.endsWith('_NOT_FOUND')
      ? 404
      : err.code === 'E_SERVER_BODY_TOO_LARGE'
        ? 413
        : err.code === 'E_ACCESS_DENIED'
          ? 403
          : 400;
    return jsonReply(status, { error: { code: err.code, message: err.message, hint: err.hint } });
  }
  return jsonReply(500, { error: { code: 'E_INTERNAL', message: 'The server hit an internal error; its log has the details.' } });
}

export function restNotFound(message: string, code: ErrorCode = 'E_ROUTE_NOT_FOUND'): Reply {
  return jsonReply(404, { error: { code, message, hint: 'See docs/server.md for the routes.' } });
}
