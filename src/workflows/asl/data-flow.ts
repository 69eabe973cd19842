import type {
  Catcher,
  ChoiceState,
  FailState,
  Json,
  JsonObject,
  MapState,
  QueryLanguage,
  State,
  TaskState,
  WaitState,
} from './asl-types.js';

/**
 * What a state sees when it runs: its raw input, the context object and the workflow variables
 * visible at state entry. Every expression in a state reads this snapshot, so an `Assign` of the
 * same state never sees its own new values (Step Functions: "variables take effect when the state
 * completes").
 */
export interface StateScope {
  /** The state's raw input (the previous state's output). */
  readonly input: Json;
  /**
   * The context object: `$$` in JSONPath, `$states.context` in JSONata. Shape as Step Functions
   * documents it: `Execution` {Id, Input, Name, RoleArn, StartTime, RedriveCount}, `State`
   * {EnteredTime, Name, RetryCount}, `StateMachine` {Id, Name}, `Task` {Token} for a
   * `.waitForTaskToken` task, `Map.Item` {Index, Value} inside an item processor.
   */
  readonly context: JsonObject;
  /** Workflow variables visible here: the state's own scope over its outer scopes. */
  readonly variables: Readonly<Record<string, Json>>;
}

/** What a state leaves behind: its output and the variables it assigns (none when absent). */
export interface Completion {
  readonly output: Json;
  readonly assign?: Readonly<Record<string, Json>>;
}

/** A Choice state's decision: the next state, and (JSONata) the matched rule's output and variables. */
export interface ChoiceDecision extends Completion {
  readonly next: string;
}

export interface MapLimits {
  /** 0 means no limit. */
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage?: number;
  readonly toleratedFailureCount?: number;
}

/**
 * One query language's input and output processing (JSONPath: InputPath, Parameters,
 * ResultSelector, ResultPath, OutputPath, intrinsic functions; JSONata: Arguments, Output,
 * `{% %}` expressions, `$states`). The engine decides *when* each step happens (entering a
 * state, a task's result, a retry, a catch); a `DataFlow` decides *what* the data is. Both
 * languages handle `Assign`.
 *
 * Every method is pure with respect to the execution (no I/O, no clock but `now` given), and
 * throws a `StatesError` with Step Functions' error name for data it cannot process:
 * `States.Runtime` (a path that selects nothing, a `ResultPath` into a non-object, an output
 * over 256 KiB is `States.DataLimitExceeded`), `States.QueryEvaluationError` (a JSONata
 * expression that fails or yields no value), `States.IntrinsicFailure` (an intrinsic's
 * arguments), `States.NoChoiceMatched` (a Choice without a match or Default).
 */
export interface DataFlow {
  readonly language: QueryLanguage;

  /**
   * The input a Task resource, a Parallel's branches or a Pass's result template get: JSONPath
   * `InputPath` then `Parameters`; JSONata `Arguments` (the raw input when absent for Parallel,
   * nothing (`{}`) for a Task without Arguments... as Step Functions does).
   */
  effectiveInput(state: State, scope: StateScope): Promise<Json>;

  /**
   * The state's output once its work produced `result` (a Task's or Pass's result, a Parallel's
   * or Map's array of outputs; for Wait, Succeed and Choice the effective input): JSONPath
   * `ResultSelector`, `ResultPath`, `OutputPath`; JSONata `Output` with `$states.result`. Also
   * evaluates `Assign` (reading `$states.result` in JSONata, the result in JSONPath's `Assign`).
   */
  complete(state: State, scope: StateScope, result: Json): Promise<Completion>;

  /** A Pass state's result before `complete`: its `Result`, else the effective input. */
  passResult(state: State, scope: StateScope): Promise<Json>;

  /**
   * A Pass state's whole completion (`passResult` then `complete`) without awaiting, for a
   * language that never needs to (JSONPath; JSONata's evaluator is asynchronous): a chain of Pass
   * states is the engine's tightest loop, and two awaits a state were a large part of it.
   */
  readonly passNow?: (state: State & { readonly Type: 'Pass' }, scope: StateScope) => Completion;

  /** Evaluates a Choice state's rules in order. */
  choose(state: ChoiceState, scope: StateScope): Promise<ChoiceDecision>;

  /** When a Wait state ends: `Seconds`/`SecondsPath` after `now`, or `Timestamp`/`TimestampPath`. */
  waitUntil(state: WaitState, scope: StateScope, now: Date): Promise<Date>;

  /** A Fail state's error name and cause (`Error`/`ErrorPath`, `Cause`/`CausePath`). */
  failure(state: FailState, scope: StateScope): Promise<{ readonly error: string; readonly cause: string }>;

  /**
   * The output and variables a catcher hands to its `Next`. `errorOutput` is Step Functions'
   * error output `{ "Error": name, "Cause": text }`: JSONPath puts it at the catcher's
   * `ResultPath` in the raw input (the whole output when absent); JSONata's `Output` reads it as
   * `$states.errorOutput`.
   */
  catchOutput(catcher: Catcher, state: State, scope: StateScope, errorOutput: JsonObject): Promise<Completion>;

  /** A Task's `TimeoutSeconds`/`TimeoutSecondsPath` and `HeartbeatSeconds`/`HeartbeatSecondsPath`. */
  taskTimeouts(
    state: TaskState,
    scope: StateScope,
  ): Promise<{ readonly timeoutSeconds?: number; readonly heartbeatSeconds?: number }>;

  /** An inline Map's items: JSONPath `ItemsPath` of the effective input, JSONata `Items`. Not an array is `States.Runtime`. */
  mapItems(state: MapState, scope: StateScope): Promise<readonly Json[]>;

  /** One item's input to the item processor: `ItemSelector` (or `Parameters`) with `$$.Map.Item` set in `scope.context`, else the item. */
  itemInput(state: MapState, scope: StateScope): Promise<Json>;

  mapLimits(state: MapState, scope: StateScope): Promise<MapLimits>;

  /**
   * A payload template on its own (an `ItemReader`'s or `ResultWriter`'s `Parameters` /
   * `Arguments`, a Task's `Credentials`): JSONPath `"key.$"` fields evaluated against the effective
   * input, JSONata `{% %}` strings against `$states`.
   */
  template(value: Json, scope: StateScope): Promise<Json>;
}
