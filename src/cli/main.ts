import { GodwitError } from '../core/errors.js';
import { type CliIo, type Command, EXIT, write } from './cli-io.js';
import { algorithmCommand, serveCommand, transformCommand } from './commands/builtins.js';
import { compileCommand } from './commands/compile.js';
import { demoCommand } from './commands/demo.js';
import { modelsCommand } from './commands/models.js';
import { runCommand } from './commands/run.js';
import { runsCommand } from './commands/runs.js';
import { validateCommand } from './commands/validate.js';

const COMMANDS: readonly Command[] = [
  demoCommand,
  runCommand,
  validateCommand,
  compileCommand,
  runsCommand,
  modelsCommand,
  algorithmCommand,
  transformCommand,
  serveCommand,
];

const OVERVIEW = `godwit — run SageMaker / Vertex AI pipelines on one machine, then ship them to the cloud.

Usage: godwit <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run "godwit <command> --help" for a command's options and an example.
Godwit keeps runs, artifacts and metadata in .godwit/ under the current folder (GODWIT_HOME overrides).

Start here:  godwit demo`;

/** Runs the CLI and returns its exit code. Errors a user can cause print as a paragraph, never a stack. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    write(io.stdout, OVERVIEW);
    return name ? EXIT.ok : EXIT.badInput;
  }
  if (name === '--version' || name === '-v') {
    write(io.stdout, '0.1.0');
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    write(io.stderr, `Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See godwit --help.`);
    return EXIT.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    write(io.stdout, `Usage: ${command.usage}\n\n${command.help}`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof GodwitError) {
      write(io.stderr, `error: ${err.describe()}`);
      return EXIT.badInput;
    }
    const e = err as Error;
    write(io.stderr, `error: Godwit hit an internal error: ${e?.message ?? String(err)}`);
    if (io.env.GODWIT_DEBUG) write(io.stderr, e?.stack ?? '');
    else write(io.stderr, 'Set GODWIT_DEBUG=1 for the stack trace, and please report it.');
    return EXIT.failed;
  }
}
