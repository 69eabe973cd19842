import type { LineageWrite } from '../lineage/lineage-records.js';
import type { ArtifactType, ParameterValue, PipelineIR, StepKind } from '../pipeline/ir.js';

/**
 * The runs capability's records: every run, step, attempt, artifact, metric and event. One
 * implementation (sql-metadata-store.ts) over the database seam, on SQLite or PostgreSQL.
 *
 * Writes are durable when the promise resolves. Records are append-or-update by natural key
 * (run id, step name, attempt number); nothing is ever deleted by the executor. A run's or a
 * step's status change is published to the event outbox in the same transaction as the change,
 * and so is its lineage (docs/lineage.md, "Runs"): a run's context, a step's action, an
 * artifact's node and the edge from the step that produced it; what a step read comes with its
 * records in `write` (`{ lineage }`).
 * Lists are ordered: runs newest first; steps by start (never-started last), then name;
 * attempts by start, step and number; artifacts by creation, step and name; metrics by step and
 * name; events in the order they were added.
 */
export interface MetadataStore {
  createRun(run: NewRun): Promise<void>;
  updateRun(
    id: string,
    patch: Partial<Pick<RunRecord, 'status' | 'endedAt' | 'error' | 'pid' | 'host' | 'resumes'>>,
  ): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /**
   * Newest first, default 50; summaries only (no IR or parameters), cheap on a large home. With
   * `status`, only runs recorded with it (`running` includes runs whose process has died).
   */
  listRuns(options?: { limit?: number; pipeline?: string; status?: RunStatus }): Promise<StoredRunSummary[]>;

  upsertStep(step: StepRecord): Promise<void>;
  listSteps(runId: string): Promise<StepRecord[]>;
  /** The newest successful, non-cached execution with this cache key that ended after `notBefore`. */
  findCachedStep(cacheKey: string, notBefore: Date | undefined): Promise<StepRecord | undefined>;

  upsertAttempt(attempt: AttemptRecord): Promise<void>;
  listAttempts(runId: string, step?: string): Promise<AttemptRecord[]>;

  putArtifact(artifact: ArtifactRecord): Promise<void>;
  listArtifacts(runId: string, step?: string): Promise<ArtifactRecord[]>;
  /**
   * Points a run's artifacts at their new URIs (`godwit runs move`), with the lineage that ties
   * each old location to its new one, in one transaction: all of them or none.
   */
  relocateArtifacts(runId: string, moves: readonly ArtifactRelocation[], lineage: LineageWrite): Promise<void>;

  putMetrics(runId: string, step: string, metrics: Readonly<Record<string, number>>): Promise<void>;
  listMetrics(runId: string, step?: string): Promise<MetricRecord[]>;

  addEvent(event: NewEvent): Promise<void>;
  listEvents(runId: string): Promise<EventRecord[]>;

  /** Writes several step, attempt, artifact, event and lineage records in one transaction: all of them or none. */
  write(batch: readonly MetaWrite[]): Promise<void>;

  close(): Promise<void>;
}

/** Stored statuses. `interrupted` is never stored: it is a `running` run whose process is gone. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'stopped';
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'cached' | 'failed' | 'skipped' | 'stopped' | 'not-run';

export interface NewRun {
  readonly id: string;
  readonly pipeline: string;
  readonly ir: PipelineIR;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly pipelineFile?: string;
  readonly baseDir: string;
  readonly runDir: string;
  readonly startedAt: Date;
  readonly pid: number;
  readonly host: string;
  /** Who started it: `GODWIT_USER`, else the login name (`runStarter()`); absent on runs recorded before it was kept. */
  readonly startedBy?: string;
}

/** What `listRuns` returns: the columns a listing prints, and what `effectiveStatus` needs. */
export interface StoredRunSummary {
  readonly id: string;
  readonly pipeline: string;
  readonly status: RunStatus;
  readonly pid: number;
  readonly host: string;
  readonly startedAt: Date;
  readonly endedAt?: Date;
  readonly error?: string;
}

export interface RunRecord extends NewRun, StoredRunSummary {
  readonly resumes: number;
}

export interface StepRecord {
  readonly runId: string;
  readonly name: string;
  readonly type: StepKind;
  readonly status: StepStatus;
  readonly startedAt?: Date;
  readonly endedAt?: Date;
  readonly attempts: number;
  readonly cacheKey?: string;
  /** Run id whose outputs this step reused. */
  readonly cachedFrom?: string;
  /** Why it failed, was skipped or did not run. */
  readonly reason?: string;
  /** Condition steps: which branch was taken. */
  readonly outcome?: 'then' | 'else';
}

export interface AttemptRecord {
  readonly runId: string;
  readonly step: string;
  readonly attempt: number;
  readonly status: 'running' | 'succeeded' | 'failed' | 'stopped' | 'interrupted';
  readonly startedAt: Date;
  readonly endedAt?: Date;
  readonly exitCode?: number;
  readonly failureKind?: string;
  readonly error?: string;
  readonly logPath?: string;
}

export interface ArtifactRecord {
  readonly runId: string;
  readonly step: string;
  readonly name: string;
  readonly type: ArtifactType;
  /** Prefix URI of the artifact's files, ending in `/`. */
  readonly uri: string;
  /** Digest of the file set (sorted paths, sizes and sha256s). */
  readonly sha256: string;
  readonly size: number;
  readonly files: readonly { readonly path: string; readonly size: number; readonly sha256: string }[];
  readonly createdAt: Date;
}

/** A run's artifact (step and name) and the URI its files were copied to. */
export interface ArtifactRelocation {
  readonly step: string;
  readonly name: string;
  readonly uri: string;
}

export interface MetricRecord {
  readonly runId: string;
  readonly step: string;
  readonly name: string;
  readonly value: number;
}

/** One record of a `write` batch; `lineage` is what only the writer knows (what a step read), recorded as it is. */
export type MetaWrite =
  | { readonly step: StepRecord }
  | { readonly attempt: AttemptRecord }
  | { readonly artifact: ArtifactRecord }
  | { readonly event: NewEvent }
  | { readonly lineage: LineageWrite };

export interface NewEvent {
  readonly runId: string;
  readonly step?: string;
  readonly at: Date;
  readonly type: string;
  readonly message: string;
}

export interface EventRecord extends NewEvent {
  readonly id: number;
}
