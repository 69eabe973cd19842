import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json } from '../../../../src/workflows/asl/asl-types.js';
import { evaluateIntrinsic } from '../../../../src/workflows/asl/jsonpath/intrinsics/intrinsic-eval.js';
import { intrinsicProblem } from '../../../../src/workflows/asl/jsonpath/intrinsics/intrinsic-syntax.js';
import { JsonPathFlow } from '../../../../src/workflows/asl/jsonpath/jsonpath-flow.js';
import { scopeOf, stateOf, statesErrorOf } from './scope.js';

// GUIDE: the stored guide's amazon-states-language-intrinsic-functions.md (3d6752c), which has
// Format, StringToJson, JsonToString and Array. CURRENT: the same page of the current online
// Developer Guide ("Intrinsic functions for JSONPath states"), whose examples are quoted with
// their documented inputs and outputs for the functions added later. FIPS 180 / RFC 1321: the
// standard "abc" test vectors of the hash functions.
const GUIDE = 'guide/amazon-states-language-intrinsic-functions.md';
const CURRENT = 'Developer Guide (current), Intrinsic functions';
const NINE = [1, 2, 3, 4, 5, 6, 7, 8, 9];

const CASES: readonly { call: string; input: Json; expected: Json; source: string }[] = [
  {
    call: "States.Format('Hello, my name is {}.', $.name)",
    input: { name: 'Arnav', template: 'Hello, my name is {}.' },
    expected: 'Hello, my name is Arnav.',
    source: GUIDE,
  },
  {
    call: 'States.Format($.template, $.name)',
    input: { name: 'Arnav', template: 'Hello, my name is {}.' },
    expected: 'Hello, my name is Arnav.',
    source: GUIDE,
  },
  {
    call: "States.Format('Welcome to {} {}\\'s playlist.', $.firstName, $.lastName)",
    input: { firstName: 'Jane', lastName: 'Doe' },
    expected: "Welcome to Jane Doe's playlist.",
    source: 'states-language-spec.html, Intrinsic Functions',
  },
  {
    call: "States.Format('\\{\\} is {}, \\\\ stays', $.n)",
    input: { n: 5 },
    expected: '{} is 5, \\ stays',
    source: `${GUIDE}, reserved characters`,
  },
  {
    call: 'States.StringToJson($.escapedJsonString)',
    input: { escapedJsonString: '{"foo": "bar"}' },
    expected: { foo: 'bar' },
    source: GUIDE,
  },
  // The guide prints `{\"foo\": \"bar\"}`; Step Functions' JSON text is compact (no space), as here.
  {
    call: 'States.JsonToString($.unescapedJson)',
    input: { unescapedJson: { foo: 'bar' } },
    expected: '{"foo":"bar"}',
    source: GUIDE,
  },
  {
    call: "States.Array('Foo', 2022, $.someJson, null)",
    input: { someJson: { random: 'abcdefg' }, zebra: 'stripe' },
    expected: ['Foo', 2022, { random: 'abcdefg' }, null],
    source: GUIDE,
  },
  {
    call: 'States.ArrayPartition($.inputArray,4)',
    input: { inputArray: NINE },
    expected: [[1, 2, 3, 4], [5, 6, 7, 8], [9]],
    source: CURRENT,
  },
  {
    call: 'States.ArrayContains($.inputArray, $.lookingFor)',
    input: { inputArray: NINE, lookingFor: 5 },
    expected: true,
    source: CURRENT,
  },
  {
    call: 'States.ArrayContains($.a, $.o)',
    input: { a: [{ x: [1] }], o: { x: [1] } },
    expected: true,
    source: 'structural equality',
  },
  { call: 'States.ArrayRange(1, 9, 2)', input: {}, expected: [1, 3, 5, 7, 9], source: CURRENT },
  { call: 'States.ArrayRange(5, 1, -2)', input: {}, expected: [5, 3, 1], source: 'a negative step counts down' },
  { call: 'States.ArrayGetItem($.inputArray, $.index)', input: { inputArray: NINE, index: 5 }, expected: 6, source: CURRENT },
  { call: 'States.ArrayLength($.inputArray)', input: { inputArray: NINE }, expected: 9, source: CURRENT },
  {
    call: 'States.ArrayUnique($.inputArray)',
    input: { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] },
    expected: [1, 2, 3, 4],
    source: CURRENT,
  },
  { call: 'States.Base64Encode($.input)', input: { input: 'Data to encode' }, expected: 'RGF0YSB0byBlbmNvZGU=', source: CURRENT },
  {
    call: 'States.Base64Decode($.base64)',
    input: { base64: 'RGF0YSB0byBlbmNvZGU=' },
    expected: 'Data to encode',
    source: CURRENT,
  },
  {
    call: 'States.Hash($.Data, $.Algorithm)',
    input: { Data: 'input data', Algorithm: 'SHA-1' },
    expected: 'aaff4a450a104cd177d28d18d74485e8cae074b7',
    source: CURRENT,
  },
  { call: "States.Hash('abc', 'MD5')", input: {}, expected: '900150983cd24fb0d6963f7d28e17f72', source: 'RFC 1321' },
  {
    call: "States.Hash('abc', 'SHA-256')",
    input: {},
    expected: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    source: 'FIPS 180',
  },
  {
    call: "States.Hash('abc', 'SHA-384')",
    input: {},
    expected: 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    source: 'FIPS 180',
  },
  {
    call: "States.Hash('abc', 'SHA-512')",
    input: {},
    expected:
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    source: 'FIPS 180',
  },
  {
    call: 'States.JsonMerge($.json1, $.json2, false)',
    input: { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } },
    expected: { a: { a3: 1, a4: 2 }, b: 2, c: 3 },
    source: CURRENT,
  },
  { call: 'States.MathAdd($.value1, $.step)', input: { value1: 111, step: -1 }, expected: 110, source: CURRENT },
  {
    call: 'States.StringSplit($.inputString, $.splitter)',
    input: { inputString: '1,2,3,4,5', splitter: ',' },
    expected: ['1', '2', '3', '4', '5'],
    source: CURRENT,
  },
  {
    call: 'States.StringSplit($.inputString, $.splitter)',
    input: { inputString: 'This.is+a,test=string', splitter: '.+,=' },
    expected: ['This', 'is', 'a', 'test', 'string'],
    source: CURRENT,
  },
  {
    call: "States.Format('{} {} {} {}', 'a', 1.5, true, null)",
    input: {},
    expected: 'a 1.5 true null',
    source: 'scalar arguments as text',
  },
  { call: 'States.ArrayLength(States.Array(1, States.Array(2, 3), true))', input: {}, expected: 3, source: 'nested calls' },
  {
    call: "States.Format('{} {}', $$.Execution.Name, $v.list[1])",
    input: {},
    expected: 'run-1 b',
    source: 'context and variable arguments',
  },
];

