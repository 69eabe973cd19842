import type { Authorize } from '../../../governance/governance-records.js';
import type { DoorHandler } from '../../front-door.js';
import type { ServerRequest } from '../../http/exchange.js';
import type { Input } from '../aws-input.js';
import { type JsonService, serveJson } from '../json-protocol.js';
import { describeExecution, listExecutions, startExecution, startSyncExecution, stopExecution } from './execution-actions.js';
import { getExecutionHistory } from './history-actions.js';
import type { SfnContext } from './sfn-context.js';
import { inSfnTerms, ON_DEFINITION, ON_EXECUTION, ON_START, type SfnTerms } from './sfn-errors.js';
import {
  createStateMachine,
  deleteStateMachine,
  describeStateMachine,
  describeStateMachineForExecution,
  listStateMachines,
  updateStateMachine,
} from './state-machine-actions.js';
import { STEPFUNCTIONS_IAM } from './stepfunctions-iam.js';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from './task-token-actions.js';
import { validateStateMachineDefinition } from './validate-action.js';

type Action = (input: Input, context: SfnContext, req: ServerRequest) => Promise<unknown>;
type Context = SfnContext & { logError(err: unknown, requestId: string): void; readonly authorize: Authorize };

/** An action whose GodwitErrors answer in Step Functions' names (`sfn-errors.ts`), with the action's own terms. */
function inTerms(action: Action, terms?: SfnTerms): Action {
  return async (input, context, req) => {
    try {
      return await action(input, context, req);
    } catch (err) {
      throw inSfnTerms(err, terms);
    }
  };
}

/** The Step Functions actions Godwit answers; docs/stepfunctions-api.md lists their fields. */
const stepFunctions: JsonService<Context> = {
  targetPrefix: 'AWSStepFunctions',
  contentType: 'application/x-amz-json-1.0',
  notFoundType: 'ResourceNotFound',
  iam: STEPFUNCTIONS_IAM,
  actions: {
    CreateStateMachine: inTerms(createStateMachine, ON_DEFINITION),
    DescribeStateMachine: inTerms(describeStateMachine),
    UpdateStateMachine: inTerms(updateStateMachine, ON_DEFINITION),
    DeleteStateMachine: inTerms(deleteStateMachine),
    ListStateMachines: inTerms(listStateMachines),
    DescribeStateMachineForExecution: inTerms(describeStateMachineForExecution, ON_EXECUTION),
    StartExecution: inTerms(startExecution, ON_START),
    StartSyncExecution: inTerms(startSyncExecution, ON_START),
    DescribeExecution: inTerms(describeExecution, ON_EXECUTION),
    StopExecution: inTerms(stopExecution, ON_EXECUTION),
    ListExecutions: inTerms(listExecutions),
    GetExecutionHistory: inTerms(getExecutionHistory, ON_EXECUTION),
    SendTaskSuccess: inTerms(sendTaskSuccess),
    SendTaskFailure: inTerms(sendTaskFailure),
    SendTaskHeartbeat: inTerms(sendTaskHeartbeat),
    ValidateStateMachineDefinition: inTerms(validateStateMachineDefinition),
  },
};

export const serveStepFunctions: DoorHandler = (req, context) =>
  serveJson(stepFunctions, req, {
    workflows: context.workflows,
    clock: context.clock,
    ranWith: (arn) => context.services.metadata.workflows.getExecution(arn),
    logError: (err, requestId) => context.logError(err, requestId),
    authorize: context.authorize,
  });
