import { GodwitError } from '../../../core/errors.js';
import { RecordError, type RecordKind } from '../../../endpoints/endpoint-errors.js';
import { AwsError } from '../aws-error.js';
import { endpointArn, endpointConfigArn, modelArn } from './sagemaker-arns.js';

const ARNS: Record<RecordKind, (region: string, name: string) => string> = {
  model: modelArn,
  'endpoint configuration': endpointConfigArn,
  endpoint: endpointArn,
};

/**
 * Runs a hosting action and restates the library's errors as SageMaker states them: every one is
 * a `ValidationException` (SageMaker answers a missing model, config or endpoint that way too, not
 * with `ResourceNotFound`), and a record is named by its ARN: `Could not find endpoint
 * "arn:aws:sagemaker:…:endpoint/x".`, `Cannot create already existing model "…".`,
 * `Cannot update in-progress endpoint "…".`
 */
export async function inSageMakerTerms<T>(region: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw restated(err, region);
  }
}

function restated(err: unknown, region: string): unknown {
  if (err instanceof RecordError) {
    const arn = ARNS[err.kind](region, err.recordName);
    if (err.code === 'E_ENDPOINT_IN_USE')
      return new AwsError('ValidationException', `Cannot update in-progress endpoint "${arn}".`);
    if (err.code.endsWith('_EXISTS'))
      return new AwsError('ValidationException', `Cannot create already existing ${err.kind} "${arn}".`);
    return new AwsError('ValidationException', `Could not find ${err.kind} "${arn}".`);
  }
  if (err instanceof GodwitError) {
    // Field checks already speak SageMaker's words; other errors keep their way out.
    return new AwsError('ValidationException', err.code === 'E_ENDPOINT_VALIDATION' ? err.message : err.describe());
  }
  return err;
}
