import type { Clock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import type { Json } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import type { TaskCall } from '../engine/task-integration.js';
import type { ExecutionRecord, WorkflowService } from '../workflow-service.js';
import type { ServiceResource } from './resource-arn.js';
import { ServiceIntegration } from './service-integration.js';
import { nameFromToken, parametersObject, requiredField } from './task-input.js';
import { waitForEnd } from './wait-for-end.js';

export interface StatesTaskDeps {
  readonly workflows: WorkflowService;
  readonly clock: Clock;
}

/** How often a `.sync` task looks at the child execution (on the clock). */
const POLL_MS = 500;

/** Step Functions' errors for a StartExecution a caller got wrong. */
const ERRORS: Partial<Record<string, string>> = {
  E_WORKFLOW_NOT_FOUND: 'StepFunctions.StateMachineDoesNotExistException',
  E_WORKFLOW_EXISTS: 'StepFunctions.ExecutionAlreadyExistsException',
  E_WORKFLOW_INPUT: 'StepFunctions.InvalidExecutionInputException',
};

/**
 * `states:startExecution` (nested executions), `.sync`, `.sync:2` and `.waitForTaskToken`. The
 * child's name is `Name`, else one derived from the call's idempotency token, so a call repeated
 * after a restart finds the child the first started (StartExecution with the same name and input
 * is idempotent). Request-response answers `{ExecutionArn, StartDate}`; `.sync` answers
 * DescribeExecution's response with `Output` as a string, `.sync:2` with it as JSON; a child that
 * failed, timed out or was aborted fails the task `States.TaskFailed` with that response as the cause.
 */
export function statesIntegration(deps: StatesTaskDeps): ServiceIntegration {
  return new ServiceIntegration('states', {
    'states:startExecution': {
      suffixes: ['', '.sync', '.sync:2', '.waitForTaskToken'],
      delivery: 'exactly-once',
      invoke: (call, resource) => startExecution(call, resource, deps),
    },
  });
}

async function startExecution(call: TaskCall, resource: ServiceResource, deps: StatesTaskDeps): Promise<Json> {
  const params = parametersObject(call);
  const stateMachineArn = requiredField(params, 'StateMachineArn', 'StepFunctions.InvalidArnException');
  const input =
    params.Input === undefined ? '{}' : typeof params.Input === 'string' ? params.Input : JSON.stringify(params.Input);
  const name = typeof params.Name === 'string' ? params.Name : nameFromToken(call.idempotencyToken);
  let started: ExecutionRecord;
  try {
    started = await deps.workflows.startExecution({ stateMachineArn, name, input, parentExecutionArn: call.executionArn });
  } catch (err) {
    const error = err instanceof GodwitError ? ERRORS[err.code] : undefined;
    throw error ? new StatesError(error, (err as GodwitError).describe()) : err;
  }
  if (resource.pattern !== 'sync') return { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
  const stop = () =>
    deps.workflows
      .stopExecution(started.executionArn, { error: 'States.Aborted', cause: 'The parent task was stopped.' })
      .then(() => {});
  const ended = await waitForEnd(untilEnded(started.executionArn, deps, call.signal), call, deps.clock, stop);
  const described = describeOutput(ended, resource.suffix === '.sync:2');
  if (ended.status === 'SUCCEEDED') return described;
  throw new StatesError('States.TaskFailed', JSON.stringify(described));
}

async function untilEnded(arn: string, deps: StatesTaskDeps, signal: AbortSignal): Promise<ExecutionRecord> {
  for (;;) {
    const record = await deps.workflows.describeExecution(arn);
    if (record.status !== 'RUNNING') return record;
    await deps.clock.sleep(POLL_MS, signal);
  }
}

/** DescribeExecution's response as the `.sync` task's result (times in epoch milliseconds, as Step Functions writes them). */
export function describeOutput(e: ExecutionRecord, asJson: boolean): Json {
  const data = (text: string | undefined): Json => (asJson && text !== undefined ? (JSON.parse(text) as Json) : (text ?? null));
  const out: Record<string, Json> = {
    ExecutionArn: e.executionArn,
    StateMachineArn: e.stateMachineArn,
    Name: e.name,
    Status: e.status,
    StartDate: e.startDate.getTime(),
    Input: data(e.input),
    InputDetails: { Included: true },
  };
  if (e.stopDate) out.StopDate = e.stopDate.getTime();
  if (e.output !== undefined) {
    out.Output = data(e.output);
    out.OutputDetails = { Included: true };
  }
  if (e.error !== undefined) out.Error = e.error;
  if (e.cause !== undefined) out.Cause = e.cause;
  return out;
}
