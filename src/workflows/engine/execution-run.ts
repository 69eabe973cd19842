import type { Json, JsonObject, Retrier, State, StateMachineDefinition } from '../asl/asl-types.js';
import { queryLanguageOf } from '../asl/asl-types.js';
import type { DataFlow, StateScope } from '../asl/data-flow.js';
import { errorMatches, StatesError } from '../asl/states-error.js';
import { machineNameOf } from '../workflow-arns.js';
import type { StoredExecution } from '../workflow-catalog.js';
import { isoTime } from './iso-time.js';
import { ExecutionGone, Journal } from './journal.js';
import { payloadText } from './payload.js';
import type { Frame, Progress } from './progress.js';
import { matchRetrier, retryDelayMs } from './retry-policy.js';
import { type RunDeps, RunStop } from './run-deps.js';
import { runState } from './state-handlers.js';

/** What a state did: its output, the state to go to (none: the frame ends) and the variables it assigns. */
export interface Move {
  readonly output: Json;
  readonly next?: string;
  readonly assign?: Readonly<Record<string, Json>>;
}

/**
 * One execution being run: the state loop of each frame, Retry and Catch, and the end of the
 * execution (SUCCEEDED, FAILED, TIMED_OUT or ABORTED, recorded with its last event). A run
 * starts from recorded progress, so a fresh start and a restart are the same code.
 */
export class ExecutionRun {
  readonly journal: Journal;
  readonly controller = new AbortController();
  private readonly base: JsonObject;
  private readonly unclaimed: Map<string, Json>;

  constructor(
    readonly deps: RunDeps,
    readonly execution: StoredExecution,
    readonly definition: StateMachineDefinition,
    /** Progress rows recorded before this run began (empty for children that never started). */
    readonly recorded: ReadonlyMap<string, Json>,
  ) {
    this.journal = new Journal(deps.catalog, execution.executionArn, execution.nextEventId);
    this.unclaimed = new Map(recorded);
    const machineArn = execution.stateMachineArn;
    this.base = {
      Execution: {
        Id: execution.executionArn,
        Input: JSON.parse(execution.input) as Json,
        Name: execution.name,
        RoleArn: execution.roleArn,
        StartTime: execution.startDate.toISOString(),
        RedriveCount: 0,
      },
      StateMachine: { Id: machineArn, Name: machineNameOf(machineArn) ?? machineArn },
    };
  }

  /** A frame's progress recorded before this run began, once: a retried state starts its children afresh. */
  take(frameId: string): Progress | undefined {
    const progress = this.unclaimed.get(frameId);
    this.unclaimed.delete(frameId);
    return progress as unknown as Progress | undefined;
  }

