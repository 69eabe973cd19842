import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json } from '../../../../src/workflows/asl/asl-types.js';
import { queryPath } from '../../../../src/workflows/asl/jsonpath/path-reader.js';
import { pathProblem } from '../../../../src/workflows/asl/jsonpath/path-syntax.js';
import { statesErrorOf } from './scope.js';

/** guide/amazon-states-language-paths.md, "Reference Paths". */
const GUIDE_INPUT: Json = {
  foo: 123,
  bar: ['a', 'b', 'c'],
  car: { cdr: true },
  jar: [{ a: 1 }, { a: 5 }, { a: 2 }, { a: 7 }, { a: 3 }],
};

/** The bookstore document of Jayway JsonPath's README, the syntax Step Functions follows. */
const STORE: Json = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
      { category: 'fiction', author: 'J. R. R. Tolkien', title: 'The Lord of the Rings', isbn: '0-395-19395-8', price: 22.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
};

const CASES: readonly { path: string; input: Json; expected: Json | undefined; source: string }[] = [
  { path: '$.foo', input: GUIDE_INPUT, expected: 123, source: 'guide paths' },
  { path: '$.bar', input: GUIDE_INPUT, expected: ['a', 'b', 'c'], source: 'guide paths' },
  { path: '$.car.cdr', input: GUIDE_INPUT, expected: true, source: 'guide paths' },
  { path: '$.jar[?(@.a >= 5)]', input: GUIDE_INPUT, expected: [{ a: 5 }, { a: 7 }], source: 'guide paths' },
  { path: '$', input: GUIDE_INPUT, expected: GUIDE_INPUT, source: 'spec' },
  { path: '$.store\\.book', input: { 'store.book': 1 }, expected: 1, source: 'spec, Reference Paths (escaped dot)' },
  { path: '$.\\stor\\e.boo\\k', input: { store: { book: 2 } }, expected: 2, source: 'spec, Reference Paths (escaped letters)' },
  {
    path: '$.foo\\@bar.baz\\[\\[.\\?pretty',
    input: { 'foo@bar': { 'baz[[': { '?pretty': 3 } } },
    expected: 3,
    source: 'spec, Reference Paths',
  },
  {
    path: '$.&Ж中.\uD800\uDF46',
    input: { '&Ж中': { '\uD800\uDF46': 4 } },
    expected: 4,
    source: 'spec, Reference Paths (Unicode)',
  },
  {
    path: '$.ledgers[0][22][315].foo',
    input: {
      ledgers: [Array.from({ length: 23 }, (_, i) => (i === 22 ? Array.from({ length: 316 }, (_, j) => ({ foo: j })) : []))],
    },
    expected: 315,
    source: 'spec, Reference Paths',
  },
  { path: "$['store']['book']", input: { store: { book: 5 } }, expected: 5, source: 'spec, Reference Paths (brackets)' },
  { path: "$['store'][0]['book']", input: { store: [{ book: 6 }] }, expected: 6, source: 'spec, Reference Paths' },
  { path: "$['a b']", input: { 'a b': 7 }, expected: 7, source: 'quoted name with a space' },
  { path: '$.vals[-1]', input: { vals: [1, 2, 3] }, expected: 3, source: 'negative index' },
  { path: '$.vals[5]', input: { vals: [1, 2, 3] }, expected: undefined, source: 'index past the end selects nothing' },
  { path: '$.missing', input: {}, expected: undefined, source: 'missing field selects nothing' },
  {
    path: '$.store.book[*].author',
    input: STORE,
    expected: ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien'],
    source: 'Jayway README',
  },
  {
    path: '$..author',
    input: STORE,
    expected: ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien'],
    source: 'Jayway README',
  },
  { path: '$.store..price', input: STORE, expected: [8.95, 12.99, 8.99, 22.99, 19.95], source: 'Jayway README' },
  { path: '$..book[2].title', input: STORE, expected: ['Moby Dick'], source: 'Jayway README' },
  { path: '$..book[-2:].title', input: STORE, expected: ['Moby Dick', 'The Lord of the Rings'], source: 'Jayway README' },
  { path: '$..book[0,1].title', input: STORE, expected: ['Sayings of the Century', 'Sword of Honour'], source: 'Jayway README' },
  { path: '$..book[:2].title', input: STORE, expected: ['Sayings of the Century', 'Sword of Honour'], source: 'Jayway README' },
  { path: '$..book[?(@.isbn)].title', input: STORE, expected: ['Moby Dick', 'The Lord of the Rings'], source: 'Jayway README' },
  {
    path: '$.store.book[?(@.price < 10)].title',
    input: STORE,
    expected: ['Sayings of the Century', 'Moby Dick'],
    source: 'Jayway README',
  },
  { path: '$..book[?(@.price <= $.expensive)].price', input: STORE, expected: [8.95, 8.99], source: 'Jayway README' },
  { path: '$..book[?(@.author =~ /.*REES/i)].price', input: STORE, expected: [8.95], source: 'Jayway README' },
  {
    path: "$..book[?(@.category == 'fiction' && @.price > 20)].title",
    input: STORE,
    expected: ['The Lord of the Rings'],
    source: '&&',
  },
  { path: "$..book[?(@.price > 20 || @.category == 'reference')].price", input: STORE, expected: [8.95, 22.99], source: '||' },
  { path: "$..book[?(!(@.category == 'fiction'))].price", input: STORE, expected: [8.95], source: '! and parentheses' },
  { path: "$..book[?(@.category in ['reference'])].price", input: STORE, expected: [8.95], source: 'in' },
  { path: "$..book[?(@.category nin ['reference'])].price", input: STORE, expected: [12.99, 8.99, 22.99], source: 'nin' },
  { path: '$.store.*', input: { store: { a: 1, b: [2] } }, expected: [1, [2]], source: 'wildcard over an object' },
  { path: "$['a','b']", input: { a: 1, b: 2, c: 3 }, expected: [1, 2], source: 'union of names' },
  { path: '$.a[::2]', input: { a: [0, 1, 2, 3, 4] }, expected: [0, 2, 4], source: 'slice with a step' },
  { path: '$.a[::-1]', input: { a: [0, 1, 2] }, expected: [2, 1, 0], source: 'slice backwards' },
  { path: '$.a[*].b', input: { a: [{ b: 1 }, { c: 2 }, { b: 3 }] }, expected: [1, 3], source: 'missing leaves are skipped' },
  { path: '$.a[?(@ > 1)]', input: { a: [1, 2, 3] }, expected: [], source: 'guide paths: @ does not match scalar values' },
  { path: '$.a[*]', input: { a: [] }, expected: [], source: 'an indefinite path that matches nothing is []' },
];

