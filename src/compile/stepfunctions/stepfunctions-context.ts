/**
 * What the Step Functions compiler knows beyond the shared AWS context: where each step keeps
 * its results in the execution's JSON state, the names its SageMaker jobs get, and the state
 * names taken so far.
 *
 * The state document of every execution is `{ parameters: {...}, steps: { <key>: <results> } }`:
 * `parameters` holds the pipeline parameters (execution input merged over the defaults), `steps`
 * what later states read of each step (a job name, a model artifact, a property file, metrics).
 */
import type { JsonValue } from '../../pipeline/ir.js';
import type { AwsContext } from '../aws/aws-context.js';
import { CompileError } from '../compile-error.js';

export type State = { [key: string]: JsonValue };

/** A piece of state machine: enter at `start`; `tails` are the states whose `Next` is still to be set. */
export interface Fragment {
  readonly start: string;
  readonly states: Record<string, State>;
  readonly tails: readonly string[];
}

export interface AslContext extends AwsContext {
  /** JSON key of a step under `$.steps` (an identifier, so paths stay in dot notation). */
  stepKey(step: string): string;
  /** Prefix of the SageMaker job and model names a step creates, unique in the pipeline. */
  jobPrefix(step: string): string;
  /** Reserves a state name (unique in the whole machine, at most 80 characters). */
  stateName(name: string, step: string | undefined): string;
  /** The states of a condition branch (IR step names). */
  chain(names: readonly string[]): Fragment | undefined;
}

const MAX_STATE_NAME = 80;
const JOB_PREFIX_LENGTH = 20;

export function createAslContext(
  base: AwsContext,
  chain: (names: readonly string[], ctx: AslContext) => Fragment | undefined,
): AslContext {
  const keys = uniqueNames(
    base.ir.steps.map((s) => s.name),
    (n) => n.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_'),
    (n, i) => `${n}_${i}`,
  );
  const prefixes = uniqueNames(
    base.ir.steps.map((s) => s.name),
    (n) =>
      n
        .replace(/[^A-Za-z0-9-]/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, JOB_PREFIX_LENGTH)
        .replace(/-+$/, '') || 'step',
    (n, i) => `${n.slice(0, JOB_PREFIX_LENGTH - String(i).length - 1).replace(/-+$/, '')}-${i}`,
  );
  const taken = new Set<string>();
  const ctx: AslContext = {
    ...base,
    stepKey: (step) => lookup(keys, step),
    jobPrefix: (step) => lookup(prefixes, step),
    stateName(name, step) {
      if (name.length > MAX_STATE_NAME) {
        throw new CompileError(
          base.target,
          step,
          `the state name "${name}" (${name.length} characters)`,
          `Step Functions state names are at most ${MAX_STATE_NAME} characters; shorten the step name.`,
        );
      }
      if (taken.has(name))
        throw new CompileError(
          base.target,
          step,
          `the state name "${name}" twice`,
          'Rename the step so that its states do not clash with another state.',
        );
      taken.add(name);
      return name;
    },
    chain: (names) => chain(names, ctx),
  };
  return ctx;
}

function lookup(map: ReadonlyMap<string, string>, step: string): string {
  const value = map.get(step);
  if (value === undefined) throw new Error(`internal: no key for step "${step}"`);
  return value;
}

/** Maps each name through `clean`; a clash gets `numbered(clean, 2)`, `numbered(clean, 3)`... */
function uniqueNames(
  names: readonly string[],
  clean: (n: string) => string,
  numbered: (n: string, i: number) => string,
): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    const base = clean(name);
    let candidate = base;
    for (let i = 2; used.has(candidate); i++) candidate = numbered(base, i);
    used.add(candidate);
    out.set(name, candidate);
  }
  return out;
}
