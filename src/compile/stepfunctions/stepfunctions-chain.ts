/**
 * Orders the steps of one scope (the pipeline's top level, or one branch of a condition) into
 * states. Steps are layered by dependency depth: each layer's steps do not depend on each other,
 * so a layer of several runs as one Parallel state (at most ten branches each, see below), and
 * layers run one after another. This is not maximal concurrency (a step waits for its whole
 * previous layer), but it is always correct and keeps the machine readable.
 *
 * A condition counts as one step of its scope, carrying the dependencies of everything in its
 * branches, so that a branch step's inputs are ready before the Choice is reached.
 *
 * After a Parallel state every branch has its own copy of the state; the copies are merged back
 * with `States.JsonMerge` over `$.steps` (each step writes its own key). Intrinsic calls nest at
 * most ten deep, hence ten branches per Parallel state; a wider layer becomes several in a row.
 */
import type { PipelineIR, StepIR } from '../../pipeline/ir.js';
import { branchOwners, dependenciesOf } from '../../pipeline/walk.js';
import { CompileError } from '../compile-error.js';
import type { AslContext, Fragment, State } from './stepfunctions-context.js';
import { compileUnit } from './stepfunctions-steps.js';

const MAX_BRANCHES = 10;

export type Chain = (names: readonly string[], ctx: AslContext) => Fragment | undefined;

export function makeChain(ir: PipelineIR): Chain {
  const owners = branchOwners(ir);
  const deps = dependenciesOf(ir);
  const byName = new Map(ir.steps.map((s) => [s.name, s]));
  /** Every step of a unit: the step and, for a condition, everything in its branches. */
  const members = (name: string): string[] => {
    const step: StepIR | undefined = byName.get(name);
    return step?.type === 'condition' ? [name, ...[...step.then, ...step.else].flatMap(members)] : [name];
  };
  /** The unit of `scope` that contains `step`, climbing out through the conditions that own it. */
  const unitIn = (scope: ReadonlySet<string>, step: string): string | undefined => {
    for (let s: string | undefined = step; s !== undefined; s = owners.get(s)?.condition) if (scope.has(s)) return s;
    return undefined;
  };

  return (names, ctx) => {
    if (names.length === 0) return undefined;
    const scope = new Set(names);
    const unitDeps = new Map(
      names.map((n) => [
        n,
        new Set(
          members(n)
            .flatMap((m) => deps.get(m) ?? [])
            .map((d) => unitIn(scope, d))
            .filter((u): u is string => u !== undefined && u !== n),
        ),
      ]),
    );
    const groups = layers(names, unitDeps, ctx).flatMap((layer) => chunks(layer, MAX_BRANCHES));
    const fragments = groups.map((group, i) => {
      const units = group.map((n) => compileUnit(n, ctx));
      const last = i === groups.length - 1;
      // A unit that ends in Fail has no way out; inside a Parallel the states after it stay reachable.
      return units.length === 1 && (units[0].tails.length > 0 || last) ? units[0] : parallel(units, group, ctx);
    });
    return link(fragments);
  };
}

/** Units by depth: a unit's layer is one more than its deepest dependency's. */
function layers(names: readonly string[], deps: ReadonlyMap<string, ReadonlySet<string>>, ctx: AslContext): string[][] {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (n: string): number => {
    const known = depth.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n))
      throw new CompileError(ctx.target, n, 'a dependency cycle', 'Steps cannot depend on each other in a circle.');
    visiting.add(n);
    let d = 0;
    for (const dep of deps.get(n) ?? []) d = Math.max(d, depthOf(dep) + 1);
    visiting.delete(n);
    depth.set(n, d);
    return d;
  };
  const out: string[][] = [];
  for (const n of names) {
    const layer = out[depthOf(n)] ?? [];
    layer.push(n);
    out[depthOf(n)] = layer;
  }
  return out.filter((layer) => layer !== undefined);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function parallel(units: readonly Fragment[], names: readonly string[], ctx: AslContext): Fragment {
  const listed = `Parallel: ${names.join(', ')}`;
  const name = ctx.stateName(listed.length <= 80 ? listed : `Parallel: ${names[0]} and ${names.length - 1} more`, names[0]);
  const merged = units.slice(1).reduce((acc, _, i) => `States.JsonMerge(${acc}, $[${i + 1}].steps, false)`, '$[0].steps');
  const state: State = {
    Type: 'Parallel',
    Branches: units.map((u) => ({ StartAt: u.start, States: ended(u).states })),
    ResultSelector: { 'parameters.$': '$[0].parameters', 'steps.$': merged },
  };
  return { start: name, states: { [name]: state }, tails: [name] };
}

/** Fragments one after another. */
export function link(fragments: readonly Fragment[]): Fragment {
  for (let i = 0; i + 1 < fragments.length; i++)
    for (const tail of fragments[i].tails) fragments[i].states[tail].Next = fragments[i + 1].start;
  const states = Object.assign({}, ...fragments.map((f) => f.states)) as Record<string, State>;
  return { start: fragments[0].start, states, tails: fragments[fragments.length - 1].tails };
}

/** The fragment with its open ends made terminal. */
export function ended(f: Fragment): Fragment {
  for (const tail of f.tails) f.states[tail].End = true;
  return { ...f, tails: [] };
}
