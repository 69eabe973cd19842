import type { Authorize } from '../../governance/governance-records.js';
import { checkAccess } from '../door-authorization.js';
import type { Reply, ServerRequest } from '../http/exchange.js';
import { bodyObject, header, jsonReply, withOperation } from '../http/exchange.js';
import { AwsError, asAwsError } from './aws-error.js';
import type { IamRules } from './iam-rules.js';

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
  /** Each action's IAM action (`<service>:<Action>`) and resource, asked before a principal's request is handled. */
  readonly iam: IamRules;
}

/**
 * Answers one request; an unexpected error is written to the server's log and answered as
 * `InternalFailure`. A principal's request is authorized first (`<service>:<Action>` on the
 * resource its input names) and a refusal answered as `AccessDeniedException`.
 */
export async function serveJson<C extends { logError(err: unknown, requestId: string): void; readonly authorize: Authorize }>(
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
    const input = await parseInput(req);
    const check = checkAccess(req, context.authorize, service.iam.door, `${service.iam.service}:${action}`, () =>
      service.iam.resource(action, input, req.region),
    );
    if (check) await check;
    const output = await handler(input, context, req);
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
