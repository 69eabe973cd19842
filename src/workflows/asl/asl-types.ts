/**
 * The Amazon States Language as Godwit reads it: a state machine definition is plain JSON, checked
 * by `validate-definition.ts` before anything runs, so these types describe a definition that
 * passed. Field names are the specification's, and every field a state may carry in either query
 * language is listed on the state (JSONPath's five paths, JSONata's `Arguments` / `Output`), so
 * one state type serves both; `queryLanguageOf` says which applies.
 *
 * Spec: https://states-language.net/spec.html and the Step Functions Developer Guide.
 */

/** Any JSON value: what state inputs, outputs, variables and task results are. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

export type QueryLanguage = 'JSONPath' | 'JSONata';

export interface StateMachineDefinition {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly Version?: string;
  /** `JSONPath` when absent; a state's own `QueryLanguage` overrides it. */
  readonly QueryLanguage?: QueryLanguage;
  readonly TimeoutSeconds?: number;
}

export type State = TaskState | PassState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;
export type StateType = State['Type'];

/** Fields every state may have. */
interface StateBase {
  readonly Comment?: string;
  readonly QueryLanguage?: QueryLanguage;
  /** JSONPath: the state's input is `InputPath` of the raw input ($ when absent, `null` drops it to {}). */
  readonly InputPath?: string | null;
  /** JSONPath: the output is `OutputPath` of the combined result. */
  readonly OutputPath?: string | null;
  /** JSONata: the state's output, `$states.result` (or input) when absent. */
  readonly Output?: Json;
  /** Both languages: workflow variables set when the state completes (values read state-entry variables). */
  readonly Assign?: JsonObject;
}

/** Fields of states that move on: `Next`, or `End: true`. */
interface Transition {
  readonly Next?: string;
  readonly End?: boolean;
}

/** Fields of states that run work and take a result: Task, Parallel, Map. */
interface ResultFields {
  /** JSONPath payload template applied to the effective input (`"key.$": "path"` fields evaluated). */
  readonly Parameters?: Json;
  /** JSONata: the task's (or branches') input. */
  readonly Arguments?: Json;
  readonly ResultSelector?: Json;
  /** JSONPath: where the result goes in the raw input; `null` discards it (output = input). */
  readonly ResultPath?: string | null;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
  /** JSONata: the output given to `Next` (`$states.errorOutput` when absent). */
  readonly Output?: Json;
  readonly Assign?: JsonObject;
}

export interface TaskState extends StateBase, Transition, ResultFields {
  readonly Type: 'Task';
  readonly Resource: string;
  /** A number, or (JSONata) a `{% %}` string. */
  readonly TimeoutSeconds?: number | string;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number | string;
  readonly HeartbeatSecondsPath?: string;
  readonly Credentials?: Json;
}

export interface PassState extends StateBase, Transition {
  readonly Type: 'Pass';
  readonly Result?: Json;
  readonly ResultPath?: string | null;
  readonly Parameters?: Json;
}

export interface ChoiceState extends StateBase {
  readonly Type: 'Choice';
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}

/**
 * A choice rule. JSONPath rules compare `Variable` with one comparison operator, or combine rules
 * with `And` / `Or` / `Not`; JSONata rules have a `Condition` expression. Only top-level rules
 * carry `Next` (and `Assign` / `Output` in JSONata).
 */
export interface ChoiceRule {
  readonly Variable?: string;
  readonly And?: readonly ChoiceRule[];
  readonly Or?: readonly ChoiceRule[];
  readonly Not?: ChoiceRule;
  readonly Condition?: string | boolean;
  readonly Next?: string;
  readonly Assign?: JsonObject;
  readonly Output?: Json;
  /** The comparison operators (`StringEquals`, `NumericLessThanPath`, `IsPresent`, `StringMatches`, …). */
  readonly [operator: string]: Json | readonly ChoiceRule[] | ChoiceRule | undefined;
}

export interface WaitState extends StateBase, Transition {
  readonly Type: 'Wait';
  /** A number, or (JSONata) a `{% %}` string. */
  readonly Seconds?: number | string;
  readonly SecondsPath?: string;
  /** An RFC 3339 time, or (JSONata) a `{% %}` string. */
  readonly Timestamp?: string;
  readonly TimestampPath?: string;
}

export interface SucceedState extends StateBase {
  readonly Type: 'Succeed';
}

export interface FailState {
  readonly Type: 'Fail';
  readonly Comment?: string;
  readonly QueryLanguage?: QueryLanguage;
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Cause?: string;
  readonly CausePath?: string;
}

export interface ParallelState extends StateBase, Transition, ResultFields {
  readonly Type: 'Parallel';
  readonly Branches: readonly StateMachineDefinition[];
}

export interface MapState extends StateBase, Transition, ResultFields {
  readonly Type: 'Map';
  /** The item processor; `ProcessorConfig.Mode` `DISTRIBUTED` runs each item as a child execution. */
  readonly ItemProcessor?: StateMachineDefinition & {
    readonly ProcessorConfig?: { readonly Mode?: 'INLINE' | 'DISTRIBUTED'; readonly ExecutionType?: 'STANDARD' | 'EXPRESS' };
  };
  /** The older name of `ItemProcessor` (inline only). */
  readonly Iterator?: StateMachineDefinition;
  readonly ItemsPath?: string;
  /** JSONata: the items, an array or a `{% %}` expression. */
  readonly Items?: Json;
  readonly ItemSelector?: Json;
  readonly ItemReader?: {
    readonly Resource: string;
    readonly ReaderConfig?: JsonObject;
    readonly Parameters?: Json;
    readonly Arguments?: Json;
  };
  readonly ItemBatcher?: JsonObject;
  readonly ResultWriter?: {
    readonly Resource: string;
    readonly Parameters?: Json;
    readonly Arguments?: Json;
    readonly WriterConfig?: JsonObject;
  };
  readonly MaxConcurrency?: number | string;
  readonly MaxConcurrencyPath?: string;
  readonly ToleratedFailurePercentage?: number | string;
  readonly ToleratedFailurePercentagePath?: string;
  readonly ToleratedFailureCount?: number | string;
  readonly ToleratedFailureCountPath?: string;
  readonly Label?: string;
}

/** The query language that applies to a state: its own, else the machine's, else JSONPath. */
export function queryLanguageOf(
  state: { readonly QueryLanguage?: QueryLanguage },
  machine: { readonly QueryLanguage?: QueryLanguage },
): QueryLanguage {
  return state.QueryLanguage ?? machine.QueryLanguage ?? 'JSONPath';
}
