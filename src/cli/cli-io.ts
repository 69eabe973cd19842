import { type ParseArgsConfig, parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { GodwitError } from '../core/errors.js';
import { type GodwitHome, godwitHome } from '../core/home.js';

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

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true }>>;

/** A command's flags and positionals; a flag it does not know is a usage error, not a crash. */
export function parseCommandArgs<const O extends Options>(args: string[], options: O, usage: string): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message, usage);
  }
}

/** Prints what a compiled target expresses more weakly than the pipeline says. */
export function writeWarnings(io: CliIo, warnings: readonly { step?: string; message: string }[]): void {
  for (const w of warnings) write(io.stderr, `warning: ${w.step ? `step "${w.step}": ` : ''}${w.message}`);
}

/** Godwit's home as the command's caller sees it: `GODWIT_HOME`, the config's `home`, else `.godwit/` in their folder. */
export function homeOf(io: CliIo): GodwitHome {
  return godwitHome(loadConfig({ cwd: io.cwd, env: io.env }).home);
}
