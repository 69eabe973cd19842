import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChoiceState, Json } from '../../../../src/workflows/asl/asl-types.js';
import { JsonPathFlow } from '../../../../src/workflows/asl/jsonpath/jsonpath-flow.js';
import { scopeOf, stateOf, statesErrorOf } from './scope.js';

const flow = new JsonPathFlow();

/** states-language-spec.html, "Choice State": the DispatchEvent example. */
const DISPATCH = stateOf({
  Type: 'Choice',
  Choices: [
    { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
    {
      And: [
        { Variable: '$.value', IsPresent: true },
        { Variable: '$.value', IsNumeric: true },
        { Variable: '$.value', NumericGreaterThanEquals: 20 },
        { Variable: '$.value', NumericLessThan: 30 },
      ],
      Next: 'ValueInTwenties',
    },
    { Variable: '$.rating', NumericGreaterThanPath: '$.auditThreshold', Next: 'StartAudit' },
  ],
  Default: 'RecordEvent',
}) as ChoiceState;

const DISPATCH_CASES: readonly [Json, string][] = [
  // The spec's own input and answer.
  [{ type: 'Private', value: 22 }, 'ValueInTwenties'],
  [{ type: 'Public', value: 22 }, 'Public'],
  [{ type: 'Private', value: 35, rating: 9, auditThreshold: 5 }, 'StartAudit'],
  [{ type: 'Private', value: 35, rating: 3, auditThreshold: 5 }, 'RecordEvent'],
  [{ type: 'Private', value: 'twenty-two', rating: 1, auditThreshold: 5 }, 'RecordEvent'],
];

for (const [input, next] of DISPATCH_CASES) {
  test(`the spec's DispatchEvent choice sends ${JSON.stringify(input)} to ${next} [states-language-spec.html, Choice State]`, async () => {
    const decision = await flow.choose(DISPATCH, scopeOf(input));
    assert.equal(decision.next, next);
    assert.deepEqual(decision.output, input);
  });
}

test('no rule matching and no Default is States.NoChoiceMatched', async () => {
  const state = stateOf({ Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: 1, Next: 'X' }] }) as ChoiceState;
  const error = await statesErrorOf(() => flow.choose(state, scopeOf({ a: 2 })));
  assert.equal(error.error, 'States.NoChoiceMatched');
});

test('a missing Variable is States.Runtime except under IsPresent (spec: IsPresent)', async () => {
  const compare = stateOf({
    Type: 'Choice',
    Choices: [{ Variable: '$.nope', NumericEquals: 1, Next: 'X' }],
    Default: 'D',
  }) as ChoiceState;
  assert.equal((await statesErrorOf(() => flow.choose(compare, scopeOf({})))).error, 'States.Runtime');
  const present = stateOf({
    Type: 'Choice',
    Choices: [{ Variable: '$.nope', IsPresent: false, Next: 'Absent' }],
    Default: 'D',
  }) as ChoiceState;
  assert.equal((await flow.choose(present, scopeOf({}))).next, 'Absent');
});

