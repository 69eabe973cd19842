/**
 * An error inside an execution, as Step Functions names it: a state fails with an error name
 * (`States.TaskFailed`, `States.Runtime`, a task's own `ErrorType`) and a cause, which `Retry` and
 * `Catch` match and `GetExecutionHistory` reports. It is not a `GodwitError`: it is data of the
 * execution, caught by the engine and never shown as a CLI failure. Definition problems found
 * before an execution starts are `GodwitError`s (`E_ASL_INVALID`).
 */
export class StatesError extends Error {
  /** The error name Retry and Catch match (`States.Runtime`, `States.TaskFailed`, `MyError`). */
  readonly error: string;
  /** Free text, or a JSON document as text (a task's error details). */
  readonly causeText: string;

  constructor(error: string, cause: string) {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
    this.error = error;
    this.causeText = cause;
  }
}

/** The predefined error names of the States Language (spec "Errors"), plus those Step Functions added. */
export const STATES_ERRORS = [
  'States.ALL',
  'States.HeartbeatTimeout',
  'States.Timeout',
  'States.TaskFailed',
  'States.Permissions',
  'States.ResultPathMatchFailure',
  'States.ParameterPathFailure',
  'States.QueryEvaluationError',
  'States.BranchFailed',
  'States.NoChoiceMatched',
  'States.IntrinsicFailure',
  'States.ExceedToleratedFailureThreshold',
  'States.ItemReaderFailed',
  'States.ResultWriterFailed',
  'States.Runtime',
  'States.DataLimitExceeded',
] as const;

/**
 * Does a retrier's or catcher's `ErrorEquals` match `error`? `States.ALL` matches everything but
 * `States.DataLimitExceeded` and `States.Runtime` (terminal, per the spec); `States.TaskFailed`
 * matches every error but `States.Timeout` (and those two), as the Developer Guide documents
 * ("matches any known error name except for States.Timeout"); a heartbeat timeout is
 * `States.HeartbeatTimeout` in the history, and retriers written for `States.Timeout` see it too.
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  const terminal = error === 'States.DataLimitExceeded' || error === 'States.Runtime';
  for (const name of errorEquals) {
    if (name === error) return true;
    if (terminal) continue;
    if (name === 'States.ALL') return true;
    if (name === 'States.TaskFailed' && error !== 'States.Timeout' && error !== 'States.HeartbeatTimeout') return true;
    if (name === 'States.Timeout' && error === 'States.HeartbeatTimeout') return true;
  }
  return false;
}

/** The largest input, output, result or variable set Step Functions carries: 256 KiB of UTF-8 JSON. */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;