const context = { Execution: { Name: 'run-1' } };

for (const c of CASES) {
  test(`${c.call} on ${JSON.stringify(c.input)} [${c.source}]`, () => {
    assert.deepEqual(
      evaluateIntrinsic(c.call, { input: c.input, context, variables: { v: { list: ['a', 'b'] } } }, 'x.$'),
      c.expected,
    );
  });
}

test('States.MathRandom stays in [start, end) and repeats for a seed; States.UUID is a version 4 UUID [CURRENT]', () => {
  const data = { input: { start: 1, end: 999 }, context: {}, variables: {} };
  for (let i = 0; i < 200; i++) {
    const n = evaluateIntrinsic('States.MathRandom($.start, $.end)', data, 'x.$') as number;
    assert.ok(Number.isInteger(n) && n >= 1 && n < 999);
  }
  const seeded = evaluateIntrinsic('States.MathRandom($.start, $.end, 42)', data, 'x.$');
  assert.equal(evaluateIntrinsic('States.MathRandom($.start, $.end, 42)', data, 'x.$'), seeded);
  assert.match(
    evaluateIntrinsic('States.UUID()', data, 'x.$') as string,
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
});

const FAILURES: readonly { call: string; input: Json; message: RegExp }[] = [
  { call: "States.Format('{} and {}', $.a)", input: { a: 1 }, message: /States\.Format.*placeholders/ },
  { call: "States.Format('{}', 1, 2)", input: {}, message: /States\.Format.*1 \{\} placeholders but 2/ },
  { call: 'States.Format(1)', input: {}, message: /States\.Format: argument 1 must be a string/ },
  {
    call: "States.Format('{}', $.o)",
    input: { o: { k: 1 } },
    message: /States\.Format: argument 2 must be a string, number, boolean or null/,
  },
  {
    call: 'States.ArrayPartition($.a, 0)',
    input: { a: [1] },
    message: /States\.ArrayPartition: argument 2 must be an integer from 1/,
  },
  { call: 'States.ArrayPartition($.a)', input: { a: [1] }, message: /States\.ArrayPartition: it takes 2 arguments, got 1/ },
  { call: "States.ArrayLength('abc')", input: {}, message: /States\.ArrayLength: argument 1 must be an array, got "abc"/ },
  { call: 'States.ArrayGetItem($.a, 3)', input: { a: [1, 2] }, message: /index 3 is outside the array of 2/ },
  { call: 'States.ArrayRange(1, 2000, 1)', input: {}, message: /2000 elements; the limit is 1000/ },
  { call: 'States.ArrayRange(1, 5, 0)', input: {}, message: /step\) cannot be 0/ },
  { call: "States.Hash('x', 'SHA-999')", input: {}, message: /argument 2 must be one of MD5, SHA-1/ },
  { call: "States.Base64Decode('***')", input: {}, message: /not Base64/ },
  { call: "States.StringToJson('{nope')", input: {}, message: /not JSON text/ },
  { call: 'States.JsonMerge($.a, $.b, true)', input: { a: {}, b: {} }, message: /deep merging/ },
  { call: 'States.JsonMerge($.a, $.b, false)', input: { a: [], b: {} }, message: /argument 1 must be a JSON object/ },
  { call: 'States.MathAdd(1.5, 1)', input: {}, message: /States\.MathAdd: argument 1 must be an integer/ },
  { call: 'States.MathRandom(5, 5)', input: {}, message: /end \(5\) must be greater/ },
  { call: 'States.UUID(1)', input: {}, message: /States\.UUID: it takes 0 arguments/ },
  { call: 'States.Nope(1)', input: {}, message: /unknown intrinsic function States\.Nope/ },
  { call: "States.Format('a\\b')", input: {}, message: /open escape/ },
  { call: "States.Format('abc'", input: {}, message: /expected "," or "\)"/ },
];

