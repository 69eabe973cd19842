import { GodwitError } from '../../core/errors.js';

/**
 * An error in AWS's own terms: the error type an SDK turns into its exception class
 * (`ValidationException`, `ResourceNotFound`, …), the message and the HTTP status. Front doors
 * throw it, or a GodwitError that their service's `errorFor` translates.
 */
export class AwsError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = 'AwsError';
    this.type = type;
    this.status = status;
  }
}

/** Codes of errors a caller causes by naming something that does not exist. */
const NOT_FOUND = /_NOT_FOUND$/;

/**
 * AWS's reading of any error: an AwsError as it is; a GodwitError as `notFoundType` when it is a
 * `*_NOT_FOUND`, else as `ValidationException` (the caller sent something wrong), with message and
 * hint; anything else as `InternalFailure` (500), whose message the caller does not see.
 */
export function asAwsError(err: unknown, notFoundType = 'ResourceNotFound'): AwsError {
  if (err instanceof AwsError) return err;
  if (err instanceof GodwitError) {
    // IAM's refusal, in every JSON service's shape and AWS's own words (no hint).
    if (err.code === 'E_ACCESS_DENIED') return new AwsError('AccessDeniedException', err.message);
    return new AwsError(NOT_FOUND.test(err.code) ? notFoundType : 'ValidationException', err.describe());
  }
  return new AwsError('InternalFailure', 'The server hit an internal error; its log has the details.', 500);
}