/** One data test per operator: [rule without Next, input, matches?]. Spec "Data-test expression" and the guide's choice rules. */
const OPERATOR_CASES: readonly [Record<string, Json>, Json, boolean][] = [
  [{ Variable: '$.foo', NumericEquals: 1 }, { foo: 1 }, true],
  [{ Variable: '$.foo', NumericEquals: 1 }, { foo: '1' }, false],
  [{ Variable: '$.foo', StringEquals: 'MyString' }, { foo: 'MyString' }, true],
  [{ Variable: '$.foo', StringGreaterThan: 'MyStringABC' }, { foo: 'MyStringABD' }, true],
  [{ Variable: '$.foo', StringGreaterThan: 'MyStringABC' }, { foo: 'MyStringAB' }, false],
  [{ Variable: '$.foo', StringLessThan: 'b' }, { foo: 'a' }, true],
  [{ Variable: '$.foo', StringLessThanEquals: 'a' }, { foo: 'a' }, true],
  [{ Variable: '$.foo', StringGreaterThanEquals: 'b' }, { foo: 'a' }, false],
  [{ Variable: '$.foo', StringLessThan: 'a' }, { foo: 'B' }, true],
  [{ Variable: '$.possiblyNullValue', IsNull: true }, { possiblyNullValue: null }, true],
  [{ Variable: '$.possiblyNullValue', IsNull: true }, { possiblyNullValue: 0 }, false],
  [{ Variable: '$.v', IsNull: false }, { v: 0 }, true],
  [{ Variable: '$.foo', StringMatches: 'log-*.txt' }, { foo: 'log-2021-01.txt' }, true],
  [{ Variable: '$.foo', StringMatches: 'log-*.txt' }, { foo: 'log-2021-01.csv' }, false],
  [{ Variable: '$.f', StringMatches: 'foo*.log' }, { f: 'foo23.log' }, true],
  [{ Variable: '$.f', StringMatches: '*.log' }, { f: 'zebra.log' }, true],
  [{ Variable: '$.f', StringMatches: 'foo*.*' }, { f: 'foobar.zebra' }, true],
  [{ Variable: '$.f', StringMatches: 'a\\*b' }, { f: 'a*b' }, true],
  [{ Variable: '$.f', StringMatches: 'a\\*b' }, { f: 'axxb' }, false],
  [{ Variable: '$.f', StringMatches: 'a\\\\b' }, { f: 'a\\b' }, true],
  [{ Variable: '$.f', StringMatches: 'a.c' }, { f: 'abc' }, false],
  [{ Variable: '$.foo', TimestampEquals: '2001-01-01T12:00:00Z' }, { foo: '2001-01-01T12:00:00Z' }, true],
  [{ Variable: '$.foo', TimestampEquals: '2001-01-01T12:00:00Z' }, { foo: '2001-01-01T14:00:00+02:00' }, true],
  [{ Variable: '$.foo', TimestampLessThan: '2001-01-01T12:00:00Z' }, { foo: '2001-01-01T11:59:59.999Z' }, true],
  [{ Variable: '$.foo', TimestampGreaterThan: '2001-01-01T12:00:00Z' }, { foo: 'not a time' }, false],
  [{ Variable: '$.foo', TimestampGreaterThanEquals: '2001-01-01T12:00:00Z' }, { foo: '2001-01-01T12:00:00Z' }, true],
  [{ Variable: '$.foo', TimestampLessThanEquals: '2001-01-01T12:00:00Z' }, { foo: '2001-01-01t12:00:00z' }, false],
  [{ Variable: '$.foo', StringEqualsPath: '$.bar' }, { foo: 'x', bar: 'x' }, true],
  [{ Variable: '$.foo', StringEqualsPath: '$.bar' }, { foo: 'x', bar: 'y' }, false],
  [{ Variable: '$.n', NumericLessThanPath: '$.m' }, { n: 1, m: 2 }, true],
  [{ Variable: '$.n', NumericGreaterThan: 1.5 }, { n: 2 }, true],
  [{ Variable: '$.n', NumericLessThanEquals: 2 }, { n: 2 }, true],
  [{ Variable: '$.n', NumericGreaterThanEqualsPath: '$.m' }, { n: 2, m: 2 }, true],
  [{ Variable: '$.n', NumericLessThanEqualsPath: '$.m' }, { n: 3, m: 2 }, false],
  [{ Variable: '$.n', NumericEqualsPath: '$.m' }, { n: 3, m: 3 }, true],
  [{ Variable: '$.n', NumericGreaterThanPath: '$.m' }, { n: 3, m: 2 }, true],
  [{ Variable: '$.b', BooleanEquals: true }, { b: true }, true],
  [{ Variable: '$.b', BooleanEquals: true }, { b: 'true' }, false],
  [{ Variable: '$.b', BooleanEqualsPath: '$.c' }, { b: false, c: false }, true],
  [{ Variable: '$.s', StringLessThanPath: '$.t' }, { s: 'a', t: 'b' }, true],
  [{ Variable: '$.s', StringGreaterThanPath: '$.t' }, { s: 'a', t: 'b' }, false],
  [{ Variable: '$.s', StringLessThanEqualsPath: '$.t' }, { s: 'b', t: 'b' }, true],
  [{ Variable: '$.s', StringGreaterThanEqualsPath: '$.t' }, { s: 'c', t: 'b' }, true],
  [{ Variable: '$.t', TimestampEqualsPath: '$.u' }, { t: '2016-03-14T01:59:00Z', u: '2016-03-14T01:59:00.000Z' }, true],
  [{ Variable: '$.t', TimestampLessThanPath: '$.u' }, { t: '2016-03-14T01:59:00Z', u: '2016-03-14T02:00:00Z' }, true],
  [{ Variable: '$.t', TimestampGreaterThanPath: '$.u' }, { t: '2016-03-14T01:59:00Z', u: '2016-03-14T02:00:00Z' }, false],
  [{ Variable: '$.t', TimestampLessThanEqualsPath: '$.u' }, { t: '2016-03-14T02:00:00Z', u: '2016-03-14T02:00:00Z' }, true],
  [{ Variable: '$.t', TimestampGreaterThanEqualsPath: '$.u' }, { t: '2016-03-15T00:00:00Z', u: '2016-03-14T02:00:00Z' }, true],
  [{ Variable: '$.v', IsNumeric: true }, { v: 1.5 }, true],
  [{ Variable: '$.v', IsNumeric: true }, { v: '1.5' }, false],
  [{ Variable: '$.v', IsString: true }, { v: '1.5' }, true],
  [{ Variable: '$.v', IsString: false }, { v: 1 }, true],
  [{ Variable: '$.v', IsBoolean: true }, { v: false }, true],
  [{ Variable: '$.v', IsTimestamp: true }, { v: '2016-08-18T17:33:00Z' }, true],
  [{ Variable: '$.v', IsTimestamp: true }, { v: '2016-02-30T17:33:00Z' }, false],
  [{ Variable: '$.v', IsTimestamp: true }, { v: '2016-08-18 17:33:00Z' }, false],
  [{ Variable: '$.v', IsPresent: true }, { v: null }, true],
  [{ Variable: '$$.Execution.Name', StringEquals: 'run-1' }, {}, true],
  [{ Variable: '$threshold', NumericGreaterThan: 5 }, {}, true],
  [{ Variable: '$.n', NumericGreaterThanPath: '$threshold' }, { n: 7 }, true],
  [
    {
      And: [
        { Variable: '$.keyThatMightNotExist', IsPresent: true },
        { Variable: '$.keyThatMightNotExist', StringEquals: 'foo' },
      ],
    },
    {},
    false,
  ],
  [
    {
      Or: [
        { Variable: '$.a', NumericEquals: 1 },
        { Variable: '$.b', NumericEquals: 2 },
      ],
    },
    { a: 0, b: 2 },
    true,
  ],
  [{ Not: { Variable: '$.a', NumericEquals: 1 } }, { a: 1 }, false],
];

