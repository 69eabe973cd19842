/**
 * How the body checks report an S3 error (`BadDigest`, `InvalidRequest`, `IncompleteBody`, …).
 * The S3 door passes a factory that makes s3rver's own error class, so an error raised inside the
 * body stream reaches the client as S3's XML error with its HTTP status, whichever s3rver
 * operation was reading the body; on their own (tests) the checks make an `S3BodyError`.
 */
export type S3ErrorFactory = (code: string, message: string) => Error;

export class S3BodyError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'S3BodyError';
    this.code = code;
  }
}

export const s3BodyError: S3ErrorFactory = (code, message) => new S3BodyError(code, message);
