import { availableParallelism } from 'node:os';
import { type LoadedPipeline, loadHandler, loadPipelineFile } from '../../pipeline/load.js';
import { parseParamArgs, resolveParameters } from '../../pipeline/parameters.js';
import { parseInterruptFlags, withContractOptions } from '../../runtime/contracts/contract-options.js';
import { type RunOutcome, resumeRun, startRun } from '../../runtime/executor.js';
import { openLocalServices } from '../../runtime/local-services.js';
import { stopOnSignals } from '../../runtime/stop-signals.js';
import { type CliIo, type Command, EXIT, homeOf, json, parseCommandArgs, UsageError, write } from '../cli-io.js';
import { createProgress } from '../progress.js';
import { loadRunReport, renderRunReport } from '../run-report.js';

const USAGE = 'godwit run FILE [--param name=value]... [--interrupt STEP@SECONDS]... | godwit run --resume RUN_ID [FILE]';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a pipeline file (TypeScript, JavaScript, YAML or JSON), or resume a run',
  usage: USAGE,
  help: `Runs every step of the pipeline on this machine, showing progress, then a summary.
Steps run as soon as their inputs are ready, up to --concurrency at once.

Options:
  --param name=value   Override a pipeline parameter (repeatable); values are type-checked.
  --resume RUN_ID      Finish a failed, stopped or interrupted run; steps that succeeded are not re-run.
  --concurrency N      Steps at once (default: the number of CPUs).
  --interrupt STEP@SECONDS
                       Simulate a spot reclaim: stop STEP's process SECONDS into its run (repeat for
                       later launches). A step with spot config restarts from its checkpoints; any
                       other fails as "interrupted" and its retry policy decides.
  --verbose            Also print step log lines (non-terminal output only).
  --json               Print the run report as JSON instead of the summary.

Ctrl-C stops the run cleanly (running steps are ended, the run is marked stopped); resume it later.

Examples:
  godwit run examples/abalone/pipeline.ts --param mse_threshold=5.5
  godwit run examples/abalone-sklearn/pipeline.ts --interrupt train@20
  godwit run --resume run-20261122-134501-3f9a2c`,
  run: (args, io) => runPipelineCli(args, io),
};

export async function runPipelineCli(args: string[], io: CliIo, defaults: { file?: string } = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
  const file = positionals[0] ?? defaults.file;
  if (!file && !values.resume) throw new UsageError('Name a pipeline file to run.', USAGE);
  if (positionals.length > 1) throw new UsageError(`Unexpected arguments: ${positionals.slice(1).join(' ')}.`, USAGE);
  const concurrency = values.concurrency === undefined ? availableParallelism() : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError(`--concurrency must be a whole number ≥ 1, not "${values.concurrency}".`, USAGE);

  let interruptions: Map<string, number[]> | undefined;
  try {
    interruptions = values.interrupt?.length ? parseInterruptFlags(values.interrupt) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message, USAGE);
  }

  const home = homeOf(io);
  let loaded: LoadedPipeline | undefined;
  let parameters: Record<string, string | number | boolean> | undefined;
  if (values.resume) {
    if (values.param?.length)
      throw new UsageError('--param cannot change a resumed run: it keeps the parameters it started with.', USAGE);
  } else {
    loaded = await loadPipelineFile(file as string);
    parameters = resolveParameters(loaded.ir, parseParamArgs(values.param ?? []));
  }

  // Function steps need their code: from the file just loaded, or, on resume, the run's own file.
  let forHandlers: Promise<LoadedPipeline> | undefined = loaded && Promise.resolve(loaded);
  const local = await openLocalServices(home, async (step) => {
    forHandlers ??= local.metadata.store
      .getRun(values.resume as string)
      .then((r) => loadPipelineFile(file ?? (r?.pipelineFile as string)));
    return loadHandler(await forHandlers, step);
  });
  const services = interruptions ? withContractOptions(local, { interruptions }) : local;
  if (interruptions) {
    const ir = loaded?.ir ?? (await local.metadata.store.getRun(values.resume as string))?.ir;
    const unknown = [...interruptions.keys()].filter((name) => ir && !ir.steps.some((s) => s.name === name));
    if (unknown.length > 0) {
      await local.close();
      throw new UsageError(
        `--interrupt names no step of the pipeline: ${unknown.join(', ')}. Its steps: ${ir?.steps.map((s) => s.name).join(', ')}.`,
        USAGE,
      );
    }
  }

  const stop = new AbortController();
  const stopHandling = stopOnSignals(stop, (message) => write(io.stderr, message));
  io.signal?.addEventListener('abort', () => stop.abort(), { once: true });

  try {
    const options = {
      services,
      concurrency,
      signal: stop.signal,
      reporter: values.json ? undefined : createProgress(io.stdout, { verbose: values.verbose }),
    };
    const outcome: RunOutcome = values.resume
      ? await resumeRun(values.resume, options)
      : await startRun(loaded!.ir, parameters!, { baseDir: loaded!.baseDir, pipelineFile: loaded!.file }, options);
    const report = await loadRunReport(services, outcome.runId);
    if (values.json) json(io, report);
    else {
      write(io.stdout, `\n${renderRunReport(report, { detail: false, color: io.stdout.isTTY === true })}`);
      write(io.stdout, nextSteps(outcome));
    }
    return outcome.status === 'succeeded' ? EXIT.ok : EXIT.failed;
  } finally {
    stopHandling();
    await services.close();
  }
}

function nextSteps(outcome: RunOutcome): string {
  const lines = ['', 'Look further:', `  godwit runs show ${outcome.runId}`, `  godwit runs logs ${outcome.runId} STEP`];
  if (outcome.status !== 'succeeded') lines.push(`  godwit run --resume ${outcome.runId}    (after fixing the cause)`);
  return lines.join('\n');
}

const OPTIONS = {
  param: { type: 'string', short: 'p', multiple: true },
  resume: { type: 'string' },
  concurrency: { type: 'string' },
  interrupt: { type: 'string', multiple: true },
  verbose: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;
