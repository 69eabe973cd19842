import { GodwitError } from '../../../core/errors.js';
import { statusOf } from '../../../serving/host/invocation-status.js';
import type { Reply } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { logFile } from '../../server-files.js';
import { ACCOUNT_ID } from '../arns.js';

/** InvokeEndpoint's `Body` limit (the service model's `BodyBlob`: at most 6,291,456 bytes). */
export const MAX_BODY = 6 * 1024 * 1024;

/** REST-JSON errors: the type in `x-amzn-ErrorType` (and `__type`), the text in `message`. */
export function runtimeError(status: number, type: string, message: string, operation: string, extra?: object): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: type, message, ...extra }),
    operation,
  };
}

/** SageMaker Runtime's answer for a name with no endpoint serving behind it (or one not yet `InService`). */
export function endpointNotFound(name: string, operation: string): Reply {
  return runtimeError(400, 'ValidationError', `Endpoint ${name} of account ${ACCOUNT_ID} not found.`, operation);
}

export function bodyTooLarge(size: number, operation: string): Reply {
  return runtimeError(
    413,
    'ValidationError',
    `1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BODY} (the body has ${size} bytes).`,
    operation,
  );
}

/**
 * What an invocation's error becomes. The endpoint or variant the caller named: `ValidationError`.
 * A serverless variant at its MaxConcurrency: `ThrottlingException`.
 * Whatever the model (or its instance) reported: `ModelError`, 424, with the model's own status
 * and message as `OriginalStatusCode` / `OriginalMessage` and the log stream it would be in on AWS,
 * as SageMaker answers a container's 4xx or 5xx. Anything else is the server's fault and is thrown.
 */
export function invocationError(err: unknown, name: string, region: string, context: ServerContext, operation: string): Reply {
  if (!(err instanceof GodwitError)) throw err;
  if (err.code === 'E_ENDPOINT_NOT_SERVING') return endpointNotFound(name, operation);
  if (err.code === 'E_VARIANT_NOT_FOUND') return runtimeError(400, 'ValidationError', err.message, operation);
  // Over a serverless variant's MaxConcurrency: AWS's common throttling error (not in the
  // runtime's model), 400 with "Rate exceeded" leading the message, which every SDK retries itself.
  if (err.code === 'E_ENDPOINT_THROTTLED') return runtimeError(400, 'ThrottlingException', err.message, operation);
  const status = statusOf(err);
  const kind = status < 500 ? 'client' : 'server';
  const group = `/aws/sagemaker/Endpoints/${name}`;
  return runtimeError(
    424,
    'ModelError',
    `Received ${kind} error (${status}) from primary with message "${err.message}". See ${logFile(context.home)} (log group ${group} in account ${ACCOUNT_ID}) for more information.`,
    operation,
    {
      ErrorCode: status < 500 ? 'CLIENT_ERROR_FROM_MODEL' : 'SERVER_ERROR_FROM_MODEL',
      OriginalStatusCode: status,
      OriginalMessage: err.message,
      LogStreamArn: `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${group}`,
    },
  );
}
