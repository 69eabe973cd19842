import assert from 'node:assert/strict';
import { test } from 'node:test';
import jsonata from 'jsonata';
import { evaluateExpression } from '../../../../src/workflows/asl/jsonata/jsonata-expression.js';
import { readSimplePath, simplePathOf } from '../../../../src/workflows/asl/jsonata/simple-path.js';

const bindings = {
  states: {
    input: { a: { b: 1, n: null, list: [1, [2, 3]], one: [7], obj: { k: 'v' } }, s: 'x' },
    context: { Map: { Item: { Value: { id: 3 } } } },
  },
  region: 'eu',
};

test('the fast path reads exactly what jsonata evaluates, and falls back where JSONata flattens arrays', async () => {
  const texts = [
    '$states.input.a.b',
    '$states.input.a.n',
    '$states.input.a.obj',
    '$states.input.s',
    '$region',
    '$states.context.Map.Item.Value.id',
    '$states.input.a.list',
    '$states.input.a.one',
    '$states.input.a.list.x',
  ];
  for (const text of texts) {
    const expected = await jsonata(text).evaluate(undefined, bindings);
    const got = await evaluateExpression(`{% ${text} %}`, bindings, 'Output').catch(() => undefined);
    assert.deepEqual(
      got === undefined ? undefined : JSON.parse(JSON.stringify(got)),
      expected === undefined ? undefined : JSON.parse(JSON.stringify(expected)),
      text,
    );
  }
});

test('only a variable and plain names take the fast path', () => {
  const path = (t: string) => simplePathOf(jsonata(t).ast());
  assert.deepEqual(path('$states.input.a'), { variable: 'states', names: ['input', 'a'] });
  assert.deepEqual(path('$region'), { variable: 'region', names: [] });
  for (const t of [
    '$states.input.a[0]',
    '$states.input.a[b > 1]',
    'a.b',
    '$.a',
    '$$.a',
    '$states.input.(a)',
    '$count($states.input)',
  ]) {
    assert.equal(path(t), undefined, t);
  }
  const p = path('$states.input.a.list');
  assert.ok(p);
  assert.equal(typeof readSimplePath(p, bindings), 'symbol', 'an array value falls back to jsonata');
  assert.equal(
    readSimplePath(path('$missing') as never, bindings),
    readSimplePath(path('$missing') as never, {}),
    'an unbound variable falls back',
  );
});
