/**
 * Runs of Godwit's executor inside `godwit server`, in the background: SageMaker jobs (one-step
 * runs) and pipeline executions started through the SageMaker door (`StartPipelineExecution`).
 * A run started here is recorded like `godwit run`'s (metadata, artifacts, logs, lineage); its
 * steps see the server's S3 endpoint and local credentials.
 */
import type { RunReporter } from '../runtime/events.js';
import type { RunOutcome } from '../runtime/executor.js';
import type { JobPlan } from './job-kind.js';

export interface BackgroundRun {
  readonly runId: string;
  /** Settles when the run has ended, however it ended (never rejects). */
  readonly done: Promise<RunOutcome>;
}

export interface BackgroundRuns {
  /**
   * Starts a run; resolves once it is recorded (its id known), not when it ends. `reporter` hears
   * the run's events as a display would (the job service reads a job's progress from them).
   */
  start(plan: JobPlan, reporter?: RunReporter): Promise<BackgroundRun>;
  /** Resumes a failed or stopped run (`RetryPipelineExecution`): steps that succeeded keep their outputs. */
  resume(runId: string, reporter?: RunReporter): Promise<BackgroundRun>;
  /** Ends a run started here: its steps' process groups are ended and it is recorded `stopped`. */
  stop(runId: string): Promise<void>;
  /** Ids of runs running in this process. */
  running(): readonly string[];
  /** Stops every run (server shutdown). */
  close(): Promise<void>;
}
