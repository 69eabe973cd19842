import type { ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';

/**
 * The one error root. Every error a user can cause is a `GodwitError` with a stable `code`
 * (tests and scripts match on it), a message that names the offending thing, and, where there is
 * one, a `hint` with the way out. The CLI prints `message` and `hint`, never a stack trace.
 */
export class GodwitError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GodwitError';
    this.code = code;
    this.hint = options.hint;
  }

  /** Message and hint as one paragraph, the way the CLI shows it. */
  describe(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

/** A pipeline definition or its parameters are wrong; `problems` lists every one found. */
export class ValidationError extends GodwitError {
  readonly problems: readonly Problem[];

  constructor(subject: string, problems: readonly Problem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    super('E_VALIDATION', `${subject} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
    this.problems = problems;
  }
}

/** One problem found by validation: where (step and field) and what. */
export interface Problem {
  readonly step?: string;
  readonly field: string;
  readonly message: string;
  /** A stable code for problems a script may match on (a sql step's `E_SQL_PARAM_MISSING`, …). */
  readonly code?: ErrorCode;
}

export function formatProblem(p: Problem): string {
  const where = p.step ? `step "${p.step}", ${p.field}` : p.field;
  return `${where}: ${p.message}`;
}

/**
 * A GodwitError thrown by another copy of Godwit's modules (a pipeline file's `import 'godwit'`
 * loaded through tsx gets its own copy, so `instanceof` fails), as this copy's class.
 */
export function asOwnGodwitError(err: unknown): GodwitError | undefined {
  if (err instanceof GodwitError) return err;
  const e = err as { name?: unknown; code?: unknown; message?: unknown; hint?: unknown } | null;
  if (e?.name !== 'GodwitError' || typeof e.code !== 'string' || typeof e.message !== 'string') return undefined;
  return new GodwitError(e.code as ErrorCode, e.message, { hint: typeof e.hint === 'string' ? e.hint : undefined, cause: err });
}

/** Wraps anything thrown into a GodwitError so callers handle one type. */
export function asGodwitError(err: unknown, code: ErrorCode = 'E_INTERNAL'): GodwitError {
  if (err instanceof GodwitError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new GodwitError(code, message, { cause: err });
}
