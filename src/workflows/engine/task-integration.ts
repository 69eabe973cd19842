import type { Json } from '../asl/asl-types.js';

/**
 * How a Task's `Resource` is called (Step Functions' service integration patterns):
 * - `request-response`: the call's answer is the result (`…:::sagemaker:createModel`);
 * - `sync`: the call starts work and the result is the work's end state (`….sync`, `….sync:2`);
 * - `wait-for-task-token`: the call hands out `$$.Task.Token` and the result is what
 *   `SendTaskSuccess` later brings (`….waitForTaskToken`); the engine waits, not the integration.
 */
export type IntegrationPattern = 'request-response' | 'sync' | 'wait-for-task-token';

/**
 * What a Task's call promises if the engine dies mid-call and calls again after a restart.
 * Godwit's own services (jobs, pipelines, endpoints, events, nested executions) are
 * `exactly-once`: the call carries an idempotency token and a second call with the same token
 * re-attaches to the work the first one started. Commands, Lambda mappings and HTTP tasks are
 * `at-least-once`. The history records which applied to each Task.
 */
export type Delivery = 'exactly-once' | 'at-least-once';

/** One call of a Task resource, made by the engine after the state's input processing. */
export interface TaskCall {
  /** The `Resource` as written, e.g. `arn:aws:states:::sagemaker:createTrainingJob.sync`. */
  readonly resource: string;
  readonly pattern: IntegrationPattern;
  /** The effective parameters (`Parameters` / `Arguments` evaluated). */
  readonly parameters: Json;
  readonly executionArn: string;
  readonly stateName: string;
  /**
   * The execution's role (its state machine's `roleArn` when it started): a Task acts as it, as
   * in AWS, when it names a Godwit principal (`sagemaker-integration.ts`); the local user otherwise.
   */
  readonly roleArn?: string;
  /**
   * The same for every call of the same state entry and attempt, across engine restarts:
   * `exactly-once` integrations create their work under it (a job's client token, a child
   * execution's name) and, called again with it, wait for that work instead of starting more.
   */
  readonly idempotencyToken: string;
  /** For `wait-for-task-token`: the token the integration hands out (also `$$.Task.Token`). */
  readonly taskToken?: string;
  /** Aborted when the execution stops or the state times out: the integration stops its work (a job is stopped). */
  readonly signal: AbortSignal;
  /** Records that the work is alive (a `.sync` job's progress): resets `HeartbeatSeconds`. */
  heartbeat(): void;
}

/**
 * A family of Task resources served by a local service. `invoke` answers the task's result, or
 * throws a `StatesError` with the error name Step Functions' integration would give
 * (`SageMaker.AmazonSageMakerException`, `States.TaskFailed` with the job's failure reason as
 * cause, a Lambda mapping's `errorType`). For `wait-for-task-token` it returns once the token is
 * handed out; its return value is ignored.
 */
export interface TaskIntegration {
  /** A name for messages and the history (`sagemaker`, `states`, `events`, `lambda`, `http`). */
  readonly name: string;
  /** Whether this integration serves `resource` (any pattern suffix included). */
  supports(resource: string): boolean;
  delivery(resource: string): Delivery;
  invoke(call: TaskCall): Promise<Json>;
}

/**
 * The integrations an engine is built with. `check` runs before an execution starts, on every
 * Task (and ItemReader / ResultWriter) resource of the definition: an unmapped resource is a
 * `GodwitError` `E_WORKFLOW_RESOURCE_UNMAPPED` naming the state, the resource and how to map it
 * (the Lambda mapping in `godwit.config.yaml`, the supported integrations).
 */
export interface TaskIntegrations {
  resolve(resource: string): TaskIntegration | undefined;
  check(stateName: string, resource: string): void;
}

/** The pattern a resource ARN asks for, from its suffix. */
export function integrationPattern(resource: string): IntegrationPattern {
  if (resource.endsWith('.waitForTaskToken')) return 'wait-for-task-token';
  if (/\.sync(:\d+)?$/.test(resource)) return 'sync';
  return 'request-response';
}
