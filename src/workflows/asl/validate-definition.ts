import type { QueryLanguage, StateMachineDefinition } from './asl-types.js';
import { AslDefinitionError, type AslProblem } from './validate/asl-problem.js';
import { aslValidatorProblems } from './validate/asl-validator-checks.js';
import { containersOf, isObj, type Obj, statesOf } from './validate/asl-walk.js';
import { jsonPathProblems } from './validate/jsonpath-checks.js';
import { languageProblems } from './validate/language-checks.js';
import { structureProblems } from './validate/structure-checks.js';

/**
 * Parses and checks a state machine definition before Godwit accepts it (CreateStateMachine,
 * UpdateStateMachine, `godwit workflows run`), recursively into Parallel branches and Map item
 * processors. Godwit's own checks (the graph: targets, `Next`/`End`, reachability, a terminal
 * state, `ErrorEquals`; the query language: fields of the other language, every JSONata
 * expression compiled and checked for context references) run first, then the `asl-validator`
 * package's schemas (field shapes, JSONPath paths and intrinsic calls, ARNs) and checks. All
 * problems are reported at once, each naming its state and field, as one `AslDefinitionError`
 * (`E_ASL_INVALID`) whose message is Step Functions' `InvalidDefinition` text.
 *
 * ```ts
 * validateDefinition('{"StartAt":"A","States":{"A":{"Type":"Pass"}}}');
 * // throws: Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: State "A" has neither
 * //   'Next' nor 'End: true' at /States/A'
 * ```
 */
export function validateDefinition(text: string): StateMachineDefinition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new AslDefinitionError([{ code: 'INVALID_JSON_DESCRIPTION', message: (err as Error).message, location: '/' }]);
  }
  if (!isObj(parsed)) {
    throw new AslDefinitionError([
      { code: 'SCHEMA_VALIDATION_FAILED', message: 'A state machine definition must be a JSON object', location: '/' },
    ]);
  }
  const problems = ownProblems(parsed);
  problems.push(...packageProblems(parsed, problems));
  if (problems.length > 0) throw new AslDefinitionError(problems);
  return parsed as unknown as StateMachineDefinition;
}

function ownProblems(definition: Obj): AslProblem[] {
  const language: QueryLanguage = definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const problems: AslProblem[] = [];
  for (const container of containersOf(definition)) {
    problems.push(...structureProblems(container, language));
    if (container.location !== '' && 'QueryLanguage' in (resolve(definition, container.location) ?? {})) {
      problems.push({
        code: 'SCHEMA_VALIDATION_FAILED',
        message: "Field 'QueryLanguage' is not supported here: set it on the states, or on the whole state machine",
        location: container.location,
      });
    }
    for (const entry of statesOf(container, language))
      problems.push(...languageProblems(entry, language), ...jsonPathProblems(entry));
  }
  return problems;
}

/** The object at a JSON pointer this module built (no escapes beyond `~0`/`~1`). */
function resolve(root: Obj, location: string): Obj | undefined {
  let at: unknown = root;
  for (const raw of location.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    at = Array.isArray(at) ? at[Number(key)] : isObj(at) ? at[key] : undefined;
  }
  return isObj(at) ? at : undefined;
}

/** Checks Godwit makes itself, more precisely; the package's reports of them would only repeat ours. */
const COVERED = new Set([
  'MISSING_TRANSITION_TARGET',
  'TERMINAL_STATE_WITH_NEXT',
  'MISSING_TERMINAL_STATE',
  'BRANCH_OUTBOUND_TRANSITION_TARGET',
  'MAP_OUTBOUND_TRANSITION_TARGET',
]);

/** The state a pointer falls in (`/States/A/Branches/0/States/B/Next` → `/States/A/Branches/0/States/B`). */
function stateOf(location: string): string {
  const m = /^(.*\/States\/[^/]+)/.exec(location);
  return m ? m[1] : location;
}

/**
 * The package's problems that add to ours: none of its kinds Godwit covers, none about a state
 * Godwit already faulted (its schema then reports knock-on `oneOf` failures), and no "Type is
 * invalid" beside a more specific problem of the same state.
 */
function packageProblems(definition: Obj, own: readonly AslProblem[]): AslProblem[] {
  const faulted = new Set(own.map((p) => stateOf(p.location)));
  const found = aslValidatorProblems(definition).filter((p) => !COVERED.has(p.code) && !faulted.has(stateOf(p.location)));
  return found.filter(
    (p) => !p.location.endsWith('/Type') || !found.some((q) => q !== p && stateOf(q.location) === stateOf(p.location)),
  );
}
