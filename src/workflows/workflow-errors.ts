import { GodwitError } from '../core/errors.js';

/** The workflows capability's user errors, each naming the value and the way out. */
export const machineNotFound = (arn: string) =>
  new GodwitError('E_WORKFLOW_NOT_FOUND', `State machine "${arn}" does not exist.`, {
    hint: 'ListStateMachines (godwit workflow list) shows the machines there are.',
  });

export const executionNotFound = (arn: string) =>
  new GodwitError('E_WORKFLOW_NOT_FOUND', `Execution "${arn}" does not exist.`, {
    hint: 'ListExecutions shows the executions of a state machine.',
  });

export const machineExists = (name: string) =>
  new GodwitError('E_WORKFLOW_EXISTS', `State machine "${name}" already exists with another definition.`, {
    hint: 'Change it with UpdateStateMachine, or pick another name.',
  });

export const executionExists = (arn: string) =>
  new GodwitError('E_WORKFLOW_EXISTS', `Execution "${arn}" already exists with another input.`, {
    hint: 'Execution names are unique per state machine: pick another name, or leave it out for a generated one.',
  });

export const unknownToken = (token: string) =>
  new GodwitError('E_WORKFLOW_TASK_TOKEN', `No task waits for the token "${token}".`, {
    hint: 'The token is $$.Task.Token of a running .waitForTaskToken task; GetExecutionHistory shows its TaskScheduled event.',
  });

export const settledToken = (token: string, status: string) =>
  new GodwitError('E_WORKFLOW_TASK_TOKEN', `The task token "${token}" was already settled (${status}).`, {
    hint: 'A token is settled once, by SendTaskSuccess or SendTaskFailure (or the task timing out).',
  });

export const badInput = (what: string, reason: string) =>
  new GodwitError('E_WORKFLOW_INPUT', `${what} ${reason}.`, {
    hint: 'Execution input is a JSON document of at most 256 KiB, e.g. {"key": "value"}.',
  });

export const invalidDefinition = (problems: readonly string[]) =>
  new GodwitError('E_ASL_INVALID', `The state machine definition is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
    hint: 'Fix the definition (Amazon States Language: https://states-language.net/spec.html) and send it again.',
  });
