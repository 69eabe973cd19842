/**
 * Lake Formation's restJson1 protocol over Godwit's governance catalog: the operation is the path,
 * the input a JSON body, the answer JSON; errors are Lake Formation's own
 * (`InvalidInputException`, `EntityNotFoundException`, `AlreadyExistsException`,
 * `AccessDeniedException`) with their message in `Message`, the type in `x-amzn-ErrorType`.
 */
import { GodwitError } from '../../../core/errors.js';
import type { Reply, ServerRequest } from '../../http/exchange.js';
import { bodyObject, jsonReply, withOperation } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { filterActions } from './filter-actions.js';
import type { LakeFormationOperation } from './lakeformation-operations.js';
import { permissionActions } from './permission-actions.js';
import { tagActions } from './tag-actions.js';

export type LfAction = (input: Record<string, unknown>, context: ServerContext, req: ServerRequest) => Promise<unknown>;

const ACTIONS: Record<LakeFormationOperation, LfAction> = { ...permissionActions, ...filterActions, ...tagActions };

export async function serveLakeFormation(req: ServerRequest, context: ServerContext): Promise<Reply> {
  const operation = req.path.slice(1) as LakeFormationOperation;
  try {
    const action = Object.hasOwn(ACTIONS, operation) ? ACTIONS[operation] : undefined;
    if (!action) throw new AwsError('InvalidInputException', `Godwit does not serve the Lake Formation operation ${operation}.`);
    if (req.method !== 'POST')
      throw new AwsError('InvalidInputException', `Lake Formation operations are POSTed, not ${req.method}.`);
    const input = await bodyObject(req);
    if (typeof input === 'string') throw new AwsError('InvalidInputException', 'The request body must be a JSON object.');
    return withOperation(jsonReply(200, (await action(input, context, req)) ?? {}), operation);
  } catch (err) {
    const e = lakeFormationError(err);
    if (e.status >= 500) context.logError(err, req.requestId);
    return withOperation(
      {
        status: e.status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': e.type },
        body: JSON.stringify({ __type: e.type, Message: e.message }),
      },
      operation,
    );
  }
}

/** A GodwitError as Lake Formation names it: not found, exists, denied, else invalid input. */
export function lakeFormationError(err: unknown): AwsError {
  if (err instanceof AwsError)
    return err.type === 'ValidationException' ? new AwsError('InvalidInputException', err.message) : err;
  if (err instanceof GodwitError) {
    const type = err.code.endsWith('_NOT_FOUND')
      ? 'EntityNotFoundException'
      : err.code.endsWith('_EXISTS')
        ? 'AlreadyExistsException'
        : err.code === ('E_ACCESS_DENIED' as string)
          ? 'AccessDeniedException'
          : 'InvalidInputException';
    return new AwsError(type, err.describe(), type === 'AccessDeniedException' ? 403 : 400);
  }
  return new AwsError('InternalServiceException', 'The server hit an internal error; its log has the details.', 500);
}
