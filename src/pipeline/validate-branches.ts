import { didYouMean } from '../core/suggest.js';
import type { ConditionStep, StepIR } from './ir.js';
import type { CheckContext } from './validate-context.js';
import { nameList } from './validate-format.js';
import { producerOf, refsInStep } from './walk.js';

type Branch = 'then' | 'else';

/** One condition a step runs under: it runs only when `condition` takes `branch`. */
interface Guard {
  readonly condition: string;
  readonly branch: Branch;
}

/**
 * Condition branches are well formed (known steps, each in at most one branch of one condition,
 * never the condition itself), and no step reads a step that may not have run: a step that
 * references a branch step must itself be in that branch (or in a branch nested inside it).
 */
export function checkBranches(ctx: CheckContext): void {
  const owners = claimBranches(ctx);
  const guardsOf = (name: string): Guard[] => {
    const chain: Guard[] = [];
    const seen = new Set<string>();
    for (let g = owners.get(name); g && !seen.has(g.condition); g = owners.get(g.condition)) {
      seen.add(g.condition);
      chain.push(g);
    }
    return chain;
  };
  for (const step of ctx.ir.steps) checkReachable(ctx, step, guardsOf);
}

function claimBranches(ctx: CheckContext): Map<string, Guard> {
  const owners = new Map<string, Guard>();
  for (const c of ctx.ir.steps) {
    if (c.type !== 'condition') continue;
    const here = new Map<string, Branch>();
    for (const branch of ['then', 'else'] as const) {
      for (const [i, name] of c[branch].entries()) {
        const problem = claimProblem(ctx, c, branch, name, here.get(name), owners.get(name));
        if (problem) ctx.report(c.name, `${branch}[${i}]`, problem);
        else owners.set(name, { condition: c.name, branch });
        if (!here.has(name)) here.set(name, branch);
      }
    }
  }
  return owners;
}

function claimProblem(
  ctx: CheckContext,
  c: ConditionStep,
  branch: Branch,
  name: string,
  sameCondition: Branch | undefined,
  other: Guard | undefined,
): string | undefined {
  if (name === c.name) return `the condition lists itself in its "${branch}" branch; a condition cannot guard itself.`;
  if (!ctx.steps.has(name)) {
    const known = [...ctx.steps.keys()];
    return `names step "${name}", which does not exist.${didYouMean(name, known)} Steps: ${nameList(known)}.`;
  }
  if (sameCondition === branch) return `lists step "${name}" twice in its "${branch}" branch.`;
  if (sameCondition) return `step "${name}" is in both the "then" and the "else" branch; a step can be in only one.`;
  if (other)
    return (
      `step "${name}" is already in the "${other.branch}" branch of condition "${other.condition}"; ` +
      'a step can be in the branches of one condition only. Nest one condition inside the other instead.'
    );
  return undefined;
}

function checkReachable(ctx: CheckContext, step: StepIR, guardsOf: (name: string) => Guard[]): void {
  const mine = guardsOf(step.name);
  const holds = (g: Guard, branch: Branch = g.branch) => mine.some((m) => m.condition === g.condition && m.branch === branch);
  const checked = new Set<string>();
  for (const { field, target, verb } of upstreamFields(step)) {
    // Self, unknown and fail-step targets are reported by the reference check.
    const kind = ctx.steps.get(target)?.type;
    if (target === step.name || checked.has(target) || kind === undefined || kind === 'fail') continue;
    checked.add(target);
    const theirs = guardsOf(target);
    // Reading a step that this (condition) step guards is a cycle, reported by the cycle check.
    if (theirs.length === 0 || holds(theirs[0]) || theirs.some((g) => g.condition === step.name)) continue;
    const opposite = theirs.find((g) => holds(g, g.branch === 'then' ? 'else' : 'then'));
    if (opposite) {
      const myBranch = opposite.branch === 'then' ? 'else' : 'then';
      ctx.report(
        step.name,
        field,
        `${verb} step "${target}", which runs only in the "${opposite.branch}" branch of condition "${opposite.condition}", ` +
          `while "${step.name}" runs only in its "${myBranch}" branch; the two never run in the same execution.`,
      );
      continue;
    }
    const g = theirs[0];
    const when = g.branch === 'then' ? 'holds' : 'does not hold';
    ctx.report(
      step.name,
      field,
      `${verb} step "${target}", which runs only when condition "${g.condition}" ${when} ("${g.branch}" branch); ` +
        `put "${step.name}" in the same branch.`,
    );
  }
}

function* upstreamFields(step: StepIR): Generator<{ field: string; target: string; verb: string }> {
  for (const { field, ref } of refsInStep(step)) {
    const target = producerOf(ref);
    if (target !== undefined) yield { field, target, verb: 'reads' };
  }
  for (const [i, name] of (step.dependsOn ?? []).entries()) yield { field: `dependsOn[${i}]`, target: name, verb: 'depends on' };
}