  get arn(): string {
    return this.execution.executionArn;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  flow(state: State): DataFlow {
    return this.deps.flows(queryLanguageOf(state, this.definition));
  }

  /** What expressions of the frame's current state read: input, `$$`, visible variables. */
  scope(f: Frame, extra?: JsonObject): StateScope {
    const p = f.progress;
    let retryCount = 0;
    if (p.retries) for (const n of p.retries) retryCount += n;
    const own = p.vars;
    const variables = own === undefined ? f.outer : isEmpty(f.outer) ? own : { ...f.outer, ...own };
    // Built field by field, not spread: this runs once per state and is on the engine's hot path.
    const context: Record<string, Json> = {
      Execution: this.base.Execution,
      StateMachine: this.base.StateMachine,
      State: { EnteredTime: p.entered, Name: p.state, RetryCount: retryCount },
    };
    if (f.context) Object.assign(context, f.context);
    if (extra) Object.assign(context, extra);
    return { input: p.input, context, variables };
  }

  /** Runs the whole execution to its end, recording it. Resolves when the run is over (whatever the outcome). */
  async run(): Promise<void> {
    const root: Frame = {
      id: '',
      machine: this.definition,
      progress: this.take('') as Progress,
      outer: {},
      signal: this.controller.signal,
    };
    try {
      const output = await this.runFrame(root);
      const text = payloadText(output, 'execution output');
      this.journal.event(root, this.now(), 'ExecutionSucceeded', { output: text });
      await this.journal.commit({ status: 'SUCCEEDED', at: this.now(), output: text });
    } catch (err) {
      await this.finish(root, err);
    }
  }

  private async finish(root: Frame, err: unknown): Promise<void> {
    const at = this.now();
    const stop =
      err instanceof RunStop ? err : this.controller.signal.reason instanceof RunStop ? this.controller.signal.reason : undefined;
    if (err instanceof ExecutionGone || stop?.kind === 'closing') return;
    const failure = (type: string, status: 'FAILED' | 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string) => {
      const details = { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
      this.journal.event(root, at, type, details);
      return this.journal.commit({ status, at, error, cause });
    };
    try {
      if (stop?.kind === 'aborted') await failure('ExecutionAborted', 'ABORTED', stop.error, stop.causeText);
      else if (stop?.kind === 'timed-out') await failure('ExecutionTimedOut', 'TIMED_OUT', stop.error, stop.causeText);
      else if (err instanceof StatesError) await failure('ExecutionFailed', 'FAILED', err.error, err.causeText);
      else {
        this.deps.log(`workflows: execution ${this.arn} failed in the engine: ${(err as Error)?.stack ?? err}`);
        await failure('ExecutionFailed', 'FAILED', 'States.Runtime', `Godwit's engine failed: ${(err as Error)?.message ?? err}`);
      }
    } catch (again) {
      if (!(again instanceof ExecutionGone)) this.deps.log(`workflows: cannot record the end of ${this.arn}: ${again}`);
    }
  }

  /** Runs a frame's states from its recorded progress to its end: its output, or the unhandled StatesError. */
  async runFrame(f: Frame): Promise<Json> {
    for (;;) {
      if (f.signal.aborted) throw f.signal.reason;
      const state = f.machine.States[f.progress.state];
      const passed = state.Type === 'Pass' ? this.passNow(f, state) : undefined;
      const move = passed ?? (await this.runOrCatch(f, state));
      const now = this.now();
      // A Pass completed at once ran only the data flow, which never modifies its input, so when its
      // output is the input object, its text is the one the entry recorded. (A Task's code might have.)
      const reused = passed && move.output === f.progress.input ? f.inputText : undefined;
      const text = reused ?? this.outputText(f, move.output);
      this.journal.stateEvent(f, now, EXITED[state.Type], f.progress.state, 'output', text);
      const vars = move.assign && !isEmpty(move.assign) ? { ...f.progress.vars, ...move.assign } : f.progress.vars;
      if (move.next === undefined) {
        if (vars) f.progress = { ...f.progress, vars };
        return move.output;
      }
      this.enter(f, move.next, move.output, text, f.progress.step + 1, vars, now);
      if (this.journal.due) await this.journal.commit();
    }
  }

  private outputText(f: Frame, output: Json): string {
    try {
      return payloadText(output, 'state output');
    } catch (err) {
      throw err instanceof StatesError ? located(err, f) : err;
    }
  }

  /** Records entering `name` with `input` and makes it the frame's progress. */
  enter(f: Frame, name: string, input: Json, inputText: string, step: number, vars?: Progress['vars'], now = this.now()): void {
    const state = f.machine.States[name];
    if (!state) throw new StatesError('States.Runtime', `The state "${name}" does not exist in the definition.`);
    const entry = this.journal.stateEvent(f, now, ENTERED[state.Type], name, 'input', inputText);
    const entered = isoTime(now);
    const progress: Progress = vars
      ? { state: name, input, step, entered, entry, last: f.progress.last, vars }
      : { state: name, input, step, entered, entry, last: f.progress.last };
    this.journal.put(f, progress);
    f.inputText = inputText;
  }

  /** A Pass state (it has no Retry or Catch) completed at once, when its query language allows (else undefined). */
  private passNow(f: Frame, state: State & { readonly Type: 'Pass' }): Move | undefined {
    const flow = this.flow(state);
    if (!flow.passNow) return undefined;
    try {
      const { output, assign } = flow.passNow(state, this.scope(f));
      const next = state.End ? undefined : state.Next;
      return assign ? { output, next, assign } : { output, next };
    } catch (thrown) {
      throw thrown instanceof StatesError ? located(thrown, f) : thrown;
    }
  }

  private async runOrCatch(f: Frame, state: State): Promise<Move> {
    try {
      return await runState(this, f, state);
    } catch (thrown) {
      if (!(thrown instanceof StatesError) || f.signal.aborted) throw thrown;
      const err = located(thrown, f);
      const catcher = 'Catch' in state ? state.Catch?.find((c) => errorMatches(c.ErrorEquals, err.error)) : undefined;
      if (!catcher) throw err;
      const errorOutput = { Error: err.error, Cause: err.causeText };
      const caught = await this.flow(state).catchOutput(catcher, state, this.scope(f), errorOutput);
      this.journal.put(f, { ...f.progress, phase: undefined, retries: undefined });
      return { output: caught.output, next: catcher.Next, assign: caught.assign };
    }
  }

  /**
   * Runs `attempt` under the state's `Retry`: a matching retrier with attempts left records the
   * retry (its counter and the time it is due) before sleeping, so both survive a restart.
   */
  async withRetry(f: Frame, retriers: readonly Retrier[] | undefined, attempt: () => Promise<Json>): Promise<Json> {
    for (;;) {
      const phase = f.progress.phase;
      if (phase?.kind === 'retry') {
        await this.sleepUntil(new Date(phase.until), f.signal);
        this.journal.put(f, { ...f.progress, phase: undefined });
      }
      try {
        return await attempt();
      } catch (err) {
        if (!(err instanceof StatesError) || f.signal.aborted) throw err;
        const counts = f.progress.retries ?? [];
        const match = matchRetrier(retriers, err.error, counts);
        if (!match) throw err;
        const count = counts[match.index] ?? 0;
        const until = new Date(this.now().getTime() + retryDelayMs(match.retrier, count, this.deps.random));
        const retries = [...counts];
        for (let i = 0; i <= match.index; i++) retries[i] ??= 0;
        retries[match.index] = count + 1;
        this.journal.put(f, { ...f.progress, retries, phase: { kind: 'retry', until: until.toISOString(), attempt: count + 1 } });
        await this.journal.commit();
      }
    }
  }

  /** Sleeps on the engine's clock until `until` (at once when past); rejects when `signal` aborts. */
  async sleepUntil(until: Date, signal: AbortSignal): Promise<void> {
    const ms = until.getTime() - this.now().getTime();
    if (signal.aborted) throw signal.reason;
    if (ms > 0) await this.deps.clock.sleep(ms, signal);
  }
}

/** Errors of a state's own data processing, whose cause Step Functions prefixes with the state. */
const DATA_ERRORS = new Set([
  'States.Runtime',
  'States.QueryEvaluationError',
  'States.IntrinsicFailure',
  'States.DataLimitExceeded',
  'States.ResultPathMatchFailure',
  'States.ParameterPathFailure',
]);

/** "An error occurred while executing the state 'X' (entered at the event id #N). <cause>" */
function located(err: StatesError, f: Frame): StatesError {
  if (!DATA_ERRORS.has(err.error) || err.causeText.startsWith('An error occurred while executing the state')) return err;
  const at = f.progress.entry === undefined ? '' : ` (entered at the event id #${f.progress.entry})`;
  return new StatesError(err.error, `An error occurred while executing the state '${f.progress.state}'${at}. ${err.causeText}`);
}

const isEmpty = (o: object) => {
  for (const _ in o) return false;
  return true;
};

const TYPES = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
/** `PassStateEntered`, `MapStateExited`, …: made once, not per event. */
const ENTERED = Object.fromEntries(TYPES.map((t) => [t, `${t}StateEntered`])) as Record<State['Type'], string>;
const EXITED = Object.fromEntries(TYPES.map((t) => [t, `${t}StateExited`])) as Record<State['Type'], string>;
