import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type GodwitConfig, loadConfig } from '../config/config.js';
import { type GodwitHome, godwitHome } from '../core/home.js';
import { checkedDatabaseUrl } from '../db/database-url.js';
import { type CliIo, UsageError, write } from './output.js';

// The basics live in output.ts so that `godwit --help` loads neither the configuration nor this.
export { type CliIo, EXIT, type Output, UsageError, write } from './output.js';

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Shown by --help: what it does, its options and an example. */
  readonly help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export function json(io: CliIo, value: unknown): void {
  write(io.stdout, JSON.stringify(value, null, 2));
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true }>>;

/**
 * Flags and positionals for a command still written against `Command` (`kind: 'module'` in the
 * table). Verbs declared in the table get theirs parsed by `parse-args.ts`, with "did you mean".
 */
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

const configs = new WeakMap<CliIo, GodwitConfig>();

/** The caller's configuration (their environment and folder), read once per command. */
export function configOf(io: CliIo): GodwitConfig {
  let config = configs.get(io);
  if (!config) {
    config = loadConfig({ cwd: io.cwd, env: io.env });
    configs.set(io, config);
  }
  return config;
}

/** Godwit's home as the command's caller sees it: `GODWIT_HOME`, the config's `home`, else `.godwit/` in their folder. */
export function homeOf(io: CliIo): GodwitHome {
  return godwitHome(configOf(io).home);
}

/** Where the caller's metadata lives: their configuration's `databaseUrl`, else the home's SQLite file. */
export function databaseOf(io: CliIo): { readonly url?: string } {
  return { url: checkedDatabaseUrl(configOf(io).databaseUrl) };
}
