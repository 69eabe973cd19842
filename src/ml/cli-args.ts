/**
 * A small flag parser for the ML commands: `--name value`, `--name=value`, repeatable flags and
 * boolean switches. Kept here rather than using util.parseArgs because the algorithm command
 * must also take `--<hyperparameter>=<value>` flags, the way Vertex AI passes tuning trials.
 */
import { GodwitError } from '../core/errors.js';

export interface FlagSpec {
  readonly [flag: string]: { readonly kind: 'string' | 'boolean'; readonly multiple?: boolean };
}

export interface ParsedFlags {
  readonly strings: Record<string, string[]>;
  readonly booleans: Set<string>;
  /** `--name=value` flags outside the spec that `acceptExtra` let through. */
  readonly extra: Record<string, string>;
  readonly positionals: string[];
}

export function parseFlags(
  argv: readonly string[],
  spec: FlagSpec,
  usage: string,
  acceptExtra: (name: string) => boolean = () => false,
): ParsedFlags {
  const parsed: ParsedFlags = { strings: {}, booleans: new Set(), extra: {}, positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg : arg.slice(0, eq)).replace(/^--?/, '');
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const flag = spec[name];
    const takeValue = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw usageError(`--${name} needs a value.`, usage);
      i++;
      return next;
    };
    if (flag?.kind === 'boolean') parsed.booleans.add(name);
    else if (flag) {
      parsed.strings[name] ??= [];
      const list = parsed.strings[name];
      if (list.length > 0 && !flag.multiple) throw usageError(`--${name} was given twice.`, usage);
      list.push(takeValue());
    } else if (acceptExtra(name)) parsed.extra[name] = takeValue();
    else throw usageError(`Unknown option "${arg}".`, usage);
  }
  return parsed;
}

export function usageError(message: string, usage: string): GodwitError {
  return new GodwitError('E_USAGE', message, { hint: `Usage: ${usage}` });
}

/** Where a command writes: lines to stdout and stderr. Tests capture them; the CLI prints them. */
export interface CommandIo {
  readonly env?: NodeJS.ProcessEnv;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
}

export function resolveIo(io: CommandIo): Required<CommandIo> {
  return {
    env: io.env ?? process.env,
    out: io.out ?? ((line) => process.stdout.write(`${line}\n`)),
    err: io.err ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}

/** Exit code for an error: 2 for usage mistakes, 1 for everything else. */
export function reportError(err: unknown, io: Required<CommandIo>): number {
  if (err instanceof GodwitError) {
    io.err(`Error: ${err.describe()}`);
    return err.code === 'E_USAGE' ? 2 : 1;
  }
  io.err(`Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return 1;
}
