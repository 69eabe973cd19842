import { GodwitError } from '../../../core/errors.js';
import type { Authorize } from '../../../governance/governance-records.js';
import type { DoorHandler } from '../../front-door.js';
import type { ServerRequest } from '../../http/exchange.js';
import { AwsError } from '../aws-error.js';
import type { Input } from '../aws-input.js';
import { type JsonService, serveJson } from '../json-protocol.js';
import { createArchive, deleteArchive, describeArchive, listArchives, updateArchive } from './archive-actions.js';
import { createEventBus, deleteEventBus, describeEventBus, listEventBuses, putEvents, testEventPattern } from './bus-actions.js';
import type { EventsContext } from './events-context.js';
import { EVENTS_IAM } from './events-iam.js';
import { cancelReplay, describeReplay, listReplays, startReplay } from './replay-actions.js';
import { deleteRule, describeRule, disableRule, enableRule, listRules, putRule } from './rule-actions.js';
import { listRuleNamesByTarget, listTargetsByRule, putTargets, removeTargets } from './target-actions.js';

type Action = (input: Input, context: EventsContext, req: ServerRequest) => Promise<unknown>;
type Context = EventsContext & { logError(err: unknown, requestId: string): void; readonly authorize: Authorize };

/** EventBridge's exception for each of the capability's codes (`EventBridgeService`'s table). */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  E_EVENT_PATTERN_INVALID: 'InvalidEventPatternException',
  E_EVENTBRIDGE_NOT_FOUND: 'ResourceNotFoundException',
  E_EVENTBRIDGE_EXISTS: 'ResourceAlreadyExistsException',
  E_EVENTBRIDGE_INVALID: 'ValidationException',
  E_EVENTBRIDGE_LIMIT: 'LimitExceededException',
  E_EVENTBRIDGE_STATE: 'IllegalStatusException',
};

function inEventBridgeTerms(action: Action): Action {
  return async (input, context, req) => {
    try {
      return await action(input, context, req);
    } catch (err) {
      if (err instanceof GodwitError && EXCEPTIONS[err.code]) throw new AwsError(EXCEPTIONS[err.code] as string, err.describe());
      throw err;
    }
  };
}

const ACTIONS: Readonly<Record<string, Action>> = {
  PutEvents: putEvents,
  PutRule: putRule,
  DescribeRule: describeRule,
  DeleteRule: deleteRule,
  ListRules: listRules,
  EnableRule: enableRule,
  DisableRule: disableRule,
  PutTargets: putTargets,
  RemoveTargets: removeTargets,
  ListTargetsByRule: listTargetsByRule,
  ListRuleNamesByTarget: listRuleNamesByTarget,
  CreateEventBus: createEventBus,
  DescribeEventBus: describeEventBus,
  DeleteEventBus: deleteEventBus,
  ListEventBuses: listEventBuses,
  CreateArchive: createArchive,
  DescribeArchive: describeArchive,
  UpdateArchive: updateArchive,
  ListArchives: listArchives,
  DeleteArchive: deleteArchive,
  StartReplay: startReplay,
  DescribeReplay: describeReplay,
  CancelReplay: cancelReplay,
  ListReplays: listReplays,
  TestEventPattern: testEventPattern,
};

/** The EventBridge actions Godwit answers; docs/server.md lists their fields. */
const events: JsonService<Context> = {
  targetPrefix: 'AWSEvents',
  contentType: 'application/x-amz-json-1.1',
  notFoundType: 'ResourceNotFoundException',
  iam: EVENTS_IAM,
  actions: Object.fromEntries(Object.entries(ACTIONS).map(([name, action]) => [name, inEventBridgeTerms(action)])),
};

export const serveEvents: DoorHandler = (req, context) =>
  serveJson(events, req, {
    events: context.events,
    logError: (err, requestId) => context.logError(err, requestId),
    authorize: context.authorize,
  });