for (const c of CASES) {
  test(`${c.path} [${c.source}]`, () => {
    assert.deepEqual(queryPath(c.path, { input: c.input, context: {}, variables: {} }), c.expected);
  });
}

test('$$ reads the context object and $name the workflow variables', () => {
  const data = {
    input: { a: 1 },
    context: { Execution: { Id: 'arn:x' } },
    variables: { order: { items: [{ id: 'i1' }] }, n: 0 },
  };
  assert.deepEqual(queryPath('$$', data), { Execution: { Id: 'arn:x' } });
  assert.equal(queryPath('$$.Execution.Id', data), 'arn:x');
  assert.equal(queryPath('$order.items[0].id', data), 'i1');
  assert.equal(queryPath('$n', data), 0);
  assert.equal(queryPath('$undefinedVariable', data), undefined);
});

test('malformed paths are States.Runtime naming the path and position', async () => {
  for (const bad of ['a.b', '$.', '$[', "$['open", '$.a[?(@.b >)]', '$.a[1:2:0]', '$.a b']) {
    const error = await statesErrorOf(() => queryPath(bad, { input: {}, context: {}, variables: {} }));
    assert.equal(error.error, 'States.Runtime', bad);
    assert.match(error.causeText, /Invalid JSONPath/);
  }
});

test('pathProblem tells a reference path from a path that may select several nodes (spec: Reference Paths)', () => {
  assert.equal(pathProblem('$.a.b[0]', { reference: true }), undefined);
  assert.match(pathProblem('$.a[*]', { reference: true }) ?? '', /not a reference path/);
  assert.match(pathProblem('$..a', { reference: true }) ?? '', /not a reference path/);
  assert.equal(pathProblem('$..a'), undefined);
  assert.match(pathProblem('$.a[') ?? '', /Invalid JSONPath/);
});
