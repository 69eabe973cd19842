/**
 * SageMaker pipelines as Godwit records them: a pipeline created through the SageMaker door
 * (`CreatePipeline`) is its definition JSON, kept as sent, with a version that each
 * `UpdatePipeline` of the definition bumps; an execution (`StartPipelineExecution`) is a Godwit
 * run of the IR imported from one version of it, so its steps, attempts, artifacts and logs are
 * the run's. The `pipelines` capability keeps these records in the metadata database.
 */
import type { NewEvent } from '../events/event-envelope.js';

export interface PipelineTag {
  readonly key: string;
  readonly value: string;
}

export interface PipelineRecord {
  /** SageMaker's name rules (1–256 of `[a-zA-Z0-9-]`, starting alphanumeric), unique. */
  readonly name: string;
  readonly displayName: string;
  readonly description?: string;
  /** The definition JSON as the client sent it (or as read from `PipelineDefinitionS3Location`). */
  readonly definition: string;
  readonly roleArn: string;
  /** `ParallelismConfiguration.MaxParallelExecutionSteps`: how many steps run at once. */
  readonly maxParallelSteps?: number;
  readonly tags: readonly PipelineTag[];
  /** 1 at creation, +1 for every update (each version's definition is kept). */
  readonly version: number;
  readonly createdAt: Date;
  readonly lastModifiedAt: Date;
}

export type NewPipeline = Omit<PipelineRecord, 'version' | 'createdAt' | 'lastModifiedAt'>;

/** What `UpdatePipeline` may change; any field given replaces the recorded one. */
export type PipelineChanges = Partial<
  Pick<PipelineRecord, 'displayName' | 'description' | 'definition' | 'roleArn' | 'maxParallelSteps'>
>;

export interface ExecutionParameter {
  readonly name: string;
  readonly value: string;
}

export interface PipelineExecutionRecord {
  readonly pipeline: string;
  /** The execution id in its ARN, which is the id of the Godwit run doing it. */
  readonly runId: string;
  /** The pipeline version the execution runs. */
  readonly version: number;
  readonly displayName: string;
  readonly description?: string;
  /** `PipelineParameters` as sent (values are strings on the wire). */
  readonly parameters: readonly ExecutionParameter[];
  /** `ClientRequestToken`: a second start with the same token is the same execution. */
  readonly clientRequestToken?: string;
  readonly maxParallelSteps?: number;
  /** Set by `StopPipelineExecution`: a run still ending shows `Stopping`. */
  readonly stopRequested: boolean;
  readonly createdAt: Date;
  readonly lastModifiedAt: Date;
}

export type NewExecution = Omit<PipelineExecutionRecord, 'stopRequested' | 'createdAt' | 'lastModifiedAt'>;

/**
 * The pipelines capability's store, the same SQL on SQLite and PostgreSQL.
 * - `createPipeline` refuses a name in use (`E_SM_PIPELINE_EXISTS`, SageMaker's `ResourceInUse`);
 *   `updatePipeline`, `deletePipeline` and `definition` of an unknown pipeline are
 *   `E_SM_PIPELINE_NOT_FOUND`. An update that changes the definition bumps the version and keeps
 *   the old one (executions name the version they ran).
 * - Deleting a pipeline deletes its versions and execution records; the runs stay (runs capability).
 * - `executionByToken` finds the execution a `ClientRequestToken` started (an idempotent start asks
 *   it first); lists are oldest first, the door sorts and pages them.
 */
export interface PipelineCatalog extends CallbackStore {
  createPipeline(pipeline: NewPipeline): Promise<PipelineRecord>;
  getPipeline(name: string): Promise<PipelineRecord | undefined>;
  listPipelines(): Promise<PipelineRecord[]>;
  updatePipeline(name: string, changes: PipelineChanges): Promise<PipelineRecord>;
  deletePipeline(name: string): Promise<void>;
  /** The definition of one version of a pipeline. */
  definition(name: string, version: number): Promise<string>;
  createExecution(execution: NewExecution): Promise<PipelineExecutionRecord>;
  executionByToken(pipeline: string, token: string): Promise<PipelineExecutionRecord | undefined>;
  getExecution(pipeline: string, runId: string): Promise<PipelineExecutionRecord | undefined>;
  listExecutions(pipeline: string): Promise<PipelineExecutionRecord[]>;
  /** When each pipeline's newest execution was created (pipelines never run are absent): one query for a whole list. */
  lastExecutionTimes(): Promise<Map<string, Date>>;
  /** Marks a stop requested (or cleared, when a retry starts it again); `E_SM_EXECUTION_NOT_FOUND` if unknown. */
  markStop(pipeline: string, runId: string, requested: boolean): Promise<PipelineExecutionRecord>;
}

/** A callback step's token and what became of it (`SendPipelineExecutionStepSuccess` / `…Failure`). */
export interface CallbackRecord {
  readonly token: string;
  readonly runId: string;
  readonly step: string;
  readonly status: 'waiting' | 'succeeded' | 'failed';
  /** The values a success carried (`OutputParameters`), as sent. */
  readonly outputParameters: readonly ExecutionParameter[];
  readonly failureReason?: string;
  readonly createdAt: Date;
  readonly settledAt?: Date;
}

export type CallbackOutcome =
  | { readonly status: 'succeeded'; readonly outputParameters: readonly ExecutionParameter[] }
  | { readonly status: 'failed'; readonly failureReason: string };

/**
 * Callback steps' tokens, kept in the database so that a wait outlives the process (a server
 * restart, a run resumed later) and any process can settle it.
 * - `openCallback` gives the step's token: the one it already has unless that one failed (a
 *   retried step waits afresh), else a new one, announced on the outbox.
 * - `settleCallback` settles a waiting token once: `E_SM_CALLBACK_NOT_FOUND` for an unknown token,
 *   `E_SM_CALLBACK_SETTLED` for one already settled.
 */
export interface CallbackStore {
  /**
   * `announce` gives the event a new token publishes (its message); it is published in the
   * transaction that records the token, so a token exists if and only if its event does, once.
   */
  openCallback(runId: string, step: string, announce?: (token: CallbackRecord) => NewEvent): Promise<CallbackRecord>;
  getCallback(token: string): Promise<CallbackRecord | undefined>;
  callbackOf(runId: string, step: string): Promise<CallbackRecord | undefined>;
  settleCallback(token: string, outcome: CallbackOutcome): Promise<CallbackRecord>;
  /**
   * Resolves when this store settles the token (a settlement through this process), or at once if
   * it is settled already; rejects with the signal's reason when it aborts. Settlements by other
   * processes sharing the database are not heard: a waiter polls `getCallback` for those.
   */
  settledHere(token: string, signal: AbortSignal): Promise<void>;
}
