import { availableParallelism } from 'node:os';
import { GodwitError } from '../../core/errors.js';
import type { PipelineIR } from '../../pipeline/ir.js';
import { type LoadedPipeline, loadHandler, loadPipelineFile } from '../../pipeline/load.js';
import { parseParamArgs, resolveParameters } from '../../pipeline/parameters.js';
import { loadRunReport, type RunReport } from '../../runs/run-report.js';
import { parseInterruptFlags, withContractOptions } from '../../runtime/contracts/contract-options.js';
import { type RunOutcome, resumeRun, startRun } from '../../runtime/executor.js';
import { openLocalServices } from '../../runtime/local-services.js';
import { resolveRunAs } from '../../runtime/run-caller.js';
import { withWarehouses } from '../../runtime/run-warehouses.js';
import { stopOnSignals } from '../../runtime/stop-signals.js';
import { s3EnvForRun } from '../../server/aws/s3/s3-endpoint.js';
import type { StoreOptions } from '../../store/index.js';
import { artifactLocationOf, storeOptionsFor, storeResolverOf } from '../artifact-location.js';
import { configOf, databaseOf, EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import { createProgress } from '../progress.js';
import { renderRunReport } from '../run-report.js';
import type { Handler, Invocation } from '../spec/command-spec.js';
import type { RUN_OPTIONS } from '../spec/pipeline-specs.js';

type RunOptions = typeof RUN_OPTIONS;

export const run: Handler<RunOptions> = { run: (call) => runPipeline(call) };

/** `godwit run` and `godwit demo` (which names the file itself). */
export async function runPipeline(
  { values, positionals, io }: Invocation<RunOptions>,
  defaults: {
    file?: string;
    load?: () => Promise<LoadedPipeline>;
    /** After a successful run shown as text: what the demo does next (serve its model). */
    then?: (report: RunReport, io: Invocation<RunOptions>['io']) => Promise<void>;
  } = {},
): Promise<number> {
  const file = positionals[0] ?? defaults.file;
  if (!file && !values.resume) throw new UsageError('Name a pipeline file to run.');
  if (file && /\.asl\.json$/i.test(file)) {
    throw new GodwitError('E_USAGE', `${file} is a Step Functions state machine (Amazon States Language), not a pipeline.`, {
      hint: `Run it on the local Step Functions engine with: godwit workflows run ${file}`,
    });
  }
  const { concurrency, interruptions } = runFlags(values);

  const home = homeOf(io);
  let loaded: LoadedPipeline | undefined;
  let parameters: Record<string, string | number | boolean> | undefined;
  if (values.resume) {
    if (values.param?.length)
      throw new UsageError('--param cannot change a resumed run: it keeps the parameters it started with.');
    if (values.as !== undefined) throw new UsageError('--as cannot change a resumed run: it acts as whoever started it.');
  } else {
    loaded = positionals[0] === undefined && defaults.load ? await defaults.load() : await loadPipelineFile(file as string);
    parameters = resolveParameters(loaded.ir, parseParamArgs(values.param ?? []));
  }

  // Function steps need their code: from the file just loaded, or, on resume, the run's own file.
  let forHandlers: Promise<LoadedPipeline> | undefined = loaded && Promise.resolve(loaded);
  const opened = await openLocalServices(
    home,
    async (step) => {
      forHandlers ??= opened.metadata.store
        .getRun(values.resume as string)
        .then((r) => loadPipelineFile(file ?? (r?.pipelineFile as string)));
      return loadHandler(await forHandlers, step);
    },
    undefined,
    databaseOf(io),
    await artifactLocationOf(io),
  );
  const lookup = (name: string) => opened.metadata.principals.get(name);
  // Before anything runs: an unknown principal is E_PRINCIPAL_NOT_FOUND.
  const runAs =
    values.as === undefined
      ? undefined
      : await resolveRunAs(values.as, lookup).catch(async (err) => {
          await opened.close();
          throw err;
        });
  const local = withRunWarehouses(io, opened);
  if (interruptions) await checkInterruptedSteps(interruptions, loaded?.ir, local, values.resume);

  const run = values.resume ? await local.metadata.store.getRun(values.resume) : undefined;
  // A `--param input=s3://…` reaches S3 as much as a URI written in the pipeline does.
  const reaches = { ir: loaded?.ir ?? run?.ir, parameters: parameters ?? run?.parameters };
  const { stepEnv, inputStores } = await storesForRun(io, reaches).catch(async (err) => {
    await local.close();
    throw err;
  });
  // Callback steps send their message to the command workflows.queues maps their queue to, as under the server.
  const withInputs = { ...local, inputStores, callbackQueues: configOf(io).workflows?.queues };
  const services = interruptions ? withContractOptions(withInputs, { interruptions }) : withInputs;

  const stop = new AbortController();
  const stopHandling = stopOnSignals(stop, (message) => write(io.stderr, message));
  io.signal?.addEventListener('abort', () => stop.abort(), { once: true });

  try {
    const options = {
      services,
      concurrency,
      signal: stop.signal,
      stepEnv,
      caller: runAs?.caller,
      principalLookup: lookup,
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
      if (outcome.status === 'succeeded') await defaults.then?.(report, io);
    }
    return outcome.status === 'succeeded' ? EXIT.ok : EXIT.failed;
  } finally {
    stopHandling();
    await services.close();
  }
}

/** `--interrupt` must name steps of the pipeline (on resume, of the run's pipeline). */
async function checkInterruptedSteps(
  interruptions: ReadonlyMap<string, number[]>,
  ir: PipelineIR | undefined,
  local: Awaited<ReturnType<typeof openLocalServices>>,
  resume: string | undefined,
): Promise<void> {
  const steps = (ir ?? (await local.metadata.store.getRun(resume as string))?.ir)?.steps;
  const unknown = [...interruptions.keys()].filter((name) => steps && !steps.some((s) => s.name === name));
  if (unknown.length === 0) return;
  await local.close();
  throw new UsageError(
    `--interrupt names no step of the pipeline: ${unknown.join(', ')}. Its steps: ${steps?.map((s) => s.name).join(', ')}.`,
  );
}

/** The commands that look further into a finished run (and resume it, when it did not succeed). */
function nextSteps(outcome: RunOutcome): string {
  const lines = ['', 'Look further:', `  godwit runs show ${outcome.runId}`, `  godwit runs logs ${outcome.runId} STEP`];
  if (outcome.status !== 'succeeded') lines.push(`  godwit run --resume ${outcome.runId}    (after fixing the cause)`);
  return lines.join('\n');
}

/**
 * The steps' S3 variables, and how to open the stores of literal `s3://`/`gs://` inputs: the
 * home's local S3 server (started if need be) when the run reaches S3 with no endpoint configured.
 */
function runFlags(values: Invocation<RunOptions>['values']): { concurrency: number; interruptions?: Map<string, number[]> } {
  const concurrency = values.concurrency === undefined ? availableParallelism() : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError(`--concurrency must be a whole number ≥ 1, not "${values.concurrency}".`);
  try {
    return { concurrency, interruptions: values.interrupt?.length ? parseInterruptFlags(values.interrupt) : undefined };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Sql steps open the configured warehouses when they first run; `close` releases them. Their
 * COPY and UNLOAD reach the same S3 as the run's steps (the home's server when none is configured).
 */
function withRunWarehouses<S extends { close(): Promise<void> }>(io: Invocation['io'], services: S) {
  const stores = storeResolverOf(io);
  return withWarehouses(services, (name) =>
    import('../../warehouse/index.js').then((m) => m.warehouseFor(configOf(io), name, io.env, { stores })),
  );
}

async function storesForRun(
  io: Invocation['io'],
  reaches: unknown,
): Promise<{ stepEnv: Record<string, string>; inputStores: StoreOptions }> {
  const stepEnv = await s3EnvForRun(homeOf(io), io, configOf(io), reaches);
  return { stepEnv, inputStores: await storeOptionsFor(io, Object.keys(stepEnv).length > 0 ? ['s3://'] : []) };
}
