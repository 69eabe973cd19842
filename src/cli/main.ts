import { GodwitError } from '../core/errors.js';
import { type CliIo, type Command, EXIT, write } from './cli-io.js';

/** Commands load on demand: `godwit run` never pays for the compilers, nor `compile` for SQLite. */
const COMMANDS: readonly { name: string; summary: string; load: () => Promise<Command> }[] = [
  {
    name: 'demo',
    summary: 'Run the abalone example end to end: preprocess, train, evaluate, register, batch transform',
    load: async () => (await import('./commands/demo.js')).demoCommand,
  },
  {
    name: 'run',
    summary: 'Run a pipeline file (TypeScript, JavaScript, YAML or JSON), or resume a run',
    load: async () => (await import('./commands/run.js')).runCommand,
  },
  {
    name: 'validate',
    summary: 'Check a pipeline file and report every problem at once',
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  {
    name: 'compile',
    summary: 'Print the IR, or compile for SageMaker Pipelines, Kubeflow/Vertex or Step Functions',
    load: async () => (await import('./commands/compile.js')).compileCommand,
  },
  {
    name: 'submit',
    summary: 'Create or update the pipeline in SageMaker, Vertex AI or Kubeflow Pipelines and start a run',
    load: async () => (await import('./commands/submit.js')).submitCommand,
  },
  {
    name: 'migrate',
    summary: "Rewrite a pipeline's cloud bindings from AWS to GCP or back, with a mapping report",
    load: async () => (await import('./commands/migrate.js')).migrateCommand,
  },
  {
    name: 'runs',
    summary: 'List runs, show one (steps, attempts, cache hits, artifacts, metrics), print a step log',
    load: async () => (await import('./commands/runs.js')).runsCommand,
  },
  {
    name: 'models',
    summary: 'List registered model versions; approve or reject one',
    load: async () => (await import('./commands/models.js')).modelsCommand,
  },
  {
    name: 'server',
    summary: "Run the local cloud: Godwit's REST API and AWS front doors (SageMaker) on one loopback port",
    load: async () => (await import('./commands/server.js')).serverCommand,
  },
  {
    name: 'algorithm',
    summary: 'Run a built-in algorithm under the SageMaker / Vertex training contract',
    load: async () => (await import('./commands/builtins.js')).algorithmCommand,
  },
  {
    name: 'transform',
    summary: 'Batch-transform CSV files with a model',
    load: async () => (await import('./commands/builtins.js')).transformCommand,
  },
  {
    name: 'serve',
    summary: 'Serve a model over the SageMaker inference contract (/ping, /invocations)',
    load: async () => (await import('./commands/builtins.js')).serveCommand,
  },
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
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    write(io.stderr, `Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See godwit --help.`);
    return EXIT.badInput;
  }
  const command = await entry.load();
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
