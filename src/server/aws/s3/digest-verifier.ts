import { Transform, type TransformCallback } from 'node:stream';
import type { BodyCheck } from './body-plan.js';
import { isDigest } from './body-plan.js';
import { type Digest, digestFor } from './checksums.js';
import { type S3ErrorFactory, s3BodyError } from './s3-body-error.js';

/**
 * Passes a payload through unchanged while computing each digest the client sent, and at the end
 * compares them: a difference fails the stream with S3's error for it (`BadDigest`,
 * `XAmzContentSHA256Mismatch`) instead of ending it, so whoever reads the body (s3rver's store)
 * sees an error, never a complete object. Trailer values are read from `trailers` at the end,
 * when the aws-chunked decoder before this stream has read them.
 */
export class DigestVerifier extends Transform {
  readonly #checks: readonly { check: BodyCheck; digest: Digest }[];
  readonly #trailers: ReadonlyMap<string, string>;
  readonly #errorOf: S3ErrorFactory;

  constructor(checks: readonly BodyCheck[], trailers: ReadonlyMap<string, string>, errorOf: S3ErrorFactory = s3BodyError) {
    super();
    this.#checks = checks.map((check) => ({ check, digest: digestFor(check.algorithm) }));
    this.#trailers = trailers;
    this.#errorOf = errorOf;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (const c of this.#checks) c.digest.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    for (const { check, digest } of this.#checks) {
      const expected = this.#expected(check);
      if (expected instanceof Error) {
        done(expected);
        return;
      }
      if (digest.result().toString(check.encoding) !== expected) {
        done(this.#errorOf(check.mismatch.code, check.mismatch.message));
        return;
      }
    }
    done();
  }

  #expected(check: BodyCheck): string | Error {
    if ('value' in check.expected) return check.expected.value;
    const name = check.expected.trailer;
    const value = this.#trailers.get(name);
    if (value === undefined)
      return this.#errorOf('InvalidRequest', `The ${name} trailer declared in x-amz-trailer was not sent.`);
    if (!isDigest(value, check.algorithm)) return this.#errorOf('InvalidRequest', `Value for ${name} trailer is invalid.`);
    return value;
  }
}
