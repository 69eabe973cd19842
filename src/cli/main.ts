import { GodwitError } from '../core/errors.js';
import { groupHelp, overview, usageOf, verbHelp } from './help.js';
import { type CliIo, EXIT, UsageError, write } from './output.js';
import type { GroupSpec, ModuleSpec, VerbSpec } from './spec/command-spec.js';
import { aliasesOf, COMMANDS, findCommand } from './spec/commands.js';

/** Runs the CLI and returns its exit code. Errors a user can cause print as a paragraph, never a stack. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    write(io.stdout, overview());
    return name ? EXIT.ok : EXIT.badInput;
  }
  if (name === 'help') return main([...rest, '--help'], io);
  if (name === '--version' || name === '-v') {
    write(io.stdout, '0.1.0');
    return EXIT.ok;
  }
  const command = findCommand(name);
  if (!command) {
    const names = COMMANDS.flatMap((c) => [c.name, ...(c.kind === 'group' ? aliasesOf(c) : [])]);
    write(
      io.stderr,
      `error: Unknown command "${name}".${await suggestion(name, names)} Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See godwit --help.`,
    );
    return EXIT.badInput;
  }
  if (command.kind === 'group') return group(command, rest, io);
  if (command.kind === 'module') return guarded(io, false, () => runModule(command, rest, io));
  return verb([command.name], command, rest, io);
}

async function group(spec: GroupSpec, args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === '--help' || name === '-h') {
    write(io.stdout, groupHelp(spec));
    return EXIT.ok;
  }
  const found = spec.verbs.find((v) => v.name === name);
  if (found) return verb([spec.name, found.name], found, rest, io);
  const verbs = spec.verbs.map((v) => v.name);
  const message = name
    ? `Unknown ${spec.name} command "${name}".${await suggestion(name, verbs)}`
    : `Name a ${spec.name} command: ${verbs.join(', ')}.`;
  write(io.stderr, `error: ${message} See godwit ${spec.name} --help.`);
  return EXIT.badInput;
}

/** Loaded only on a mistake: `godwit --help` stays a handful of modules. */
async function suggestion(word: string, names: readonly string[]): Promise<string> {
  return (await import('../core/suggest.js')).didYouMean(word, names);
}

/** `--help` anywhere before `--` asks for help, whatever else is on the line. */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

async function verb(path: string[], spec: VerbSpec, args: string[], io: CliIo): Promise<number> {
  if (wantsHelp(args)) {
    write(io.stdout, verbHelp(path, spec));
    return EXIT.ok;
  }
  const handler = await spec.load();
  const usage = usageOf(path, spec);
  return guarded(
    io,
    spec.entryPoint === true,
    async () => {
      const { parseArgs } = await import('./parse-args.js');
      const parsed = parseArgs(spec, args, usage);
      try {
        return await handler.run({ ...parsed, values: parsed.values as never, io });
      } catch (err) {
        throw err instanceof UsageError && err.hint === undefined ? new UsageError(err.message, usage) : err;
      }
    },
    handler.onFailure && ((err) => handler.onFailure!(err, args, io)),
  );
}

async function runModule(spec: ModuleSpec, args: string[], io: CliIo): Promise<number> {
  const command = await spec.load();
  if (wantsHelp(args)) {
    write(io.stdout, `Usage: ${command.usage}\n\n${spec.summary}.\n\n${command.help}`);
    return EXIT.ok;
  }
  return command.run(args, io);
}

/**
 * Runs a command and turns what it throws into a message and an exit code: 2 for bad input, or
 * for a container entry point 1 (the job failed) unless the command line itself was wrong.
 */
async function guarded(
  io: CliIo,
  entryPoint: boolean,
  body: () => Promise<number>,
  onFailure?: (err: unknown) => Promise<void>,
): Promise<number> {
  try {
    return await body();
  } catch (err) {
    await onFailure?.(err);
    if (err instanceof GodwitError) {
      write(io.stderr, `error: ${err.describe()}`);
      return entryPoint && !(err instanceof UsageError) && err.code !== 'E_USAGE' ? EXIT.failed : EXIT.badInput;
    }
    const e = err as Error;
    write(io.stderr, `error: Godwit hit an internal error: ${e?.message ?? String(err)}`);
    if (io.env.GODWIT_DEBUG) write(io.stderr, e?.stack ?? '');
    else write(io.stderr, 'Set GODWIT_DEBUG=1 for the stack trace, and please report it.');
    return EXIT.failed;
  }
}
