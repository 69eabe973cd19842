import { join } from 'node:path';
import { asGodwitError } from '../core/errors.js';
import type { Principal } from '../governance/governance-records.js';
import { requireRun } from '../meta/run-status.js';
import type { ParameterValue, PipelineIR } from '../pipeline/ir.js';
import type { RunReporter } from '../runtime/events.js';
import { type ExecutorOptions, type RunOutcome, resumeRun, startRun } from '../runtime/executor.js';
import type { Services } from '../runtime/step-context.js';
import type { BackgroundRun, BackgroundRuns } from './background-runs.js';
import type { JobPlan } from './job-kind.js';

export interface BackgroundRunsOptions {
  /** The server's services (its metadata, artifact store, clock, input stores). */
  readonly services: Services;
  /**
   * The variables a run's steps get, as `godwit run` gives them (the S3 endpoint the run reaches,
   * through its IR or a parameter's value, such as a pipeline execution's `s3://` parameter).
   */
  readonly stepEnv: (
    ir: PipelineIR,
    parameters: Readonly<Record<string, ParameterValue>>,
  ) => Promise<Readonly<Record<string, string>>> | Readonly<Record<string, string>>;
  /** Steps at once within one run; jobs are one step, pipelines may fan out. */
  readonly concurrency: number;
  /** The principal store's lookup, so a resumed run acts as the principal its `startedBy` names. */
  readonly principalLookup?: (nameOrArn: string) => Promise<Principal | undefined>;
}

/**
 * Runs of the executor inside this process, each with its own abort controller: `stop` aborts
 * one (the executor ends its steps' process groups and records it `stopped`), `close` all.
 */
export class ExecutorBackgroundRuns implements BackgroundRuns {
  private readonly runs = new Map<string, { readonly stop: AbortController; readonly done: Promise<RunOutcome> }>();

  constructor(private readonly options: BackgroundRunsOptions) {}

  async start(plan: JobPlan, reporter?: RunReporter): Promise<BackgroundRun> {
    const stepEnv = await this.options.stepEnv(plan.ir, plan.parameters);
    // A pipeline's ParallelismConfiguration lowers the limit for its run, never raises it.
    const concurrency = Math.min(plan.concurrency ?? this.options.concurrency, this.options.concurrency);
    return this.launch(reporter, (o) =>
      startRun(plan.ir, plan.parameters, { baseDir: plan.baseDir }, { ...o, stepEnv, concurrency, caller: plan.caller }),
    );
  }

  async resume(runId: string, reporter?: RunReporter): Promise<BackgroundRun> {
    const { store } = this.options.services.metadata;
    const record = await requireRun(store, this.options.services.home.root, runId);
    const stepEnv = await this.options.stepEnv(record.ir, record.parameters);
    return this.launch(reporter, (o) => resumeRun(runId, { ...o, stepEnv }));
  }

  /**
   * Starts the executor and waits for its `run-started` event (the run is recorded by then); a
   * run that fails before it is recorded rejects here, one that fails later settles `done`.
   */
  private async launch(
    reporter: RunReporter | undefined,
    go: (options: ExecutorOptions) => Promise<RunOutcome>,
  ): Promise<BackgroundRun> {
    const stop = new AbortController();
    let recorded!: (runId: string) => void;
    const known = new Promise<string>((resolve) => {
      recorded = resolve;
    });
    const execution = go({
      services: this.options.services,
      concurrency: this.options.concurrency,
      signal: stop.signal,
      principalLookup: this.options.principalLookup,
      reporter: (event) => {
        if (event.type === 'run-started') recorded(event.runId);
        reporter?.(event);
      },
    });
    const runId = await Promise.race([known, execution.then((outcome) => outcome.runId)]);
    const runDir = join(this.options.services.home.runsDir, runId);
    // The executor records its own failures; one that escapes it still ends the run's promise settled.
    const done = execution.catch((err): RunOutcome => ({ runId, status: 'failed', error: asGodwitError(err).message, runDir }));
    this.runs.set(runId, { stop, done });
    void done.finally(() => this.runs.delete(runId));
    return { runId, done };
  }

  async stop(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) return;
    run.stop.abort();
    await run.done;
  }

  running(): readonly string[] {
    return [...this.runs.keys()];
  }

  async close(): Promise<void> {
    await Promise.all(this.running().map((id) => this.stop(id)));
  }
}
