import { GodwitError } from '../../core/errors.js';
import { TargetFailure } from '../../events/bus/target-invoker.js';

/**
 * How a local service's refusal reads as a delivery failure, in EventBridge's dead-letter codes:
 * a resource that is not there is `NO_RESOURCE`, anything else the caller caused (bad parameters,
 * input that is not JSON) `INVALID_PARAMETER`; neither will succeed on a retry, so both go to the
 * dead letters at once. Anything else (the database busy, a crash) is passed on and retried.
 */
export function asTargetFailure(err: unknown): unknown {
  if (!(err instanceof GodwitError)) return err;
  const notFound = err.code.endsWith('_NOT_FOUND');
  return new TargetFailure(notFound ? 'NO_RESOURCE' : 'INVALID_PARAMETER', err.describe(), { retriable: false, cause: err });
}
