/**
 * SageMaker jobs as Godwit records them: training, processing and transform jobs created through
 * the SageMaker front door (`CreateTrainingJob`, …). A job is desired work plus what became of it;
 * it runs as a one-step Godwit run (`runId`), so its steps, attempts, artifacts, metrics and logs
 * are the run's, recorded like any pipeline step's. The `jobs` capability keeps these records in
 * the metadata database (SQLite or PostgreSQL), one row per (kind, name).
 */

export type JobKind = 'training' | 'processing' | 'transform';

/** SageMaker's `TrainingJobStatus` / `ProcessingJobStatus` / `TransformJobStatus` values. */
export type JobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

/** The statuses a job ends in. */
export const ENDED: ReadonlySet<JobStatus> = new Set(['Completed', 'Failed', 'Stopped']);

/** One of `SecondaryStatusTransitions` (training jobs): `Starting`, `Downloading`, `Training`, `Uploading`, `Completed`, … */
export interface StatusTransition {
  readonly status: string;
  readonly startTime: Date;
  readonly endTime?: Date;
  readonly message: string;
}

export interface JobTag {
  readonly key: string;
  readonly value: string;
}

export interface JobRecord {
  readonly kind: JobKind;
  /** Unique per kind, SageMaker's name rules (1–63 of `[a-zA-Z0-9-]`, starting alphanumeric). */
  readonly name: string;
  /** The Create request as the client sent it, after validation; Describe echoes its fields. */
  readonly request: Readonly<Record<string, unknown>>;
  readonly status: JobStatus;
  /** Training jobs: the current `SecondaryStatus`. */
  readonly secondaryStatus?: string;
  readonly transitions: readonly StatusTransition[];
  /** Set when `Failed` (from `/opt/ml/output/failure` when the script wrote one) or `Stopped`. */
  readonly failureReason?: string;
  /** The run that executes the job; absent until it has started. */
  readonly runId?: string;
  readonly createdAt: Date;
  readonly startedAt?: Date;
  readonly endedAt?: Date;
  readonly lastModifiedAt: Date;
  /**
   * What the job produced, in the Describe response's own field names, kept as the run ends
   * (`ModelArtifacts`, `FinalMetricDataList`, `BillableTimeInSeconds`, `TransformOutput`, …).
   */
  readonly result: Readonly<Record<string, unknown>>;
  readonly tags: readonly JobTag[];
}

export type NewJob = Pick<JobRecord, 'kind' | 'name' | 'request' | 'tags'>;

/** What a job's progress changes; `transitions`, when given, replaces the list. */
export type JobChanges = Partial<
  Pick<JobRecord, 'status' | 'secondaryStatus' | 'transitions' | 'failureReason' | 'runId' | 'startedAt' | 'endedAt' | 'result'>
>;

export interface JobQuery {
  readonly nameContains?: string;
  readonly statusEquals?: JobStatus;
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  readonly modifiedAfter?: Date;
  readonly modifiedBefore?: Date;
}

/**
 * The jobs capability's store. `create` refuses a (kind, name) that exists (`E_JOB_EXISTS`, which
 * the door answers as SageMaker's `ResourceInUse`); `update` on an unknown job is `E_JOB_NOT_FOUND`.
 * Lists are newest first, filtered by the query in the database (what `List…Jobs` filters on);
 * the door sorts and pages them.
 */
export interface JobCatalog {
  create(job: NewJob): Promise<JobRecord>;
  get(kind: JobKind, name: string): Promise<JobRecord | undefined>;
  list(kind: JobKind, query?: JobQuery): Promise<JobRecord[]>;
  update(kind: JobKind, name: string, changes: JobChanges): Promise<JobRecord>;
  /** Jobs still `InProgress` or `Stopping`: what a starting server re-attaches or fails. */
  unfinished(): Promise<JobRecord[]>;
}
