import type { ChoiceRule, Json } from '../asl-types.js';
import { StatesError } from '../states-error.js';
import { type PathData, queryPath, requirePath } from './path-reader.js';
import { stringMatches } from './string-matches.js';
import { parseTimestamp } from './timestamp.js';

/** Fields of a data-test rule that are not its comparison operator. */
const NOT_OPERATORS = new Set(['Variable', 'Next', 'Assign', 'Output', 'Comment']);

type Kind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';
const COMPARISON = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/;
const TYPE_TESTS: Readonly<Record<string, (value: Json) => boolean>> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => typeof v === 'string' && parseTimestamp(v) !== undefined,
};

/**
 * Evaluates a JSONPath choice rule against the Choice state's effective input: `And` / `Or`
 * (stopping once decided) and `Not`, or a data test on `Variable`. Values of the wrong type
 * compare false; a `Variable` that selects nothing is `States.Runtime` except under `IsPresent`
 * (spec: "no exception is thrown and the Choice Rule just returns false").
 */
export function ruleMatches(rule: ChoiceRule, data: PathData): boolean {
  if (rule.And) return rule.And.every((inner) => ruleMatches(inner, data));
  if (rule.Or) return rule.Or.some((inner) => ruleMatches(inner, data));
  if (rule.Not) return !ruleMatches(rule.Not, data);
  if (typeof rule.Variable !== 'string')
    throw new StatesError('States.Runtime', `A choice rule has no "Variable", "And", "Or" or "Not": ${JSON.stringify(rule)}.`);
  const operator = Object.keys(rule).find((key) => !NOT_OPERATORS.has(key));
  if (!operator) throw new StatesError('States.Runtime', `The choice rule on "${rule.Variable}" has no comparison operator.`);
  const expected = rule[operator] as Json;
  const value = queryPath(rule.Variable, data);
  if (operator === 'IsPresent') return (value !== undefined) === expected;
  if (value === undefined) {
    throw new StatesError(
      'States.Runtime',
      `Invalid path "${rule.Variable}": the choice state's condition path references an invalid value.`,
    );
  }
  const typeTest = TYPE_TESTS[operator];
  if (typeTest) return typeTest(value) === expected;
  if (operator === 'StringMatches')
    return typeof value === 'string' && typeof expected === 'string' && stringMatches(value, expected);
  const m = COMPARISON.exec(operator);
  if (!m) throw new StatesError('States.Runtime', `Unknown choice operator "${operator}" in the rule on "${rule.Variable}".`);
  const other = m[3] ? requirePath(expected as string, data, operator) : expected;
  return compare(m[1] as Kind, m[2] as Relation, value, other);
}

function compare(kind: Kind, relation: Relation, left: Json, right: Json): boolean {
  let a: number | string | boolean;
  let b: number | string | boolean;
  if (kind === 'Timestamp') {
    const l = typeof left === 'string' ? parseTimestamp(left) : undefined;
    const r = typeof right === 'string' ? parseTimestamp(right) : undefined;
    if (l === undefined || r === undefined) return false;
    [a, b] = [l, r];
  } else {
    const type = kind === 'String' ? 'string' : kind === 'Numeric' ? 'number' : 'boolean';
    if (typeof left !== type || typeof right !== type) return false;
    [a, b] = [left as number | string | boolean, right as number | string | boolean];
  }
  if (kind === 'Boolean' && relation !== 'Equals') return false;
  switch (relation) {
    case 'Equals':
      return a === b;
    case 'LessThan':
      return a < b;
    case 'GreaterThan':
      return a > b;
    case 'LessThanEquals':
      return a <= b;
    case 'GreaterThanEquals':
      return a >= b;
  }
}
