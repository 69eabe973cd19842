import { type ErrorCode, GodwitError } from '../core/errors.js';
import type { FailureKind } from '../pipeline/ir.js';

/**
 * Why a step attempt failed. `kind` decides whether a retry policy applies; `retryable: false`
 * marks failures no retry can fix (a missing command, a fail step, bad input).
 */
export class StepFailure extends GodwitError {
  readonly kind: FailureKind;
  readonly retryable: boolean;
  readonly exitCode?: number;

  constructor(
    code: ErrorCode,
    kind: FailureKind,
    message: string,
    options: { retryable?: boolean; exitCode?: number; hint?: string; cause?: unknown } = {},
  ) {
    super(code, message, { hint: options.hint, cause: options.cause });
    this.kind = kind;
    this.retryable = options.retryable ?? true;
    this.exitCode = options.exitCode;
  }
}

/** Turns anything a runner threw into a StepFailure; GodwitErrors from bad input are not retried. */
export function asStepFailure(err: unknown): StepFailure {
  if (err instanceof StepFailure) return err;
  if (err instanceof GodwitError)
    return new StepFailure(err.code, 'error', err.message, { retryable: false, hint: err.hint, cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new StepFailure('E_STEP_ERROR', 'error', message, { cause: err });
}