for (const [rule, input, matches] of OPERATOR_CASES) {
  test(`choice rule ${JSON.stringify(rule)} on ${JSON.stringify(input)} is ${matches}`, async () => {
    const state = stateOf({ Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' }) as ChoiceState;
    const scope = scopeOf(input, { context: { Execution: { Name: 'run-1' } }, variables: { threshold: 6 } });
    assert.equal((await flow.choose(state, scope)).next, matches ? 'Yes' : 'No');
  });
}

test("the guide's ChoiceStateX: {type: Private, value: 22} goes to ValueInTwenties [guide/amazon-states-language-choice-state.md]", async () => {
  const state = stateOf({
    Type: 'Choice',
    Choices: [
      { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
      { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
      {
        And: [
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
        Next: 'ValueInTwenties',
      },
    ],
    Default: 'DefaultState',
  }) as ChoiceState;
  assert.equal((await flow.choose(state, scopeOf({ type: 'Private', value: 22 }))).next, 'ValueInTwenties');
  assert.equal((await flow.choose(state, scopeOf({ type: 'Private', value: 0 }))).next, 'ValueIsZero');
  assert.equal((await flow.choose(state, scopeOf({ type: 'Private', value: 50 }))).next, 'DefaultState');
});

test('a StringMatches pattern with an open escape is States.Runtime (spec)', async () => {
  const state = stateOf({
    Type: 'Choice',
    Choices: [{ Variable: '$.f', StringMatches: 'a\\b', Next: 'Y' }],
    Default: 'N',
  }) as ChoiceState;
  assert.equal((await statesErrorOf(() => flow.choose(state, scopeOf({ f: 'ab' })))).error, 'States.Runtime');
});

test("a Choice applies InputPath before the rules and OutputPath to its output; the matched rule's Assign applies, else the state's", async () => {
  const state = stateOf({
    Type: 'Choice',
    InputPath: '$.in',
    OutputPath: '$.keep',
    Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'One', Assign: { 'picked.$': '$.n', rule: 'one' } }],
    Default: 'Other',
    Assign: { rule: 'default' },
  }) as ChoiceState;
  const one = await flow.choose(state, scopeOf({ in: { n: 1, keep: 'k' } }));
  assert.deepEqual(one, { next: 'One', output: 'k', assign: { picked: 1, rule: 'one' } });
  const other = await flow.choose(state, scopeOf({ in: { n: 2, keep: 'k' } }));
  assert.deepEqual(other, { next: 'Other', output: 'k', assign: { rule: 'default' } });
});
