import type { ErrorCode } from '../../../core/error-codes.js';
import { GodwitError } from '../../../core/errors.js';
import { AwsError } from '../aws-error.js';

/**
 * How the workflows capability's `GodwitError`s read in Step Functions' terms. What a code means
 * depends on the action: `E_WORKFLOW_NOT_FOUND` is `StateMachineDoesNotExist` for CreateExecution
 * and `ExecutionDoesNotExist` for DescribeExecution, so each action names the terms it differs in.
 */
export type SfnTerms = Partial<Record<ErrorCode, string>>;

/** The terms every action shares; an action's own terms override them. */
const COMMON: SfnTerms = {
  E_ASL_INVALID: 'InvalidDefinition',
  E_WORKFLOW_NOT_FOUND: 'StateMachineDoesNotExist',
  E_WORKFLOW_EXISTS: 'StateMachineAlreadyExists',
  E_WORKFLOW_INPUT: 'InvalidExecutionInput',
  E_WORKFLOW_TASK_TOKEN: 'TaskDoesNotExist',
  E_WORKFLOW_RESOURCE_UNMAPPED: 'ValidationException',
  E_ARN_INVALID: 'InvalidArn',
};

/** Terms of the actions on an execution (DescribeExecution, StopExecution, GetExecutionHistory, …). */
export const ON_EXECUTION: SfnTerms = { E_WORKFLOW_NOT_FOUND: 'ExecutionDoesNotExist' };
/** Terms of StartExecution: the machine is missing, or the execution's name is taken with other input. */
export const ON_START: SfnTerms = { E_WORKFLOW_EXISTS: 'ExecutionAlreadyExists' };
/** Terms of Create/UpdateStateMachine: a Task no integration serves makes the definition invalid here. */
export const ON_DEFINITION: SfnTerms = { E_WORKFLOW_RESOURCE_UNMAPPED: 'InvalidDefinition' };

/** `err` as Step Functions would answer it; anything that is not a caller's mistake passes through (a 500). */
export function inSfnTerms(err: unknown, terms: SfnTerms = {}): unknown {
  if (!(err instanceof GodwitError)) return err;
  const type =
    terms[err.code] ?? COMMON[err.code] ?? (err.code.endsWith('_NOT_FOUND') ? 'ResourceNotFound' : 'ValidationException');
  return new AwsError(type, err.describe());
}
