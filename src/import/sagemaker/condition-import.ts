/**
 * A ConditionStep's `Conditions` as an IR condition, the inverse of
 * src/compile/sagemaker/sagemaker-conditions.ts: the list is a conjunction (one entry stays itself),
 * `Equals` … `LessThanOrEqualTo` are comparisons, `In`, `Not` and `Or` keep their meaning.
 */
import type { ComparisonOp, Condition } from '../../pipeline/ir.js';
import { type At, type ImportContext, importError } from './import-context.js';
import { child, describe, isObject } from './json-fields.js';
import { importValue } from './sagemaker-values.js';

const COMPARISON: Readonly<Record<string, ComparisonOp>> = {
  Equals: 'eq',
  GreaterThan: 'gt',
  GreaterThanOrEqualTo: 'gte',
  LessThan: 'lt',
  LessThanOrEqualTo: 'lte',
};

export function importConditions(list: unknown, ctx: ImportContext, at: At): Condition {
  if (!Array.isArray(list) || list.length === 0) {
    throw importError(
      at,
      `expected a non-empty list of conditions, found ${describe(list)}`,
      'Give the condition step at least one condition.',
    );
  }
  const conditions = list.map((c, i) => importCondition(c, ctx, child(at, `[${i}]`)));
  return conditions.length === 1 ? conditions[0] : { op: 'and', conditions };
}

function importCondition(raw: unknown, ctx: ImportContext, at: At): Condition {
  if (!isObject(raw) || typeof raw.Type !== 'string') {
    throw importError(
      at,
      `${describe(raw)} is not a condition`,
      'A condition is an object with a Type such as Equals, In, Not or Or.',
    );
  }
  const op = COMPARISON[raw.Type];
  if (op) {
    return {
      op,
      left: importValue(raw.LeftValue, ctx, child(at, 'LeftValue')),
      right: importValue(raw.RightValue, ctx, child(at, 'RightValue')),
    };
  }
  switch (raw.Type) {
    case 'In':
      if (!Array.isArray(raw.Values)) throw importError(child(at, 'Values'), 'is missing', 'An In condition lists its Values.');
      return {
        op: 'in',
        value: importValue(raw.QueryValue, ctx, child(at, 'QueryValue')),
        values: raw.Values.map((v, i) => importValue(v, ctx, child(at, `Values[${i}]`))),
      };
    case 'Not':
      return { op: 'not', condition: importCondition(raw.Condition, ctx, child(at, 'Condition')) };
    case 'Or': {
      if (!Array.isArray(raw.Conditions) || raw.Conditions.length === 0)
        throw importError(child(at, 'Conditions'), 'is missing', 'An Or condition lists its Conditions.');
      return { op: 'or', conditions: raw.Conditions.map((c, i) => importCondition(c, ctx, child(at, `Conditions[${i}]`))) };
    }
  }
  throw importError(
    child(at, 'Type'),
    `the condition type "${raw.Type}" is not one SageMaker defines`,
    'Use Equals, GreaterThan, GreaterThanOrEqualTo, LessThan, LessThanOrEqualTo, In, Not or Or.',
  );
}
