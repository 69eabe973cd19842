import type { Json } from './asl/asl-types.js';

/**
 * The workflows capability's application API: what the Step Functions front door
 * (`src/server/aws/stepfunctions/`), `godwit workflow …` and event targets call. Names and
 * statuses are Step Functions' own so the door maps fields one to one. State machines and
 * executions are kept in the metadata database (the `workflows` capability), so every process
 * sees the same ones; executions run in the process that owns the engine (the server, or
 * `godwit workflows run` in the foreground).
 *
 * Errors a caller can cause are `GodwitError`s: `E_WORKFLOW_NOT_FOUND` (no such machine or
 * execution: the door answers `StateMachineDoesNotExist` / `ExecutionDoesNotExist`),
 * `E_WORKFLOW_EXISTS` (a name in use with another definition: `StateMachineAlreadyExists`; the
 * same name and input again is idempotent as Step Functions' StartExecution is: `ExecutionAlreadyExists`
 * only when the input differs), `E_ASL_INVALID` (a definition that fails validation:
 * `InvalidDefinition`, every problem listed with its state), `E_WORKFLOW_RESOURCE_UNMAPPED`,
 * `E_WORKFLOW_TASK_TOKEN` (an unknown or settled token: `TaskDoesNotExist` / `InvalidToken`),
 * `E_WORKFLOW_INPUT` (input that is not JSON or over 256 KiB: `InvalidExecutionInput`).
 */
export interface WorkflowService {
  createStateMachine(request: CreateStateMachine): Promise<StateMachineRecord>;
  updateStateMachine(
    arn: string,
    change: { readonly definition?: string; readonly roleArn?: string },
  ): Promise<StateMachineRecord>;
  /** Deleting a machine stops nothing already running (as Step Functions: they finish). */
  deleteStateMachine(arn: string): Promise<void>;
  describeStateMachine(arn: string): Promise<StateMachineRecord>;
  listStateMachines(page?: PageRequest): Promise<Page<StateMachineRecord>>;

  /** Records the execution RUNNING (its first history event, `ExecutionStarted`) and starts it. */
  startExecution(request: StartExecution): Promise<ExecutionRecord>;
  /** Starts an execution and waits for its end (StartSyncExecution; also `godwit workflows run`). */
  startSyncExecution(request: StartExecution, signal?: AbortSignal): Promise<ExecutionRecord>;
  /** Ends a running execution ABORTED (`ExecutionAborted`), stopping the work its tasks started. */
  stopExecution(arn: string, reason?: { readonly error?: string; readonly cause?: string }): Promise<ExecutionRecord>;
  describeExecution(arn: string): Promise<ExecutionRecord>;
  listExecutions(
    filter: { readonly stateMachineArn?: string; readonly status?: ExecutionStatus },
    page?: PageRequest,
  ): Promise<Page<ExecutionRecord>>;
  /** Step Functions' `HistoryEvent`s, oldest first (newest first with `reverseOrder`). */
  getExecutionHistory(
    arn: string,
    options?: PageRequest & { readonly reverseOrder?: boolean; readonly includeExecutionData?: boolean },
  ): Promise<Page<HistoryEvent>>;

  sendTaskSuccess(taskToken: string, output: string): Promise<void>;
  sendTaskFailure(taskToken: string, failure: { readonly error?: string; readonly cause?: string }): Promise<void>;
  sendTaskHeartbeat(taskToken: string): Promise<void>;
}

export type StateMachineType = 'STANDARD' | 'EXPRESS';
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface CreateStateMachine {
  readonly name: string;
  /** The ASL document as text, exactly as sent (DescribeStateMachine returns it unchanged). */
  readonly definition: string;
  readonly roleArn: string;
  readonly type?: StateMachineType;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface StateMachineRecord {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type: StateMachineType;
  readonly status: 'ACTIVE' | 'DELETING';
  readonly creationDate: Date;
  /** A new revision id on every update. */
  readonly revisionId: string;
}

export interface StartExecution {
  readonly stateMachineArn: string;
  /** Generated (a UUID) when absent. */
  readonly name?: string;
  /** JSON text; `{}` when absent. */
  readonly input?: string;
  /** The execution that started this one (`states:startExecution` tasks), for `$$.Execution` and the history. */
  readonly parentExecutionArn?: string;
}

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * One event of an execution's history, in Step Functions' shape: `type` is its HistoryEventType
 * (`ExecutionStarted`, `TaskStateEntered`, `TaskScheduled`, `TaskSucceeded`, `MapIterationStarted`,
 * `WaitStateExited`, …) and `details` the matching `<type>EventDetails` member's content (for
 * `TaskScheduled`: `resourceType`, `resource`, `region`, `parameters`, `timeoutInSeconds`,
 * `heartbeatInSeconds`), which the door puts under its member name (`taskScheduledEventDetails`).
 */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Date;
  readonly type: string;
  readonly details?: Readonly<Record<string, Json>>;
}

export interface PageRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}
