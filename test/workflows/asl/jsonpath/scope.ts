import type { Json, JsonObject, State } from '../../../../src/workflows/asl/asl-types.js';
import type { StateScope } from '../../../../src/workflows/asl/data-flow.js';
import { StatesError } from '../../../../src/workflows/asl/states-error.js';

/** A state scope for tests: the input, a context object naming the state, and variables. */
export function scopeOf(input: Json, options: { context?: JsonObject; variables?: Record<string, Json> } = {}): StateScope {
  return { input, context: options.context ?? { State: { Name: 'S' } }, variables: options.variables ?? {} };
}

/** A state from a definition fragment (tests write only the fields that matter). */
export function stateOf(fragment: Record<string, unknown>): State {
  return fragment as unknown as State;
}

/** Asserts that `run` fails with the Step Functions error `name`, returning the error for more checks. */
export async function statesErrorOf(run: () => unknown): Promise<StatesError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof StatesError) return error;
    throw error;
  }
  throw new Error('expected a StatesError, but the call succeeded');
}
