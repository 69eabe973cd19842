import { GodwitError } from '../core/errors.js';

/** What a command needs from the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
}

/** Exit codes: 0 success, 1 a run (or step) failed, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export class UsageError extends GodwitError {
  constructor(message: string, usage: string) {
    super('E_USAGE', message, { hint: `Usage: ${usage}` });
  }
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Shown by --help: what it does, its options and an example. */
  readonly help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export function write(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function json(io: CliIo, value: unknown): void {
  write(io.stdout, JSON.stringify(value, null, 2));
}
