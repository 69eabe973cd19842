/** Which names the local user's external-table substitution replaces: dotted FROM and JOIN items only. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromItems } from '../../src/governance/external/external-warehouse.js';

const found = (sql: string, catalog?: string) =>
  fromItems(sql, catalog).map((c) => [`${c.database}.${c.name}`, c.aliased, sql.slice(c.start, c.end)]);

test('FROM, JOIN and comma items, quoted or catalog-qualified, with and without aliases', () => {
  assert.deepEqual(found('select * from lake.events'), [['lake.events', false, 'lake.events']]);
  assert.deepEqual(found('SELECT * FROM "Lake"."Events" e'), [['Lake.Events', true, '"Lake"."Events"']]);
  assert.deepEqual(found('select * from godwit.lake.events as x', 'godwit'), [['lake.events', true, 'godwit.lake.events']]);
  assert.deepEqual(found('select * from a join lake.events using (id) left join lake.other o on true'), [
    ['lake.events', false, 'lake.events'],
    ['lake.other', true, 'lake.other'],
  ]);
  assert.deepEqual(found('select * from a, lake.events where x = 1'), [['lake.events', false, 'lake.events']]);
  assert.deepEqual(found('select * from (select * from lake.events) s'), [['lake.events', false, 'lake.events']]);
  assert.deepEqual(found('from lake.events select id; select 1 from lake.b'), [
    ['lake.events', false, 'lake.events'],
    ['lake.b', false, 'lake.b'],
  ]);
});

test('not a column, a function, an undotted name, a string or an argument FROM', () => {
  assert.deepEqual(found('select lake.events, x from t lake'), []);
  assert.deepEqual(found("select * from read_csv('lake.events')"), []);
  assert.deepEqual(found('select * from events'), []);
  assert.deepEqual(found('select * from lake.events(1)'), []);
  assert.deepEqual(found('select extract(year from lake.at) from t'), []);
  assert.deepEqual(found('select a, lake.events from t where b = 1'), []);
  assert.deepEqual(found('select * from a.b.c.d'), []);
});
