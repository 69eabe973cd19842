import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json, JsonObject, MapState } from '../../../../src/workflows/asl/asl-types.js';
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
  {
    name: 'no ResultPath: the result replaces the input',
    source: 'guide/input-output-resultpath.md, Replace the Input with the Result',
    state: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction' },
    input: {
      comment: 'This is a test of the input and output of a Task state.',
      details: 'Default example',
      who: 'AWS Step Functions',
    },
    result: 'Hello, AWS Step Functions!',
    expected: 'Hello, AWS Step Functions!',
  },
  {
    // The guide's printed output says "Default behavior example" and drops "the"; its input, used here, does not.
    name: 'ResultPath $.taskresult includes the result with the input',
    source: 'guide/input-output-resultpath.md, Include the Result with the Input',
    state: { Type: 'Task', Resource: 'r', ResultPath: '$.taskresult' },
    input: {
      comment: 'This is a test of the input and output of a Task state.',
      details: 'Default example',
      who: 'AWS Step Functions',
    },
    result: 'Hello, AWS Step Functions!',
    expected: {
      comment: 'This is a test of the input and output of a Task state.',
      details: 'Default example',
      who: 'AWS Step Functions',
      taskresult: 'Hello, AWS Step Functions!',
    },
  },
  {
    name: 'ResultPath $.strings.lambdaresult inserts the result as a child node',
    source: 'guide/input-output-resultpath.md, Include the Result with the Input',
    state: { Type: 'Task', Resource: 'r', ResultPath: '$.strings.lambdaresult' },
    input: {
      comment: 'An input comment.',
      strings: { string1: 'foo', string2: 'bar', string3: 'baz' },
      who: 'AWS Step Functions',
    },
    result: 'Hello, AWS Step Functions!',
    expected: {
      comment: 'An input comment.',
      strings: { string1: 'foo', string2: 'bar', string3: 'baz', lambdaresult: 'Hello, AWS Step Functions!' },
      who: 'AWS Step Functions',
    },
  },
  {
    name: 'ResultPath $.comment updates a node of the input',
    source: 'guide/input-output-resultpath.md, Update a Node in the Input with the Result',
    state: { Type: 'Task', Resource: 'r', ResultPath: '$.comment' },
    input: {
      comment: 'This is a test of the input and output of a Task state.',
      details: 'Default example',
      who: 'AWS Step Functions',
    },
    result: 'Hello, AWS Step Functions!',
    expected: { comment: 'Hello, AWS Step Functions!', details: 'Default example', who: 'AWS Step Functions' },
  },
  {
    name: 'InputPath, ResultPath and OutputPath together (the HelloWorld task)',
    source: 'guide/input-output-example.md',
    state: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:HelloFunction',
      InputPath: '$.lambda',
      ResultPath: '$.data.lambdaresult',
      OutputPath: '$.data',
    },
    input: { comment: 'An input comment.', data: { val1: 23, val2: 17 }, extra: 'foo', lambda: { who: 'AWS Step Functions' } },
    result: 'Hello, AWS Step Functions!',
    expected: { val1: 23, val2: 17, lambdaresult: 'Hello, AWS Step Functions!' },
  },
  {
    name: 'the HelloWorld task receives only the lambda node',
    source: 'guide/input-output-example.md',
    state: { Type: 'Task', Resource: 'r', InputPath: '$.lambda', ResultPath: '$.data.lambdaresult', OutputPath: '$.data' },
    input: { comment: 'An input comment.', data: { val1: 23, val2: 17 }, extra: 'foo', lambda: { who: 'AWS Step Functions' } },
    expected: { who: 'AWS Step Functions' },
  },
  {
    name: 'a Pass state places its Result at ResultPath',
    source: 'guide/amazon-states-language-pass-state.md, Pass State Example',
    state: { Type: 'Pass', Result: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 }, ResultPath: '$.coords', Next: 'End' },
    input: { georefOf: 'Home' },
    result: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 },
    expected: { georefOf: 'Home', coords: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 } },
  },
  {
    name: 'Parameters read the context object ($$.Execution.Id) inside a nested object',
    source: 'guide/input-output-contextobject.md, Order Flight Ticket Queue',
    state: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: {
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/flight-purchase',
        MessageBody: { From: 'YVR', To: 'SEA', 'Execution.$': '$$.Execution.Id' },
      },
    },
    input: {},
    context: { Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName' } },
    expected: {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/flight-purchase',
      MessageBody: {
        From: 'YVR',
        To: 'SEA',
        Execution: 'arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName',
      },
    },
  },
  {
    name: 'a Map result replaces the shipped array at ResultPath in the raw input',
    source: 'guide/amazon-states-language-map-state.md, Map State Example',
    state: { Type: 'Map', InputPath: '$.detail', ItemsPath: '$.shipped', MaxConcurrency: 0, ResultPath: '$.detail.shipped' },
    input: { 'ship-date': '2016-03-14T01:59:00Z', detail: { 'delivery-partner': 'UQS', shipped: [{ prod: 'R31' }] } },
    result: [{ valid: true }],
    expected: { 'ship-date': '2016-03-14T01:59:00Z', detail: { 'delivery-partner': 'UQS', shipped: [{ valid: true }] } },
  },
  {
    name: 'Parameters items in arrays are templates too',
    source: 'spec, Payload Template ("however deeply nested")',
    state: { Type: 'Task', Resource: 'r', Parameters: { list: [{ 'a.$': '$.x' }, 'plain', ['$.x']] } },
    input: { x: 1 },
    expected: { list: [{ a: 1 }, 'plain', ['$.x']] },
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

test('a Pass state without Result passes its effective input (Parameters) on [guide/input-output-contextobject.md, Pass state]', async () => {
  const state = stateOf({
    Type: 'Pass',
    Parameters: { 'startTime.$': '$$.Execution.StartTime', 'execName.$': '$$.Execution.Name' },
    ResultPath: '$.executionContext',
  });
  const scope = scopeOf({ a: 1 }, { context: { Execution: { StartTime: '2019-03-26T20:14:13.192Z', Name: 'executionName' } } });
  const result = await flow.passResult(state, scope);
  assert.deepEqual(result, { startTime: '2019-03-26T20:14:13.192Z', execName: 'executionName' });
  assert.deepEqual((await flow.complete(state, scope, result)).output, { a: 1, executionContext: result });
});

test("a catcher's ResultPath puts the error output into the input [guide/input-output-resultpath.md, Catch]", async () => {
  const catcher = { ErrorEquals: ['States.ALL'], Next: 'NextTask', ResultPath: '$.error' };
  const state = stateOf({ Type: 'Task', Resource: 'r', Catch: [catcher] });
  const caught = await flow.catchOutput(catcher, state, scopeOf({ foo: 'bar' }), { Error: 'Error here' });
  assert.deepEqual(caught.output, { foo: 'bar', error: { Error: 'Error here' } });
  const whole = await flow.catchOutput({ ErrorEquals: ['States.ALL'], Next: 'N' }, state, scopeOf({ foo: 'bar' }), {
    Error: 'E',
    Cause: 'c',
  });
  assert.deepEqual(whole.output, { Error: 'E', Cause: 'c' });
  const kept = await flow.catchOutput(
    { ErrorEquals: ['States.ALL'], Next: 'N', ResultPath: null },
    state,
    scopeOf({ foo: 'bar' }),
    { Error: 'E', Cause: 'c' },
  );
  assert.deepEqual(kept.output, { foo: 'bar' });
});

test('Map items come from ItemsPath after InputPath; ItemSelector / Parameters see $$.Map.Item [guide map-state and contextobject]', async () => {
  const input = {
    'ship-date': '2016-03-14T01:59:00Z',
    detail: {
      'delivery-partner': 'UQS',
      shipped: [
        { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
        { prod: 'S39', 'dest-code': 9511, quantity: 40 },
      ],
    },
  };
  const state = stateOf({
    Type: 'Map',
    InputPath: '$.detail',
    ItemsPath: '$.shipped',
    Parameters: { 'parcel.$': '$$.Map.Item.Value', 'courier.$': '$.delivery-partner' },
  }) as MapState;
  const items = await flow.mapItems(state, scopeOf(input));
  assert.deepEqual(items, input.detail.shipped);
  const context = { Map: { Item: { Index: 0, Value: items[0]! } } };
  assert.deepEqual(await flow.itemInput(state, scopeOf(input, { context })), {
    parcel: { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
    courier: 'UQS',
  });
  const plain = stateOf({
    Type: 'Map',
    ItemSelector: { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' },
  }) as MapState;
  const who = [{ who: 'bob' }, { who: 'meg' }, { who: 'joe' }];
  const inputs = await Promise.all(
    who.map((Value, Index) => flow.itemInput(plain, scopeOf(who, { context: { Map: { Item: { Index, Value } } } }))),
  );
  assert.deepEqual(inputs, [
    { ContextIndex: 0, ContextValue: { who: 'bob' } },
    { ContextIndex: 1, ContextValue: { who: 'meg' } },
    { ContextIndex: 2, ContextValue: { who: 'joe' } },
  ]);
  const bare = stateOf({ Type: 'Map' }) as MapState;
  assert.deepEqual(await flow.itemInput(bare, scopeOf(who, { context: { Map: { Item: { Index: 1, Value: who[1]! } } } })), {
    who: 'meg',
  });
});

test('ItemsPath that selects no array is States.Runtime [guide/input-output-itemspath.md]', async () => {
  const state = stateOf({ Type: 'Map', ItemsPath: '$.ThingsPiratesSay' }) as MapState;
  assert.equal((await statesErrorOf(() => flow.mapItems(state, scopeOf({ ThingsPiratesSay: 'Yar!' })))).error, 'States.Runtime');
  assert.equal((await statesErrorOf(() => flow.mapItems(state, scopeOf({})))).error, 'States.Runtime');
  const things = [{ say: 'Avast!' }, { say: 'Yar!' }, { say: 'Walk the Plank!' }];
  assert.deepEqual(await flow.mapItems(state, scopeOf({ ThingsPiratesSay: things, ThingsGiantsSay: [{ say: 'Fee!' }] })), things);
});

test('an output over 256 KiB is States.DataLimitExceeded naming its size', async () => {
  const big = 'x'.repeat(256 * 1024);
  const error = await statesErrorOf(() =>
    flow.complete(stateOf({ Type: 'Pass' }), scopeOf({}, { context: { State: { Name: 'Big' } } }), big),
  );
  assert.equal(error.error, 'States.DataLimitExceeded');
  assert.match(error.causeText, /output is 262146 bytes, over the 262144-byte limit/);
  const justUnder = 'é'.repeat(100 * 1024);
  assert.equal((await flow.complete(stateOf({ Type: 'Pass' }), scopeOf({}), justUnder)).output, justUnder);
});

test('OutputPath that selects nothing is States.Runtime; a Succeed or Wait state passes its effective input through OutputPath', async () => {
  assert.equal(
    (await statesErrorOf(() => flow.complete(stateOf({ Type: 'Task', Resource: 'r', OutputPath: '$.nope' }), scopeOf({}), {})))
      .error,
    'States.Runtime',
  );
  const succeed = stateOf({ Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' });
  const scope = scopeOf({ a: { b: 2 } });
  assert.deepEqual((await flow.complete(succeed, scope, await flow.effectiveInput(succeed, scope))).output, 2);
});

test('ResultPath through an array or a scalar field is States.Runtime; an index into an existing array replaces the item', async () => {
  const task = (ResultPath: string) => stateOf({ Type: 'Task', Resource: 'r', ResultPath });
  assert.equal((await statesErrorOf(() => flow.complete(task('$.a.b'), scopeOf({ a: [1] }), 1))).error, 'States.Runtime');
  assert.equal((await statesErrorOf(() => flow.complete(task('$.a.b'), scopeOf({ a: 'text' }), 1))).error, 'States.Runtime');
  assert.equal((await statesErrorOf(() => flow.complete(task('$.a[*]'), scopeOf({ a: [1] }), 1))).error, 'States.Runtime');
  assert.equal((await statesErrorOf(() => flow.complete(task('$$.a'), scopeOf({}), 1))).error, 'States.Runtime');
  assert.deepEqual((await flow.complete(task('$.a[1]'), scopeOf({ a: [1, 2] }), 9)).output, { a: [1, 9] });
});

test('Parameters that build an effective input over 256 KiB are States.DataLimitExceeded', async () => {
  const state = stateOf({ Type: 'Task', Resource: 'r', Parameters: { 'a.$': '$.s', 'b.$': '$.s', 'c.$': '$.s' } });
  const error = await statesErrorOf(() => flow.effectiveInput(state, scopeOf({ s: 'x'.repeat(100 * 1024) })));
  assert.equal(error.error, 'States.DataLimitExceeded');
});

test('the limit counts the JSON text: control characters escaped as \\u00XX count six bytes each', async () => {
  const controls = '\u0001'.repeat(50 * 1024);
  const error = await statesErrorOf(() => flow.complete(stateOf({ Type: 'Pass' }), scopeOf({}), controls));
  assert.equal(error.error, 'States.DataLimitExceeded');
});
