import type { Json } from '../asl-types.js';
import { jsonEqual } from './json-equal.js';
import type { FilterExpr, Operand } from './path-filter.js';
import { readDefinite, selectAll } from './path-query.js';

/** Does `node` (the `@` of a filter) pass `expr`? `root` is the document `$` names inside the filter. */
export function evaluateFilter(expr: FilterExpr, node: Json, root: Json): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluateFilter(expr.left, node, root) && evaluateFilter(expr.right, node, root);
    case 'or':
      return evaluateFilter(expr.left, node, root) || evaluateFilter(expr.right, node, root);
    case 'not':
      return !evaluateFilter(expr.expr, node, root);
    case 'exists':
      return operandValue(expr.operand, node, root) !== undefined;
    case 'compare':
      return compare(expr.op, operandValue(expr.left, node, root), operandValue(expr.right, node, root), expr.right);
  }
}

function operandValue(operand: Operand, node: Json, root: Json): Json | undefined {
  if (operand.kind === 'literal') return operand.value;
  if (operand.kind === 'regex') return undefined;
  const base = operand.relative ? node : root;
  if (operand.definite) return readDefinite(operand.segments, base);
  const all = selectAll(operand.segments, base, root);
  return all.length === 0 ? undefined : all;
}

/** Jayway's rules: values of different types are unequal and unordered; a missing value matches nothing. */
function compare(op: string, left: Json | undefined, right: Json | undefined, rightOperand: Operand): boolean {
  if (op === '=~') return typeof left === 'string' && rightOperand.kind === 'regex' && rightOperand.regex.test(left);
  if (left === undefined || right === undefined) return false;
  switch (op) {
    case '==':
      return jsonEqual(left, right);
    case '!=':
      return !jsonEqual(left, right);
    case 'in':
      return Array.isArray(right) && right.some((item: Json) => jsonEqual(item, left));
    case 'nin':
      return Array.isArray(right) && !right.some((item: Json) => jsonEqual(item, left));
  }
  const comparable =
    (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  if (op === '<') return left < right;
  if (op === '<=') return left <= right;
  if (op === '>') return left > right;
  return left >= right;
}
