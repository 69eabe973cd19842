import type {
  Catcher,
  ChoiceRule,
  ChoiceState,
  FailState,
  Json,
  JsonObject,
  MapState,
  State,
  TaskState,
  WaitState,
} from '../asl-types.js';
import type { ChoiceDecision, Completion, DataFlow, MapLimits, StateScope } from '../data-flow.js';
import { StatesError } from '../states-error.js';
import { type Bindings, evaluateExpression, isExpression, queryError } from './jsonata-expression.js';
import {
  checkPayloadSize,
  NON_NEGATIVE_INTEGER,
  numberField,
  PERCENTAGE,
  POSITIVE_INTEGER,
  parseTimestamp,
  stringField,
} from './jsonata-fields.js';
import { evaluateTemplate, hasExpression } from './jsonata-template.js';

/** What `$states` holds besides `input` and `context`: the work's result, or (in a Catch) the error. */
interface StatesExtra {
  readonly result?: Json;
  readonly errorOutput?: JsonObject;
}

function bindings(scope: StateScope, extra: StatesExtra = {}): Bindings {
  return { ...scope.variables, states: { input: scope.input, context: scope.context, ...extra } };
}

/** Task, Parallel and Map do work whose result `$states.result` names; the others pass their input on. */
function hasResult(state: State): boolean {
  return state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map';
}

/**
 * Evaluates an `Assign` block. Every value reads the variables as they were on state entry (the
 * bindings given), never another value of the same block, so `{x: $y, y: $x}` swaps.
 */
async function assign(block: JsonObject | undefined, vars: Bindings, field: string): Promise<Record<string, Json> | undefined> {
  if (block === undefined) return undefined;
  const out: Record<string, Json> = {};
  for (const [name, value] of Object.entries(block)) out[name] = await evaluateTemplate(value, vars, `${field}/${name}`);
  if (hasExpression(block)) checkPayloadSize(out, `Assign of '${field}'`);
  return out;
}

async function completion(
  output: Json | undefined,
  fallback: Json,
  block: JsonObject | undefined,
  vars: Bindings,
  prefix: string,
  input: Json,
): Promise<Completion> {
  const value = output === undefined ? fallback : await evaluateTemplate(output, vars, `${prefix}Output`);
  if (value !== input) checkPayloadSize(value, 'state output');
  const assigned = await assign(block, vars, `${prefix}Assign`);
  return assigned === undefined ? { output: value } : { output: value, assign: assigned };
}

/**
 * JSONata's data flow (`QueryLanguage: JSONata`): `Arguments` is what a Task or Parallel gets,
 * `Output` what the state leaves (default: a Task's, Parallel's or Map's result, any other
 * state's input), `Assign` sets variables, all with `$states` = {input, context, result,
 * errorOutput} and the variables bound as `$name`. Expressions fail with
 * `States.QueryEvaluationError` naming the field; outputs over 256 KiB with
 * `States.DataLimitExceeded`.
 *
 * For a Choice state, `choose` returns the state's final output and variables (the matched rule's
 * `Output`/`Assign`, or on the Default path the state's own), so the engine does not also call
 * `complete` for it.
 */
export class JsonataFlow implements DataFlow {
  readonly language = 'JSONata' as const;

  /** A Task's or Parallel's `Arguments`; without it, the state input (as a Parallel's branches get). */
  async effectiveInput(state: State, scope: StateScope): Promise<Json> {
    if (state.Type !== 'Task' && state.Type !== 'Parallel') return scope.input;
    if (state.Arguments === undefined) return scope.input;
    const args = await evaluateTemplate(state.Arguments, bindings(scope), 'Arguments');
    if (args !== state.Arguments) checkPayloadSize(args, 'state Arguments');
    return args;
  }

  async complete(state: State, scope: StateScope, result: Json): Promise<Completion> {
    if (state.Type === 'Fail') return { output: result };
    if (state.Output === undefined && state.Assign === undefined) {
      if (result !== scope.input) checkPayloadSize(result, 'state output');
      return { output: result };
    }
    const vars = bindings(scope, hasResult(state) ? { result } : {});
    return completion(state.Output, result, state.Assign, vars, '', scope.input);
  }

  /** JSONata has no `Result`: a Pass state's result is its input, shaped by `Output` in `complete`. */
  async passResult(_state: State, scope: StateScope): Promise<Json> {
    return scope.input;
  }

  async choose(state: ChoiceState, scope: StateScope): Promise<ChoiceDecision> {
    const vars = bindings(scope);
    for (let i = 0; i < state.Choices.length; i++) {
      const rule = state.Choices[i];
      if (!(await condition(rule, vars, `Choices[${i}]/Condition`))) continue;
      const done = await completion(rule.Output, scope.input, rule.Assign, vars, `Choices[${i}]/`, scope.input);
      return { ...done, next: rule.Next as string };
    }
    if (state.Default === undefined) {
      const name = (scope.context.State as JsonObject | undefined)?.Name;
      throw new StatesError(
        'States.NoChoiceMatched',
        `No Choice rule matched the input of state ${JSON.stringify(name ?? '')} and it has no Default.`,
      );
    }
    const done = await completion(state.Output, scope.input, state.Assign, vars, '', scope.input);
    return { ...done, next: state.Default };
  }

