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
