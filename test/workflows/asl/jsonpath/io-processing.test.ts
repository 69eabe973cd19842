import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json, JsonObject } from '../../../../src/workflows/asl/asl-types.js';
import { JsonPathFlow } from '../../../../src/workflows/asl/jsonpath/jsonpath-flow.js';
import { scopeOf, stateOf, statesErrorOf } from './scope.js';

const flow = new JsonPathFlow();

interface Case {
  readonly name: string;
  /** Where the example comes from. */
  readonly source: string;
  readonly state: Record<string, unknown>;
  readonly input: Json;
  readonly context?: JsonObject;
  /** The task's (or branches') result; the effective input is checked when absent. */
  readonly result?: Json;
  readonly expected: Json;
}

const CASES: readonly Case[] = [
  {
    name: 'Parameters: paths, a context path and States.Format (the spec\'s "Payload Template" example)',
    source: 'states-language-spec.html, Payload Template',
    state: {
      Type: 'Task',
      Resource: 'arn:aws:states:us-east-1:123456789012:task:X',
      Parameters: {
        flagged: true,
        parts: { 'first.$': '$.vals[0]', 'last3.$': '$.vals[-3:]' },
        'weekday.$': '$$.DayOfWeek',
        'formattedOutput.$': "States.Format('Today is {}', $$.DayOfWeek)",
      },
    },
    input: { flagged: 7, vals: [0, 10, 20, 30, 40, 50] },
    context: { DayOfWeek: 'TUESDAY' },
    expected: {
      flagged: true,
      parts: { first: 0, last3: [30, 40, 50] },
      weekday: 'TUESDAY',
      formattedOutput: 'Today is TUESDAY',
    },
  },
  {
    name: 'InputPath selects a subtree',
    source: 'guide/input-output-inputpath-params.md, InputPath',
    state: { Type: 'Task', Resource: 'r', InputPath: '$.dataset2' },
    input: {
      comment: 'Example for InputPath.',
      dataset1: { val1: 1, val2: 2, val3: 3 },
      dataset2: { val1: 'a', val2: 'b', val3: 'c' },
    },
    expected: { val1: 'a', val2: 'b', val3: 'c' },
  },
  {
    name: 'InputPath with a slice yields an array',
    source: 'guide/input-output-inputpath-params.md, InputPath note',
    state: { Type: 'Task', Resource: 'r', InputPath: '$.a[0:2]' },
    input: { a: [1, 2, 3, 4] },
    expected: [1, 2],
  },
  {
    name: 'InputPath $.a[0,1] gathers both values into an array',
    source: 'states-language-spec.html, Using InputPath, Parameters, …',
    state: { Type: 'Task', Resource: 'r', InputPath: '$.a[0,1]' },
    input: { a: [1, 2, 3, 4] },
    expected: [1, 2],
  },
  {
    name: 'Parameters key-value pairs',
    source: 'guide/input-output-inputpath-params.md, Key-value pairs',
    state: {
      Type: 'Task',
      Resource: 'r',
      Parameters: {
        comment: 'Selecting what I care about.',
        MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', StaticValue: 'foo' },
      },
    },
    input: {
      comment: 'Example for Parameters.',
      product: {
        details: { color: 'blue', size: 'small', material: 'cotton' },
        availability: 'in stock',
        sku: '2317',
        cost: '$23',
      },
    },
    expected: { comment: 'Selecting what I care about.', MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' } },
  },
  {
    name: 'InputPath null gives {}',
    source: 'states-language-spec.html, InputPath null',
    state: { Type: 'Task', Resource: 'r', InputPath: null },
    input: { a: 1 },
    expected: {},
  },
  {
    name: 'ResultSelector then ResultPath merges a selection of the result into the input',
    source: 'guide/input-output-inputpath-params.md, ResultSelector',
    state: {
      Type: 'Task',
      Resource: 'arn:aws:states:::elasticmapreduce:createCluster.sync',
      ResultSelector: { 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' },
      ResultPath: '$.EMROutput',
    },
    input: { OtherDataFromInput: {} },
    result: {
      resourceType: 'elasticmapreduce',
      resource: 'createCluster.sync',
      output: {
        SdkHttpMetadata: {
          HttpHeaders: {
            'Content-Length': '1112',
            'Content-Type': 'application/x-amz-JSON-1.1',
            Date: 'Mon, 25 Nov 2019 19:41:29 GMT',
            'x-amzn-RequestId': '1234-5678-9012',
          },
          HttpStatusCode: 200,
        },
        SdkResponseMetadata: { RequestId: '1234-5678-9012' },
        ClusterId: 'AKIAIOSFODNN7EXAMPLE',
      },
    },
    expected: { OtherDataFromInput: {}, EMROutput: { ResourceType: 'elasticmapreduce', ClusterId: 'AKIAIOSFODNN7EXAMPLE' } },
  },
  {
    name: 'ResultPath overwrites an existing field',
    source: 'states-language-spec.html, ResultPath $.master.detail',
    state: { Type: 'Task', Resource: 'r', ResultPath: '$.master.detail' },
    input: { master: { detail: [1, 2, 3] } },
    result: 6,
    expected: { master: { detail: 6 } },
  },
  {
    name: 'ResultPath creates the missing fields on its way',
    source: 'states-language-spec.html, ResultPath $.master.result.sum',
    state: { Type: 'Task', Resource: 'r', ResultPath: '$.master.result.sum' },
    input: { master: { detail: [1, 2, 3] } },
    result: 6,
    expected: { master: { detail: [1, 2, 3], result: { sum: 6 } } },
  },
  {
    name: 'InputPath $.numbers and ResultPath $.sum (the Lambda sum example)',
    source: 'states-language-spec.html, Input/Output Processing Examples',
    state: { Type: 'Task', Resource: 'r', InputPath: '$.numbers', ResultPath: '$.sum' },
    input: { title: 'Numbers to add', numbers: { val1: 3, val2: 4 } },
    result: 7,
    expected: { title: 'Numbers to add', numbers: { val1: 3, val2: 4 }, sum: 7 },
  },
  {
    name: 'ResultPath $.b.greeting builds the object b',
    source: 'states-language-spec.html, Input/Output Processing Examples',
    state: { Type: 'Task', Resource: 'r', ResultPath: '$.b.greeting' },
    input: { a: 1 },
    result: 'Hi!',
    expected: { a: 1, b: { greeting: 'Hi!' } },
  },
  {
    name: 'ResultPath null discards the result',
    source: 'states-language-spec.html, ResultPath null',
    state: { Type: 'Task', Resource: 'r', ResultPath: null },
    input: { a: 1 },
    result: 'ignored',
    expected: { a: 1 },
  },
  {
    name: 'OutputPath null gives {}',
    source: 'states-language-spec.html, OutputPath null',
    state: { Type: 'Task', Resource: 'r', OutputPath: null },
    input: { a: 1 },
    result: { b: 2 },
    expected: {},
  },
];

for (const c of CASES) {
  test(`${c.name} [${c.source}]`, async () => {
    const state = stateOf(c.state);
    const scope = scopeOf(c.input, c.context ? { context: c.context } : {});
    if (c.result === undefined) assert.deepEqual(await flow.effectiveInput(state, scope), c.expected);
    else assert.deepEqual((await flow.complete(state, scope, c.result)).output, c.expected);
  });
}

test('ResultPath into a string input is States.Runtime (spec: "Runtime Errors", ResultPathMatchFailure)', async () => {
  const error = await statesErrorOf(() =>
    flow.complete(stateOf({ Type: 'Task', Resource: 'r', ResultPath: '$.x' }), scopeOf('foo'), 1),
  );
  assert.equal(error.error, 'States.Runtime');
  assert.match(error.causeText, /ResultPath "\$\.x"/);
});

test('a Parameters path that selects nothing is States.Runtime naming the field', async () => {
  const state = stateOf({ Type: 'Task', Resource: 'r', Parameters: { 'missing.$': '$.nope' } });
  const error = await statesErrorOf(() => flow.effectiveInput(state, scopeOf({ a: 1 })));
  assert.equal(error.error, 'States.Runtime');
  assert.match(error.causeText, /"\$\.nope".*"missing\.\$"/);
});

test('ResultPath does not modify the raw input', async () => {
  const input = { a: { b: 1 } };
  await flow.complete(stateOf({ Type: 'Task', Resource: 'r', ResultPath: '$.a.c' }), scopeOf(input), 2);
  assert.deepEqual(input, { a: { b: 1 } });
});
