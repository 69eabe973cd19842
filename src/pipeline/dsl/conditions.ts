/**
 * Conditions of a condition step: `lte(evaluate.jsonGet(report, 'mse'), threshold)` →
 * `{ op: 'lte', left: { kind: 'JsonGet', … }, right: { kind: 'Parameter', name: 'mse_threshold' } }`.
 */
import type { Condition, Value } from '../ir.js';
import { plain, ref } from './values.js';

const compare =
  (op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte') =>
  (left: Value, right: Value): Condition =>
    ref({ op, left: plain(left), right: plain(right) });

export const eq = compare('eq');
export const gt = compare('gt');
export const gte = compare('gte');
export const lt = compare('lt');
export const lte = compare('lte');
export const isIn = (value: Value, values: readonly Value[]): Condition =>
  ref({ op: 'in', value: plain(value), values: Object.freeze(values.map(plain)) });
export const not = (condition: Condition): Condition => ref({ op: 'not', condition });
export const and = (...conditions: Condition[]): Condition => ref({ op: 'and', conditions: Object.freeze(conditions) });
export const or = (...conditions: Condition[]): Condition => ref({ op: 'or', conditions: Object.freeze(conditions) });
