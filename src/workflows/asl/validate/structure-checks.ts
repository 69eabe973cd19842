import type { QueryLanguage } from '../asl-types.js';
import { STATES_ERRORS } from '../states-error.js';
import type { AslProblem } from './asl-problem.js';
import { type Container, isObj, type StateEntry, statesOf, transitionsOf } from './asl-walk.js';

/**
 * The graph of one container: `StartAt` and every `Next` / `Default` / Catch `Next` name a state
 * of the same container, every state but Choice / Succeed / Fail has exactly one of `Next` and
 * `End: true`, every state is reachable from `StartAt`, some state ends the machine, and
 * `ErrorEquals` lists are well formed (`States.ALL` alone and in the last retrier or catcher).
 */
export function structureProblems(container: Container, machineLanguage: QueryLanguage): AslProblem[] {
  const problems: AslProblem[] = [];
  const names = new Set(Object.keys(container.states));
  if (names.size === 0) {
    problems.push({
      code: 'SCHEMA_VALIDATION_FAILED',
      message: 'A state machine needs at least one state in States',
      location: `${container.location}/States`,
    });
    return problems;
  }
  if (typeof container.startAt !== 'string' || !names.has(container.startAt)) {
    const shown = JSON.stringify(container.startAt ?? null);
    problems.push({
      code: 'MISSING_TRANSITION_TARGET',
      message: `Missing 'StartAt' target: ${shown} names no state here`,
      location: `${container.location}/StartAt`,
    });
  }
  const entries = statesOf(container, machineLanguage);
  for (const entry of entries)
    problems.push(...requiredProblems(entry), ...transitionProblems(entry, names), ...errorEqualsProblems(entry));
  // With no valid StartAt every state would be "unreachable": that problem is already reported.
  if (typeof container.startAt === 'string' && names.has(container.startAt))
    problems.push(...reachabilityProblems(container, entries));
  if (!entries.some((e) => e.state.End === true || e.state.Type === 'Succeed' || e.state.Type === 'Fail')) {
    problems.push({
      code: 'MISSING_END_STATE',
      message: 'No state ends this state machine (End: true, a Succeed or a Fail state)',
      location: container.location || '/',
    });
  }
  return problems;
}

const NO_TRANSITION = new Set(['Choice', 'Succeed', 'Fail']);
const TYPES = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);

/** The fields a state's type cannot do without (the package's schema reports these only as a failed `oneOf`). */
function requiredProblems({ name, state, location }: StateEntry): AslProblem[] {
  const need = (why: string): AslProblem[] => [{ code: 'SCHEMA_VALIDATION_FAILED', message: `State "${name}" ${why}`, location }];
  if (!TYPES.has(String(state.Type)))
    return need(`has Type ${JSON.stringify(state.Type ?? null)}: use one of ${[...TYPES].join(', ')}`);
  if (state.Type === 'Task' && typeof state.Resource !== 'string') return need("is a Task without a 'Resource'");
  if (state.Type === 'Parallel' && (!Array.isArray(state.Branches) || state.Branches.length === 0))
    return need("is a Parallel state without 'Branches'");
  if (state.Type === 'Map' && !isObj(state.ItemProcessor) && !isObj(state.Iterator))
    return need("is a Map state without an 'ItemProcessor'");
  return [];
}

function transitionProblems(entry: StateEntry, names: ReadonlySet<string>): AslProblem[] {
  const { name, state, location } = entry;
  const problems: AslProblem[] = [];
  const hasNext = state.Next !== undefined;
  const ends = state.End === true;
  if (NO_TRANSITION.has(String(state.Type))) {
    if (hasNext || state.End !== undefined) {
      problems.push({
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `State "${name}" is a ${state.Type} state, which takes neither 'Next' nor 'End'`,
        location,
      });
    }
  } else if (!hasNext && !ends) {
    problems.push({ code: 'SCHEMA_VALIDATION_FAILED', message: `State "${name}" has neither 'Next' nor 'End: true'`, location });
  } else if (hasNext && ends) {
    problems.push({ code: 'SCHEMA_VALIDATION_FAILED', message: `State "${name}" has both 'Next' and 'End: true'`, location });
  }
  if (state.Type === 'Choice') {
    if (!Array.isArray(state.Choices) || state.Choices.length === 0) {
      problems.push({
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `Choice state "${name}" needs a non-empty 'Choices' list`,
        location: `${location}/Choices`,
      });
    } else {
      state.Choices.forEach((rule, i) => {
        if (isObj(rule) && rule.Next === undefined) {
          problems.push({
            code: 'SCHEMA_VALIDATION_FAILED',
            message: `Choice rule ${i} of state "${name}" has no 'Next'`,
            location: `${location}/Choices/${i}`,
          });
        }
      });
    }
  }
  for (const t of transitionsOf(entry)) {
    if (typeof t.target === 'string' && names.has(t.target)) continue;
    problems.push({
      code: 'MISSING_TRANSITION_TARGET',
      message: `Missing '${t.field}' target of state "${name}": ${JSON.stringify(t.target)} names no state here`,
      location: t.location,
    });
  }
  return problems;
}

const KNOWN_ERRORS: ReadonlySet<string> = new Set(STATES_ERRORS);

function errorEqualsProblems(entry: StateEntry): AslProblem[] {
  const problems: AslProblem[] = [];
  for (const field of ['Retry', 'Catch'] as const) {
    const list = entry.state[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const at = `${entry.location}/${field}/${i}/ErrorEquals`;
      const errors = isObj(item) ? item.ErrorEquals : undefined;
      if (!Array.isArray(errors) || errors.length === 0) {
        problems.push({
          code: 'SCHEMA_VALIDATION_FAILED',
          message: `${field}[${i}] of state "${entry.name}" needs a non-empty 'ErrorEquals'`,
          location: at,
        });
        return;
      }
      if (errors.includes('States.ALL') && errors.length > 1) {
        problems.push({
          code: 'SCHEMA_VALIDATION_FAILED',
          message: `${field}[${i}] of state "${entry.name}": 'States.ALL' must appear alone in ErrorEquals`,
          location: at,
        });
      }
      if (errors.includes('States.ALL') && i !== list.length - 1) {
        problems.push({
          code: 'SCHEMA_VALIDATION_FAILED',
          message: `${field}[${i}] of state "${entry.name}": 'States.ALL' must be in the last ${field === 'Retry' ? 'retrier' : 'catcher'}`,
          location: at,
        });
      }
      for (const e of errors) {
        if (typeof e === 'string' && e.startsWith('States.') && !KNOWN_ERRORS.has(e)) {
          problems.push({
            code: 'SCHEMA_VALIDATION_FAILED',
            message: `${field}[${i}] of state "${entry.name}" names ${JSON.stringify(e)}, which is no States error (custom errors must not start with "States.")`,
            location: at,
          });
        }
      }
    });
  }
  return problems;
}

function reachabilityProblems(container: Container, entries: readonly StateEntry[]): AslProblem[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const seen = new Set<string>();
  const queue = typeof container.startAt === 'string' ? [container.startAt] : [];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    const entry = byName.get(name);
    if (seen.has(name) || !entry) continue;
    seen.add(name);
    for (const t of transitionsOf(entry)) if (typeof t.target === 'string') queue.push(t.target);
  }
  return entries
    .filter((e) => !seen.has(e.name))
    .map((e) => ({ code: 'MISSING_TRANSITION_TARGET', message: `State "${e.name}" is not reachable`, location: e.location }));
}
