import type { QueryLanguage } from '../asl-types.js';
import { pointer } from './asl-problem.js';

/**
 * The state machines inside a definition: the top level, each Parallel branch and each Map's
 * item processor (`ItemProcessor`, or the older `Iterator`), recursively. A state's transitions
 * may only name states of its own container. Values are `unknown`-typed records because
 * validation runs before the definition is known to have the right shape.
 */
export type Obj = Record<string, unknown>;

export interface Container {
  /** JSON pointer of the container object ('' for the whole definition). */
  readonly location: string;
  readonly startAt: unknown;
  readonly states: Obj;
}

export interface StateEntry {
  readonly name: string;
  readonly state: Obj;
  readonly location: string;
  /** The state's `QueryLanguage`, else the top-level machine's (not an enclosing state's), else JSONPath. */
  readonly language: QueryLanguage;
}

export function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function containersOf(definition: Obj): Container[] {
  const out: Container[] = [];
  const visit = (machine: Obj, location: string): void => {
    const states = isObj(machine.States) ? machine.States : {};
    out.push({ location, startAt: machine.StartAt, states });
    for (const [name, state] of Object.entries(states)) {
      if (!isObj(state)) continue;
      const at = `${location}${pointer('States', name)}`;
      if (Array.isArray(state.Branches)) {
        state.Branches.forEach((branch, i) => {
          if (isObj(branch)) visit(branch, `${at}/Branches/${i}`);
        });
      }
      for (const field of ['ItemProcessor', 'Iterator']) {
        const processor = state[field];
        if (isObj(processor)) visit(processor, `${at}/${field}`);
      }
    }
  };
  visit(definition, '');
  return out;
}

export function statesOf(container: Container, machineLanguage: QueryLanguage): StateEntry[] {
  return Object.entries(container.states).flatMap(([name, state]) => {
    if (!isObj(state)) return [];
    const own = state.QueryLanguage;
    // Step Functions: only the exact string "JSONPath" is JSONPath; any other value is JSONata.
    const language: QueryLanguage = own === undefined ? machineLanguage : own === 'JSONPath' ? 'JSONPath' : 'JSONata';
    return [{ name, state, location: `${container.location}${pointer('States', name)}`, language }];
  });
}

/** The names a state may transition to, with the pointer of each field naming one. */
export function transitionsOf(entry: StateEntry): { target: unknown; location: string; field: string }[] {
  const { state, location } = entry;
  const out: { target: unknown; location: string; field: string }[] = [];
  if (state.Next !== undefined) out.push({ target: state.Next, location: `${location}/Next`, field: 'Next' });
  if (state.Default !== undefined) out.push({ target: state.Default, location: `${location}/Default`, field: 'Default' });
  if (Array.isArray(state.Choices)) {
    state.Choices.forEach((rule, i) => {
      if (isObj(rule) && rule.Next !== undefined)
        out.push({ target: rule.Next, location: `${location}/Choices/${i}/Next`, field: `Choices[${i}].Next` });
    });
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((catcher, i) => {
      if (isObj(catcher) && catcher.Next !== undefined)
        out.push({ target: catcher.Next, location: `${location}/Catch/${i}/Next`, field: `Catch[${i}].Next` });
    });
  }
  return out;
}
