/**
 * A small `BackgroundRuns` over the executor, for pipeline executions started through the
 * SageMaker door. The `jobs` capability's implementation replaces it where it is richer; this one
 * keeps only what executions need: start, resume, stop, and the ids running here.
 */
import { asGodwitError } from '../core/errors.js';
import type { BackgroundRun, BackgroundRuns } from '../jobs/background-runs.js';
import type { JobPlan } from '../jobs/job-kind.js';
import type { RunEvent } from '../runtime/events.js';
import { type ExecutorOptions, type RunOutcome, resumeRun, startRun } from '../runtime/executor.js';
import type { StoreOptions } from '../store/index.js';

export interface LocalBackgroundRunsOptions {
  readonly services: ExecutorOptions['services'];
  /** How many steps of one run run at once. */
  readonly concurrency: number;
  /** Variables every step gets (the server's S3 endpoint and local credentials); read at each start. */
  readonly stepEnv?: () => Readonly<Record<string, string>>;
  /** How steps fetch literal `s3://` inputs (the server's S3 door); read at each start. */
  readonly inputStores?: () => StoreOptions;
}

interface Live {
  readonly controller: AbortController;
  readonly done: Promise<RunOutcome>;
}

export class LocalBackgroundRuns implements BackgroundRuns {
  private readonly live = new Map<string, Live>();

  constructor(private readonly options: LocalBackgroundRunsOptions) {}

  start(plan: JobPlan): Promise<BackgroundRun> {
    return this.launch((options) =>
      startRun(plan.ir, plan.parameters, { baseDir: plan.baseDir }, { ...options, concurrency: this.concurrencyOf(plan) }),
    );
  }

  resume(runId: string): Promise<BackgroundRun> {
    return this.launch((options) => resumeRun(runId, options));
  }

  async stop(runId: string): Promise<void> {
    const live = this.live.get(runId);
    if (!live) return;
    live.controller.abort();
    await live.done;
  }

  running(): readonly string[] {
    return [...this.live.keys()];
  }

  async close(): Promise<void> {
    await Promise.all(this.running().map((id) => this.stop(id)));
  }

  private concurrencyOf(plan: JobPlan): number {
    return plan.concurrency && plan.concurrency > 0
      ? Math.min(plan.concurrency, this.options.concurrency)
      : this.options.concurrency;
  }

  /** Runs `execute` and resolves with the run's id as soon as the executor has recorded it. */
  private launch(execute: (options: ExecutorOptions) => Promise<RunOutcome>): Promise<BackgroundRun> {
    const controller = new AbortController();
    return new Promise<BackgroundRun>((resolve, reject) => {
      let runId: string | undefined;
      const reporter = (event: RunEvent) => {
        if (event.type !== 'run-started' || runId !== undefined) return;
        runId = event.runId;
        this.live.set(runId, { controller, done });
        resolve({ runId, done });
      };
      const { services, concurrency, stepEnv, inputStores } = this.options;
      const options: ExecutorOptions = {
        services: inputStores ? { ...services, inputStores: inputStores() } : services,
        concurrency,
        reporter,
        signal: controller.signal,
        stepEnv: stepEnv?.(),
      };
      const done: Promise<RunOutcome> = execute(options).then(
        (outcome) => {
          this.live.delete(outcome.runId);
          return outcome;
        },
        (err): RunOutcome => {
          if (runId === undefined) reject(err);
          else this.live.delete(runId);
          // After it started, bookkeeping failed (the database went away): say so to whoever waits.
          return { runId: runId ?? '', status: 'failed', error: asGodwitError(err).describe(), runDir: '' };
        },
      );
    });
  }
}
