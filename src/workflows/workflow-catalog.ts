import type { Json } from './asl/asl-types.js';
import type { HistoryRow } from './history-row.js';
import type {
  ExecutionRecord,
  ExecutionStatus,
  HistoryEvent,
  Page,
  PageRequest,
  StateMachineRecord,
  StateMachineType,
} from './workflow-service.js';

/**
 * The workflows capability's storage (`sql-workflow-catalog.ts` over SQLite and PostgreSQL): state
 * machines, executions, their history, the engine's progress and task tokens. Every method is one
 * transaction. Execution status changes publish "Step Functions Execution Status Change" on the
 * event outbox in the same transaction. Not found / in use are `GodwitError`s
 * (`E_WORKFLOW_NOT_FOUND`, `E_WORKFLOW_EXISTS`, `E_WORKFLOW_TASK_TOKEN`).
 */
export interface WorkflowCatalog {
  /** Creates a machine; the same name with the same definition, role and type answers the existing one (as Step Functions does). */
  createStateMachine(machine: NewStateMachine): Promise<StateMachineRecord>;
  /** Replaces the definition and/or role; a new `revisionId` every time. */
  updateStateMachine(
    arn: string,
    change: { readonly definition?: string; readonly roleArn?: string },
  ): Promise<StateMachineRecord>;
  /** Removes the machine; its executions stay (and running ones finish). */
  deleteStateMachine(arn: string): Promise<void>;
  getStateMachine(arn: string): Promise<StateMachineRecord | undefined>;
  /** By name, oldest first. */
  listStateMachines(page?: PageRequest): Promise<Page<StateMachineRecord>>;

  /**
   * Records a new execution RUNNING with its `ExecutionStarted` event and its first progress, and
   * publishes the RUNNING status change. The same name again with the same input answers the
   * existing execution (`created: false`); with another input, `E_WORKFLOW_EXISTS`.
   */
  insertExecution(execution: NewExecution, start: JournalBatch): Promise<{ record: StoredExecution; created: boolean }>;
  getExecution(arn: string): Promise<StoredExecution | undefined>;
  /** Newest first. */
  listExecutions(
    filter: { readonly stateMachineArn?: string; readonly status?: ExecutionStatus },
    page?: PageRequest,
  ): Promise<Page<ExecutionRecord>>;
  /** Every RUNNING execution's ARN (what `recover` resumes). */
  runningExecutions(): Promise<string[]>;
  history(arn: string, options?: PageRequest & { readonly reverseOrder?: boolean }): Promise<Page<HistoryEvent>>;

  /**
   * Applies one batch of the engine's moves in one transaction, if and only if the execution is
   * still RUNNING (false otherwise, and nothing is written: it was stopped elsewhere). A batch with
   * `end` closes the execution: status, output or error, its last event, all its progress rows
   * deleted, and the status change published.
   */
  commit(arn: string, batch: JournalBatch): Promise<boolean>;
  /** The execution's recorded progress rows: what a restarted engine resumes from. */
  frames(arn: string): Promise<ReadonlyMap<string, Json>>;
  /**
   * Ends a RUNNING execution from outside its engine (StopExecution in another process, a
   * lost engine): ABORTED with an `ExecutionAborted` event. An execution already ended is answered as it is.
   */
  abortExecution(arn: string, reason: { readonly error?: string; readonly cause?: string }, at: Date): Promise<StoredExecution>;

  /** The token's row; undefined when unknown. */
  getTaskToken(token: string): Promise<TaskTokenRecord | undefined>;
  /** Settles a waiting token once (E_WORKFLOW_TASK_TOKEN when unknown or settled). */
  settleTaskToken(token: string, outcome: TokenOutcome, at: Date): Promise<TaskTokenRecord>;
  /** Records a heartbeat of a waiting token (E_WORKFLOW_TASK_TOKEN when unknown or settled). */
  heartbeatTaskToken(token: string, at: Date): Promise<TaskTokenRecord>;
}

export interface NewStateMachine {
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type: StateMachineType;
  readonly tags: Readonly<Record<string, string>>;
}

export interface NewExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly parentExecutionArn?: string;
  readonly startDate: Date;
  /** When the execution times out (`TimeoutSeconds` of the machine). */
  readonly deadline?: Date;
}

/** An execution as stored: what the engine needs to run it, beside what DescribeExecution shows. */
export interface StoredExecution extends ExecutionRecord {
  readonly definition: string;
  readonly roleArn: string;
  readonly parentExecutionArn?: string;
  readonly deadline?: Date;
  /** The id the next history event gets. */
  readonly nextEventId: number;
}

/** A history event before it is stored. */
export interface NewHistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Date;
  readonly type: string;
  readonly details?: Readonly<Record<string, Json>>;
}

/**
 * One group of the engine's moves, written together: the history events that describe them (as
 * the engine's journal encodes them while it runs, or as a list), the progress rows they leave
 * (`null` deletes a row), task tokens handed out, and possibly the end.
 */
export interface JournalBatch {
  readonly events: HistoryRow | readonly NewHistoryEvent[];
  readonly frames: ReadonlyMap<string, Json | null>;
  readonly tokens?: readonly { readonly token: string; readonly stateName: string; readonly at: Date }[];
  readonly end?: ExecutionEnd;
}

export interface ExecutionEnd {
  readonly status: Exclude<ExecutionStatus, 'RUNNING'>;
  readonly at: Date;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

export type TokenOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: string }
  | { readonly status: 'FAILED'; readonly error?: string; readonly cause?: string };

export interface TaskTokenRecord {
  readonly token: string;
  readonly executionArn: string;
  readonly stateName: string;
  readonly status: 'WAITING' | 'SUCCEEDED' | 'FAILED';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly heartbeatAt?: Date;
  readonly createdAt: Date;
}
