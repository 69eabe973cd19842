import { GodwitError } from '../../../core/errors.js';
import type { Authorize } from '../../../governance/governance-records.js';
import { logReaderFor } from '../../../logs/open-log-reader.js';
import type { DoorHandler } from '../../front-door.js';
import type { ServerRequest } from '../../http/exchange.js';
import { AwsError } from '../aws-error.js';
import type { Input } from '../aws-input.js';
import { type JsonService, serveJson } from '../json-protocol.js';
import { filterLogEvents, getLogEvents } from './log-event-actions.js';
import { describeLogGroups, describeLogStreams } from './log-group-actions.js';
import type { LogsContext } from './logs-context.js';
import { LOGS_IAM } from './logs-iam.js';

type Action = (input: Input, context: LogsContext, req: ServerRequest) => Promise<unknown>;
type Context = LogsContext & { logError(err: unknown, requestId: string): void; readonly authorize: Authorize };

/**
 * CloudWatch Logs' errors: a caller's mistake is `InvalidParameterException` (the service has no
 * `ValidationException`), an unknown group or stream `ResourceNotFoundException`.
 */
function inLogsTerms(action: Action): Action {
  return async (input, context, req) => {
    try {
      return await action(input, context, req);
    } catch (err) {
      if (err instanceof AwsError && err.type === 'ValidationException')
        throw new AwsError('InvalidParameterException', err.message);
      if (err instanceof GodwitError && !err.code.endsWith('_NOT_FOUND')) {
        throw new AwsError('InvalidParameterException', err.describe());
      }
      throw err;
    }
  };
}

/** The CloudWatch Logs actions Godwit answers; docs/logs.md lists their fields. */
const logs: JsonService<Context> = {
  targetPrefix: 'Logs_20140328',
  contentType: 'application/x-amz-json-1.1',
  notFoundType: 'ResourceNotFoundException',
  iam: LOGS_IAM,
  actions: {
    DescribeLogGroups: inLogsTerms(describeLogGroups),
    DescribeLogStreams: inLogsTerms(describeLogStreams),
    GetLogEvents: inLogsTerms(getLogEvents),
    FilterLogEvents: inLogsTerms(filterLogEvents),
  },
};

export const serveLogs: DoorHandler = (req, context) =>
  serveJson(logs, req, {
    logs: logReaderFor(context.home.root, context.services.metadata),
    logError: (err, requestId) => context.logError(err, requestId),
    authorize: context.authorize,
  });
