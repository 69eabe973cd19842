/**
 * IR conditions as a ConditionStep's `Conditions` list, in the SDK's shapes:
 *
 * ```ts
 * lte(jsonGet, threshold)     // { Type: 'LessThanOrEqualTo', LeftValue: {...}, RightValue: {...} }
 * isIn(x, ['a', 'b'])         // { Type: 'In', QueryValue: x, Values: ['a', 'b'] }
 * not(c)                      // { Type: 'Not', Condition: c }
 * or(a, b)                    // { Type: 'Or', Conditions: [a, b] }
 * and(a, b)                   // two entries of the list, which SageMaker ANDs
 * ```
 *
 * SageMaker has no And condition: only the list itself is a conjunction. An `and` nested under
 * `or` / `not` is rewritten into an equivalent conjunction of clauses (negations pushed down to
 * comparisons, then `or` distributed over `and`), so no condition is refused. The rewrite only
 * applies to entries that need it; every other entry keeps the shape it was written in.
 */
import type { Condition, JsonValue } from '../../pipeline/ir.js';
import type { AwsContext } from '../aws/aws-context.js';
import { CompileError } from '../compile-error.js';
import { sageMakerValue } from './sagemaker-expressions.js';

const COMPARISON = {
  eq: 'Equals',
  gt: 'GreaterThan',
  gte: 'GreaterThanOrEqualTo',
  lt: 'LessThan',
  lte: 'LessThanOrEqualTo',
} as const;

/** Beyond this many clauses the rewrite of a nested `and` is refused rather than bloating the definition. */
const MAX_CLAUSES = 256;

export function sageMakerConditions(condition: Condition, ctx: AwsContext, step: string): JsonValue[] {
  if (condition.op === 'and') return condition.conditions.flatMap((c) => sageMakerConditions(c, ctx, step));
  if (!hasAnd(condition)) return [render(condition, ctx)];
  const clauses = cnf(nnf(condition, false));
  if (clauses.length > MAX_CLAUSES) {
    throw new CompileError(
      ctx.target,
      step,
      `a condition whose nested "and" expands into ${clauses.length} SageMaker conditions`,
      'Simplify the condition, or split it over several condition steps.',
    );
  }
  return clauses.map((clause) =>
    clause.length === 1 ? render(clause[0], ctx) : { Type: 'Or', Conditions: clause.map((c) => render(c, ctx)) },
  );
}

function render(c: Condition, ctx: AwsContext): JsonValue {
  switch (c.op) {
    case 'in':
      return { Type: 'In', QueryValue: sageMakerValue(c.value, ctx), Values: c.values.map((v) => sageMakerValue(v, ctx)) };
    case 'not':
      return { Type: 'Not', Condition: render(c.condition, ctx) };
    case 'or':
      return { Type: 'Or', Conditions: c.conditions.map((x) => render(x, ctx)) };
    case 'and':
      // Reached only through a rewrite that left no nested `and`; kept total for the type checker.
      throw new Error('internal: nested "and" survived the rewrite');
    default:
      return { Type: COMPARISON[c.op], LeftValue: sageMakerValue(c.left, ctx), RightValue: sageMakerValue(c.right, ctx) };
  }
}

function hasAnd(c: Condition): boolean {
  if (c.op === 'and') return true;
  if (c.op === 'or') return c.conditions.some(hasAnd);
  if (c.op === 'not') return hasAnd(c.condition);
  return false;
}

/** Negation normal form: `not` only directly above a comparison or `in`. */
function nnf(c: Condition, negate: boolean): Condition {
  switch (c.op) {
    case 'not':
      return nnf(c.condition, !negate);
    case 'and':
    case 'or': {
      const op = (c.op === 'and') !== negate ? 'and' : 'or';
      return { op, conditions: c.conditions.map((x) => nnf(x, negate)) };
    }
    default:
      return negate ? { op: 'not', condition: c } : c;
  }
}

/** Conjunctive normal form of an NNF condition: a list of clauses, each a disjunction of literals. */
function cnf(c: Condition): Condition[][] {
  if (c.op === 'and') return c.conditions.flatMap(cnf);
  if (c.op === 'or') {
    let clauses: Condition[][] = [[]];
    for (const part of c.conditions) {
      const next: Condition[][] = [];
      for (const left of clauses) for (const right of cnf(part)) next.push([...left, ...right]);
      clauses = next;
      if (clauses.length > MAX_CLAUSES) return clauses;
    }
    return clauses;
  }
  return [[c]];
}
