import { GodwitError } from '../../../core/errors.js';
import type { Caller } from '../../../governance/governance-records.js';
import { StatesError } from '../../asl/states-error.js';

/**
 * SageMaker's API as Godwit's SageMaker door answers it, called in-process: the action name
 * (`CreateModel`) and its request in SageMaker's field names, the answer likewise. Errors carry
 * SageMaker's error type (`type`: `ValidationException`, `ResourceInUse`, `ResourceNotFound`).
 * `doorSageMakerApi` (door-sagemaker-api.ts) is the server's; Task integrations call nothing else
 * for models, endpoints, pipelines and model packages, so a compiled document's request is
 * validated exactly as boto3's would be.
 */
export interface SageMakerApi {
  /** `caller`: whom the request is made as (the execution's role); absent, the local user. */
  call(action: string, input: Readonly<Record<string, unknown>>, caller?: Caller): Promise<Record<string, unknown>>;
}

/**
 * Who a Task acts as: `callerOf` turns the execution's role ARN into its principal (undefined for
 * a role Godwit does not know: the local user), `authorize` asks the IAM check the SageMaker door
 * would make of that principal (`sagemaker:<Action>` on the resource the input names) for the
 * calls that go to the job service directly. Absent (tests without a server), every Task acts as the local user.
 */
export interface TaskRoles {
  callerOf(roleArn: string | undefined): Promise<Caller | undefined>;
  authorize(caller: Caller, action: string, input: Readonly<Record<string, unknown>>): Promise<void>;
}

/** An error SageMaker's door (or the job layer) gave, in SageMaker's terms. */
export interface SageMakerFailure {
  readonly type: string;
  readonly message: string;
}

/** The AwsError-like shape of a door error, or undefined for anything else. */
export function sagemakerFailure(err: unknown): SageMakerFailure | undefined {
  if (err instanceof Error && 'type' in err && typeof (err as { type: unknown }).type === 'string')
    return { type: (err as unknown as { type: string }).type, message: err.message };
  if (err instanceof GodwitError && err.code === 'E_ACCESS_DENIED')
    return { type: 'AccessDeniedException', message: err.message };
  if (err instanceof GodwitError)
    return { type: /_NOT_FOUND$/.test(err.code) ? 'ResourceNotFound' : 'ValidationException', message: err.describe() };
  return undefined;
}

/**
 * A SageMaker error as the Task's error name, as Step Functions' SageMaker integration names them:
 * a validation error is `SageMaker.AmazonSageMakerException`, the others `SageMaker.<Type>Exception`
 * (`SageMaker.ResourceLimitExceededException`, the guide's retry example); anything else is rethrown.
 */
export function asStatesError(err: unknown): unknown {
  const failure = sagemakerFailure(err);
  if (!failure) return err;
  const name =
    failure.type === 'ValidationException'
      ? 'AmazonSageMakerException'
      : failure.type.endsWith('Exception')
        ? failure.type
        : `${failure.type}Exception`;
  return new StatesError(`SageMaker.${name}`, failure.message);
}

/** Calls `work`, turning SageMaker's errors into the Task's. */
export async function inStatesTerms<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asStatesError(err);
  }
}
