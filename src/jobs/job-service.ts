/**
 * What the SageMaker door (and the CLI) ask of jobs: the server's one `JobService` runs jobs in
 * the background of `godwit server`, as one-step runs through the executor, and keeps their
 * records. A job survives a restart of the server: at start, every job left `InProgress` is
 * re-attached or marked `Failed` with a reason saying why; nothing is left running or lost.
 */
import type { Caller } from '../governance/governance-records.js';
import type { JobKind, JobQuery, JobRecord, JobTag } from './job-records.js';

export interface JobService {
  /**
   * Validates (the kind's `validate`), records the job `InProgress` and starts it; resolves once
   * recorded, not when it ends. `E_JOB_EXISTS` for a name in use (SageMaker's `ResourceInUse`).
   * `caller` is who asked (the door's authenticated principal): the job's run acts as it and
   * records it as `startedBy`; the local user when absent.
   */
  create(kind: JobKind, request: Readonly<Record<string, unknown>>, tags: readonly JobTag[], caller?: Caller): Promise<JobRecord>;
  /** `E_JOB_NOT_FOUND` (SageMaker's `ResourceNotFound`) for an unknown job. */
  get(kind: JobKind, name: string): Promise<JobRecord>;
  list(kind: JobKind, query?: JobQuery): Promise<JobRecord[]>;
  /**
   * Stops a running job: `Stopping` at once, its process group ended, then `Stopped`. Stopping a
   * job that has ended is SageMaker's `ValidationException` (`E_JOB_NOT_RUNNING`).
   */
  stop(kind: JobKind, name: string): Promise<void>;
  /** Resolves when the job has ended (tests and `.sync` integrations wait on it). */
  waitFor(kind: JobKind, name: string): Promise<JobRecord>;
  /** Server shutdown: running jobs are ended and recorded `Failed` ("the server stopped"). */
  close(): Promise<void>;
}
