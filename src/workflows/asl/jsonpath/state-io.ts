import type { Json, JsonObject, State } from '../asl-types.js';
import type { StateScope } from '../data-flow.js';
import { StatesError } from '../states-error.js';
import { type PathData, requirePath } from './path-reader.js';
import { checkPayload } from './payload-limit.js';
import { evaluateTemplate } from './payload-template.js';
import { applyResultPath } from './result-path.js';

/** The scope with another document as `$` (the filtered input, a task's result, an error output). */
export function dataWith(scope: StateScope, input: Json): PathData {
  return { input, context: scope.context, variables: scope.variables };
}

/** `InputPath` of the raw input: absent keeps it, `null` gives `{}`, a path selecting nothing is `States.Runtime`. */
export function filteredInput(state: State, scope: StateScope): Json {
  const path = 'InputPath' in state ? state.InputPath : undefined;
  if (path === undefined) return scope.input;
  if (path === null) return {};
  return requirePath(path, scope, 'InputPath');
}

/** `InputPath` then `Parameters` (Task, Pass, Parallel; a Map's `Parameters` apply per item). */
export function effectiveInputOf(state: State, scope: StateScope): Json {
  const input = filteredInput(state, scope);
  const parameters = state.Type === 'Map' || !('Parameters' in state) ? undefined : state.Parameters;
  if (parameters === undefined) return input;
  // Only a template can make the input larger than the raw input, which was checked as an output.
  return checkPayload(evaluateTemplate(parameters, dataWith(scope, input)), 'input');
}

const HAS_RESULT = new Set(['Task', 'Pass', 'Parallel', 'Map']);

/**
 * `ResultSelector` (Task, Parallel, Map), `ResultPath` into the raw input, `OutputPath`; and the
 * state's `Assign`, whose `$` is the (selected) result, as in Step Functions' JSONPath states.
 * Choice, Wait and Succeed have no result: `result` is their effective input and passes on.
 */
export function completeState(state: State, scope: StateScope, result: Json): { output: Json; assign?: Record<string, Json> } {
  let combined = result;
  let selected = result;
  if (HAS_RESULT.has(state.Type)) {
    const selector = state.Type === 'Pass' || !('ResultSelector' in state) ? undefined : state.ResultSelector;
    if (selector !== undefined) selected = evaluateTemplate(selector, dataWith(scope, result));
    const resultPath = 'ResultPath' in state ? state.ResultPath : undefined;
    combined =
      resultPath === undefined
        ? selected
        : resultPath === null
          ? scope.input
          : applyResultPath(resultPath, scope.input, selected);
  }
  const outputPath = 'OutputPath' in state ? state.OutputPath : undefined;
  const output =
    outputPath === undefined
      ? combined
      : outputPath === null
        ? {}
        : requirePath(outputPath, dataWith(scope, combined), 'OutputPath');
  // The raw input passed on as it is was checked when the engine recorded it (as an output or the execution's input).
  if (output !== scope.input) checkPayload(output, 'output');
  const assign = 'Assign' in state ? evaluateAssign(state.Assign, dataWith(scope, selected)) : undefined;
  return assign ? { output, assign } : { output };
}

/**
 * An `Assign` block: each field names a variable (a name, never a path such as `x.y`); values
 * are payload templates, so `"x.$": "$.a"` reads the state's result and literals are kept.
 */
export function evaluateAssign(assign: JsonObject | undefined, data: PathData): Record<string, Json> | undefined {
  if (assign === undefined) return undefined;
  const values = evaluateTemplate(assign, data) as Record<string, Json>;
  for (const name of Object.keys(values)) {
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) {
      throw new StatesError(
        'States.Runtime',
        `"${name}" cannot be assigned: a variable name has letters, digits and "_" and does not start with a digit.`,
      );
    }
  }
  checkPayload(values, 'assigned variables');
  return values;
}

/** A catcher's `ResultPath` puts `{Error, Cause}` into the raw input (the whole output when absent, the input for null). */
export function catchOutputOf(resultPath: string | null | undefined, scope: StateScope, errorOutput: JsonObject): Json {
  if (resultPath === undefined) return errorOutput;
  if (resultPath === null) return scope.input;
  return checkPayload(applyResultPath(resultPath, scope.input, errorOutput, 'Catch ResultPath'), 'output');
}
