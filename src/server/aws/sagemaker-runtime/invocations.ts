import type { DoorHandler } from '../../front-door.js';
import type { Reply } from '../../http/exchange.js';
import { decodeSegment } from '../../http/path-router.js';
import { ACCOUNT_ID } from '../arns.js';

/**
 * InvokeEndpoint and InvokeEndpointAsync. No endpoint can exist yet (endpoints are the next
 * capability), so every invocation gets SageMaker Runtime's own answer for an endpoint that does
 * not exist: `ValidationError`, 400, "Endpoint <name> of account <account> not found." — the
 * answer a client gets from AWS for a name with no endpoint behind it, not a placeholder.
 */
export const serveInvocations: DoorHandler = async (req) => {
  const [, , encoded, kind] = req.path.split('/');
  const operation = kind === 'async-invocations' ? 'InvokeEndpointAsync' : 'InvokeEndpoint';
  if (req.method !== 'POST')
    return runtimeError(405, 'UnknownOperationException', `${operation} is POSTed, not ${req.method}.`, operation);
  let name: string;
  try {
    name = decodeSegment(encoded);
  } catch (err) {
    return runtimeError(400, 'ValidationError', (err as Error).message, operation);
  }
  return runtimeError(400, 'ValidationError', `Endpoint ${name} of account ${ACCOUNT_ID} not found.`, operation);
};

/** REST-JSON errors: the type in `x-amzn-ErrorType` (and `__type`), the text in `message`. */
function runtimeError(status: number, type: string, message: string, operation: string): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: type, message }),
    operation,
  };
}
