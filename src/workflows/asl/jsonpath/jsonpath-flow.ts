import type { Catcher, ChoiceState, FailState, Json, JsonObject, MapState, State, TaskState, WaitState } from '../asl-types.js';
import type { ChoiceDecision, Completion, DataFlow, MapLimits, StateScope } from '../data-flow.js';
import { StatesError } from '../states-error.js';
import { ruleMatches } from './choice-rules.js';
import { preview } from './path-reader.js';
import { evaluateTemplate } from './payload-template.js';
import { catchOutputOf, completeState, dataWith, effectiveInputOf, evaluateAssign, filteredInput } from './state-io.js';
import { failureOf, mapItemsOf, mapLimitsOf, timeoutsOf, waitEnd } from './state-settings.js';

/**
 * The JSONPath query language of the Amazon States Language (the default): `InputPath`,
 * `Parameters` / `ItemSelector` / `ResultSelector` payload templates with `"key.$"` paths and
 * intrinsic functions, `ResultPath`, `OutputPath`, the context object `$$`, workflow variables
 * `$name`, JSONPath choice rules. Paths are parsed once and cached, templates compiled once per
 * definition object, so a 10,000-item Map pays the parse cost once.
 */
export class JsonPathFlow implements DataFlow {
  readonly language = 'JSONPath' as const;

  async effectiveInput(state: State, scope: StateScope): Promise<Json> {
    return effectiveInputOf(state, scope);
  }

  async complete(state: State, scope: StateScope, result: Json): Promise<Completion> {
    return completeState(state, scope, result);
  }

  async passResult(state: State, scope: StateScope): Promise<Json> {
    if (state.Type === 'Pass' && state.Result !== undefined) return state.Result;
    return effectiveInputOf(state, scope);
  }

  readonly passNow = (state: State & { readonly Type: 'Pass' }, scope: StateScope): Completion =>
    completeState(state, scope, state.Result !== undefined ? state.Result : effectiveInputOf(state, scope));

  /**
   * The first matching rule's `Next`, else `Default`, else `States.NoChoiceMatched`. The output is
   * the effective input through `OutputPath`; the matched rule's `Assign` applies (the state's own
   * when `Default` is taken), reading the effective input as `$`.
   */
  async choose(state: ChoiceState, scope: StateScope): Promise<ChoiceDecision> {
    const input = filteredInput(state, scope);
    const data = dataWith(scope, input);
    const rule = state.Choices.find((candidate) => ruleMatches(candidate, data));
    const next = rule?.Next ?? state.Default;
    if (next === undefined) {
      throw new StatesError(
        'States.NoChoiceMatched',
        `No choice rule matched and there is no Default; the input was ${preview(input)}.`,
      );
    }
    const { output } = completeState({ ...state, Assign: undefined }, scope, input);
    const assign = evaluateAssign(rule ? rule.Assign : state.Assign, data);
    return assign ? { next, output, assign } : { next, output };
  }

  async waitUntil(state: WaitState, scope: StateScope, now: Date): Promise<Date> {
    return waitEnd(state, scope, now);
  }

  async failure(state: FailState, scope: StateScope): Promise<{ readonly error: string; readonly cause: string }> {
    return failureOf(state, scope);
  }

  /** The catcher's `ResultPath` output; its `Assign` reads the error output `{Error, Cause}` as `$`. */
  async catchOutput(catcher: Catcher, _state: State, scope: StateScope, errorOutput: JsonObject): Promise<Completion> {
    const output = catchOutputOf(catcher.ResultPath, scope, errorOutput);
    const assign = evaluateAssign(catcher.Assign, dataWith(scope, errorOutput));
    return assign ? { output, assign } : { output };
  }

  async taskTimeouts(
    state: TaskState,
    scope: StateScope,
  ): Promise<{ readonly timeoutSeconds?: number; readonly heartbeatSeconds?: number }> {
    return timeoutsOf(state, scope);
  }

  async mapItems(state: MapState, scope: StateScope): Promise<readonly Json[]> {
    return mapItemsOf(state, scope);
  }

  /** `ItemSelector` (or the older `Parameters`) over the Map's input with `$$.Map.Item` set; else the item itself. */
  async itemInput(state: MapState, scope: StateScope): Promise<Json> {
    const selector = state.ItemSelector ?? state.Parameters;
    if (selector !== undefined) return evaluateTemplate(selector, dataWith(scope, filteredInput(state, scope)));
    const item = (scope.context.Map as JsonObject | undefined)?.Item as JsonObject | undefined;
    if (!item || !('Value' in item))
      throw new StatesError('States.Runtime', 'The context object has no Map.Item.Value for this Map item.');
    return item.Value!;
  }

  async mapLimits(state: MapState, scope: StateScope): Promise<MapLimits> {
    return mapLimitsOf(state, scope);
  }

  async template(value: Json, scope: StateScope): Promise<Json> {
    return evaluateTemplate(value, scope);
  }
}
