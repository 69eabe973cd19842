import type { Reply, ServerRequest } from '../http/exchange.js';
import { bodyObject, header, jsonReply, withOperation } from '../http/exchange.js';
import { AwsError, asAwsError } from './aws-error.js';

/**
 * AWS's JSON protocol (awsJson1_0 / awsJson1_1), shared by every JSON-protocol front door
 * (SageMaker, Step Functions, EventBridge): `POST /` with `X-Amz-Target: <Service>.<Action>` and
 * a JSON body; answers are JSON, errors are `{"__type": …, "message": …}` with their HTTP status
 * and the type also in `x-amzn-ErrorType`. Every answer carries `x-amzn-RequestId`.
 */
export interface JsonService<C> {
  /** The target prefix: `SageMaker` answers `X-Amz-Target: SageMaker.ListPipelineExecutions`. */
  readonly targetPrefix: string;
  /** `application/x-amz-json-1.1` or `-1.0`, as the service's SDK expects. */
  readonly contentType: string;
  /** Action name to handler; the handler gets the parsed body (always an object). */
  readonly actions: Readonly<
    Record<string, (input: Record<string, unknown>, context: C, req: ServerRequest) => Promise<unknown>>
  >;
  /** The service's error type for a GodwitError `*_NOT_FOUND`. */
  readonly notFoundType?: string;
}

/** Answers one request; an unexpected error is written to the server's log and answered as `InternalFailure`. */
export async function serveJson<C extends { logError(err: unknown, requestId: string): void }>(
  service: JsonService<C>,
  req: ServerRequest,
  context: C,
): Promise<Reply> {
  const target = header(req, 'x-amz-target') ?? '';
  const action = target.startsWith(`${service.targetPrefix}.`) ? target.slice(service.targetPrefix.length + 1) : '';
  try {
    const handler = Object.hasOwn(service.actions, action) ? service.actions[action] : undefined;
    if (!handler) {
      throw new AwsError(
        'UnknownOperationException',
        `Godwit does not serve the action "${target}". Supported: ${Object.keys(service.actions).join(', ')}.`,
      );
    }
    if (req.method !== 'POST') throw new AwsError('UnknownOperationException', `AWS JSON actions are POSTed, not ${req.method}.`);
    const output = await handler(await parseInput(req), context, req);
    return withOperation(jsonReply(200, output ?? {}, service.contentType), action);
  } catch (err) {
    const e = asAwsError(err, service.notFoundType);
    if (e.status >= 500) context.logError(err, req.requestId);
    return withOperation(awsErrorReply(e, service.contentType), action || target || undefined);
  }
}

export function awsErrorReply(e: AwsError, contentType = 'application/x-amz-json-1.1'): Reply {
  return {
    status: e.status,
    headers: { 'content-type': contentType, 'x-amzn-errortype': e.type },
    body: JSON.stringify({ __type: e.type, message: e.message }),
  };
}

async function parseInput(req: ServerRequest): Promise<Record<string, unknown>> {
  const input = await bodyObject(req);
  if (input === 'not-json') throw new AwsError('SerializationException', 'The request body is not valid JSON.');
  if (input === 'not-object') throw new AwsError('SerializationException', 'The request body must be a JSON object.');
  return input;
}
