import { GodwitError } from '../../../core/errors.js';
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
  call(action: string, input: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>>;
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
