import type { ExecutionRecord, ExecutionStatus } from '../../../workflows/workflow-service.js';
import { AwsError } from '../aws-error.js';
import { epochSeconds, type Input, optionalEnum, optionalString } from '../aws-input.js';
import type { SfnContext } from './sfn-context.js';
import { checkName, executionArnOf, machineArnOf, pageSizeOf } from './sfn-input.js';

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** StartExecution: recorded RUNNING and started; the same name and input again is the same execution. */
export async function startExecution(input: Input, { workflows }: SfnContext) {
  const record = await workflows.startExecution(startOf(input));
  return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
}

/**
 * StartSyncExecution: Express machines only, as on Step Functions; answers when the execution
 * ends, with 200 whatever its status (a failed execution is data, not an error of the call).
 */
export async function startSyncExecution(input: Input, { workflows }: SfnContext) {
  const request = startOf(input);
  const machine = await workflows.describeStateMachine(request.stateMachineArn);
  if (machine.type !== 'EXPRESS') {
    throw new AwsError(
      'StateMachineTypeNotSupported',
      `This operation is not supported by this type of state machine: ${machine.name} is ${machine.type}; StartSyncExecution runs EXPRESS machines.`,
    );
  }
  const e = await workflows.startSyncExecution(request);
  return { ...executionOut(e), status: e.status === 'RUNNING' || e.status === 'ABORTED' ? 'FAILED' : e.status };
}

export async function describeExecution(input: Input, { workflows }: SfnContext) {
  return executionOut(await workflows.describeExecution(executionArnOf(input)));
}

/** StopExecution: ends a running execution ABORTED; stopping an ended one changes nothing. */
export async function stopExecution(input: Input, { workflows }: SfnContext) {
  const record = await workflows.stopExecution(executionArnOf(input), {
    error: optionalString(input, 'error'),
    cause: optionalString(input, 'cause'),
  });
  return { stopDate: epochSeconds(record.stopDate ?? new Date()) };
}

/** ListExecutions: one machine's executions, newest first, optionally of one status. */
export async function listExecutions(input: Input, { workflows }: SfnContext) {
  if (input.mapRunArn !== undefined && input.mapRunArn !== null) {
    throw new AwsError('ValidationException', 'Godwit does not list Map Run executions (mapRunArn); list by stateMachineArn.');
  }
  const page = await workflows.listExecutions(
    { stateMachineArn: machineArnOf(input), status: optionalEnum(input, 'statusFilter', STATUSES) },
    { maxResults: pageSizeOf(input), nextToken: optionalString(input, 'nextToken') },
  );
  return {
    executions: page.items.map((e) => ({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: epochSeconds(e.startDate),
      stopDate: epochSeconds(e.stopDate),
    })),
    nextToken: page.nextToken,
  };
}

function startOf(input: Input) {
  const name = optionalString(input, 'name');
  return {
    stateMachineArn: machineArnOf(input),
    name: name === undefined ? undefined : checkName(name, 'execution'),
    input: optionalString(input, 'input'),
  };
}

function executionOut(e: ExecutionRecord) {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    stopDate: epochSeconds(e.stopDate),
    input: e.input,
    inputDetails: { included: true },
    output: e.output,
    outputDetails: e.output === undefined ? undefined : { included: true },
    error: e.error,
    cause: e.cause,
  };
}
