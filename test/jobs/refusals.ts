import assert from 'node:assert/strict';
import type { JobKindSpec } from '../../src/jobs/job-kind.js';
import { AwsError } from '../../src/server/aws/aws-error.js';

/** Asserts the kind refuses `request` with SageMaker's ValidationException, its message matching `message`. */
export function assertRefused(spec: JobKindSpec, request: Record<string, unknown>, message: RegExp): void {
  assert.throws(
    () => spec.validate(request),
    (err: unknown) => {
      assert.ok(err instanceof AwsError, String(err));
      assert.equal(err.type, 'ValidationException', err.message);
      assert.match(err.message, message);
      return true;
    },
  );
}

/** `refused(change, message)`: a fresh `base()` request, changed by `change`, is refused by the kind. */
export function refusalsOf<R extends object>(
  spec: JobKindSpec,
  base: () => R,
): (change: (r: R) => unknown, message: RegExp) => void {
  return (change, message) => {
    const r = base();
    change(r);
    assertRefused(spec, r as unknown as Record<string, unknown>, message);
  };
}
