import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeTarget } from '../../src/warehouse/duckdb/duckdb-statement.js';
import { returnsRows, splitStatements } from '../../src/warehouse/sql-script.js';

test('splitStatements splits at top-level semicolons only, with each statement’s line', () => {
  const script =
    "-- setup; not a statement\ncreate table t (s varchar);\ninsert into t values ('a;b'), (\"x;y\");\n/* ; */ select ';' as s\n;;\n";
  assert.deepEqual(splitStatements(script, 'duckdb'), [
    { sql: '-- setup; not a statement\ncreate table t (s varchar)', line: 2 },
    { sql: 'insert into t values (\'a;b\'), ("x;y")', line: 3 },
    { sql: "/* ; */ select ';' as s", line: 4 },
  ]);
  assert.deepEqual(
    splitStatements('select `a;b` from x; select "c;d"', 'bigquery').map((s) => s.sql),
    ['select `a;b` from x', 'select "c;d"'],
  );
  assert.deepEqual(splitStatements('  -- only a comment\n', 'duckdb'), []);
});

test('returnsRows tells queries from statements that change things', () => {
  for (const q of [
    'select 1',
    ' -- c\nWITH x AS (select 1) select * from x',
    '(select 1)',
    'show tables',
    'values (1)',
    'describe t',
  ])
    assert.ok(returnsRows(q), q);
  for (const s of ['insert into t values (1)', 'create table t as select 1', 'delete from t', 'copy t from x'])
    assert.ok(!returnsRows(s), s);
});

test('writeTarget reads the written table from a statement’s first words', () => {
  assert.deepEqual(writeTarget('insert into Sales.Orders values (1)'), { schema: 'sales', name: 'orders' });
  assert.deepEqual(writeTarget('/* x */ -- y\n UPDATE "My ""T""" set a = 1'), { schema: 'main', name: 'my "t"' });
  assert.deepEqual(writeTarget('create or replace table db.s.t as select 1'), { schema: 's', name: 't' });
  assert.deepEqual(writeTarget('create table if not exists s.t (a int)'), { schema: 's', name: 't' });
  assert.deepEqual(writeTarget('delete from t where a = 1'), { schema: 'main', name: 't' });
  assert.deepEqual(writeTarget('truncate table x.y'), { schema: 'x', name: 'y' });
  assert.deepEqual(writeTarget("copy t from 'a.csv'"), { schema: 'main', name: 't' });
  assert.equal(writeTarget('with v as (select 1) insert into t select * from v'), undefined);
  assert.equal(writeTarget('alter table t rename to u'), undefined);
});