for (const f of FAILURES) {
  test(`${f.call} is States.IntrinsicFailure`, async () => {
    const error = await statesErrorOf(() => evaluateIntrinsic(f.call, { input: f.input, context: {}, variables: {} }, 'x.$'));
    assert.equal(error.error, 'States.IntrinsicFailure');
    assert.match(error.causeText, f.message);
  });
}

test('intrinsic calls nest up to 10 deep and no deeper', () => {
  const nest = (n: number): string => (n === 0 ? '1' : `States.Array(${nest(n - 1)})`);
  assert.equal(intrinsicProblem(nest(10)), undefined);
  assert.match(intrinsicProblem(nest(11)) ?? '', /at most 10 deep/);
});

test('a path argument that selects nothing is States.Runtime', async () => {
  const error = await statesErrorOf(() =>
    evaluateIntrinsic('States.ArrayLength($.missing)', { input: {}, context: {}, variables: {} }, 'n.$'),
  );
  assert.equal(error.error, 'States.Runtime');
});

test('Parameters call intrinsics through "key.$" fields [guide/amazon-states-language-intrinsic-functions.md, States.Array]', async () => {
  const state = stateOf({ Type: 'Pass', Parameters: { 'foo.$': "States.Array('Foo', 2022, $.someJson, null)" } });
  const output = await new JsonPathFlow().effectiveInput(state, scopeOf({ someJson: { random: 'abcdefg' }, zebra: 'stripe' }));
  assert.deepEqual(output, { foo: ['Foo', 2022, { random: 'abcdefg' }, null] });
});
