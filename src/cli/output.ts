/**
 * What every command writes through, and how it ends: the I/O a command is given, exit codes,
 * usage errors. Kept apart from cli-io.ts (home, configuration) so `godwit --help` stays light.
 */
import { GodwitError } from '../core/errors.js';

/** Where a command writes: process.stdout in the CLI, a collector in tests. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** What a command needs from the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
}

/** Exit codes: 0 success, 1 a run (or step) failed, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

/** The command line is wrong. Without `usage`, the CLI adds the usage of the command that threw. */
export class UsageError extends GodwitError {
  constructor(message: string, usage?: string) {
    super('E_USAGE', message, { hint: usage === undefined ? undefined : `Usage: ${usage}` });
  }
}

export function write(stream: Output, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