  async waitUntil(state: WaitState, scope: StateScope, now: Date): Promise<Date> {
    const vars = bindings(scope);
    const seconds = await numberField(state.Seconds, vars, 'Seconds', NON_NEGATIVE_INTEGER);
    if (seconds !== undefined) return new Date(now.getTime() + seconds * 1000);
    const text = await stringField(state.Timestamp, vars, 'Timestamp');
    const when = text === undefined ? undefined : parseTimestamp(text);
    if (when) return when;
    const detail = `returned ${JSON.stringify(text)}, which is not an RFC 3339 timestamp.`;
    if (isExpression(state.Timestamp)) throw queryError(state.Timestamp, 'Timestamp', detail);
    throw new StatesError('States.Runtime', `The Wait state has no valid Seconds or Timestamp (${JSON.stringify(text)}).`);
  }

  async failure(state: FailState, scope: StateScope): Promise<{ readonly error: string; readonly cause: string }> {
    const vars = bindings(scope);
    const error = (await stringField(state.Error, vars, 'Error')) ?? '';
    const cause = (await stringField(state.Cause, vars, 'Cause')) ?? '';
    return { error, cause };
  }

  async catchOutput(catcher: Catcher, state: State, scope: StateScope, errorOutput: JsonObject): Promise<Completion> {
    const index = 'Catch' in state && state.Catch ? state.Catch.indexOf(catcher) : -1;
    const vars = bindings(scope, { errorOutput });
    return completion(catcher.Output, errorOutput, catcher.Assign, vars, `Catch[${index}]/`, scope.input);
  }

  async taskTimeouts(state: TaskState, scope: StateScope): Promise<{ timeoutSeconds?: number; heartbeatSeconds?: number }> {
    const vars = bindings(scope);
    const timeoutSeconds = await numberField(state.TimeoutSeconds, vars, 'TimeoutSeconds', POSITIVE_INTEGER);
    const heartbeatSeconds = await numberField(state.HeartbeatSeconds, vars, 'HeartbeatSeconds', POSITIVE_INTEGER);
    return { timeoutSeconds, heartbeatSeconds };
  }

  /**
   * `Items` (an array, an object whose values are the items, or an expression yielding either);
   * without it, the state input, which must then be an array.
   */
  async mapItems(state: MapState, scope: StateScope): Promise<readonly Json[]> {
    const raw = state.Items === undefined ? scope.input : await evaluateTemplate(state.Items, bindings(scope), 'Items');
    if (Array.isArray(raw)) return raw;
    if (raw !== null && typeof raw === 'object') return Object.values(raw);
    const detail = `returned ${JSON.stringify(raw)}, but an array or an object is required.`;
    if (isExpression(state.Items)) throw queryError(state.Items, 'Items', detail);
    const where = state.Items === undefined ? 'The Map state input' : "The field 'Items'";
    throw new StatesError('States.Runtime', `${where} is ${JSON.stringify(raw)}, but an array or an object is required.`);
  }

  /** `ItemSelector` with `$states.context.Map.Item` set by the engine; without it, the item itself. */
  async itemInput(state: MapState, scope: StateScope): Promise<Json> {
    if (state.ItemSelector === undefined) {
      const item = (scope.context.Map as JsonObject | undefined)?.Item as JsonObject | undefined;
      return item?.Value ?? null;
    }
    return evaluateTemplate(state.ItemSelector, bindings(scope), 'ItemSelector');
  }

  async mapLimits(state: MapState, scope: StateScope): Promise<MapLimits> {
    const vars = bindings(scope);
    const maxConcurrency = (await numberField(state.MaxConcurrency, vars, 'MaxConcurrency', NON_NEGATIVE_INTEGER)) ?? 0;
    const toleratedFailurePercentage = await numberField(
      state.ToleratedFailurePercentage,
      vars,
      'ToleratedFailurePercentage',
      PERCENTAGE,
    );
    const toleratedFailureCount = await numberField(
      state.ToleratedFailureCount,
      vars,
      'ToleratedFailureCount',
      NON_NEGATIVE_INTEGER,
    );
    return { maxConcurrency, toleratedFailurePercentage, toleratedFailureCount };
  }

  async template(value: Json, scope: StateScope): Promise<Json> {
    return evaluateTemplate(value, bindings(scope), 'Arguments');
  }
}

/** A rule's `Condition`: a boolean, or an expression that must yield one. */
async function condition(rule: ChoiceRule, vars: Bindings, field: string): Promise<boolean> {
  const raw = rule.Condition;
  if (typeof raw === 'boolean') return raw;
  if (!isExpression(raw)) {
    throw new StatesError(
      'States.Runtime',
      `The field '${field}' is ${JSON.stringify(raw)}, but a {% %} expression or a boolean is required.`,
    );
  }
  const value = await evaluateExpression(raw, vars, field);
  if (typeof value === 'boolean') return value;
  throw queryError(raw, field, `returned ${JSON.stringify(value)}, but a boolean is required.`);
}
