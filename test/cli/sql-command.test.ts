import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';
import { godwit } from './process.js';

describe('godwit sql', () => {
  test('runs a script in order on the embedded warehouse, printing tables and costs; --json gives both', async () => {
    const dir = scratchDir('godwit-sql-');
    const env = { GODWIT_HOME: join(dir, 'home') };
    const script = join(dir, 'make.sql');
    writeFileSync(
      script,
      "-- a comment; with a semicolon\ncreate table people as select i as id, 'p' || i as name from range(4) t(i);\ninsert into people values (9, 'semi;colon');\n",
    );
    const made = await godwit(['sql', '-f', script], env);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stderr, /-- 4 rows affected in .*\n-- 1 row affected in /);

    const r = await godwit(['sql', 'select id, name from people where id >= $lo order by id', '--param', 'lo=2'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'id  name\n2   p2\n3   p3\n9   semi;colon\n');
    assert.match(r.stderr, /^-- 3 rows in \d+ ms$/m);

    const j = await godwit(['sql', 'select count(*) as n, $tag as tag from people', '-p', 'tag="007"', '--json'], env);
    assert.equal(j.code, 0, j.stderr);
    const out = JSON.parse(j.stdout);
    assert.equal(out.warehouse, 'default');
    assert.deepEqual(out.statements[0].rows, [{ n: 5, tag: '007' }]);
    assert.deepEqual(
      out.statements[0].columns.map((c: { name: string }) => c.name),
      ['n', 'tag'],
    );
    assert.equal(out.statements[0].cost.rows, 1);
  });

  test('errors are coded sentences: a missing table, a missing parameter, an unknown warehouse, no SQL', async () => {
    const env = { GODWIT_HOME: join(scratchDir('godwit-sql-'), 'home') };
    const missing = await godwit(['sql', 'select * from nowhere'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: Warehouse "default" has no table nowhere\./);
    const param = await godwit(['sql', 'select $who as who'], env);
    assert.match(param.stderr, /uses parameter \$who, which was not given.*--param who=VALUE/);
    const unknown = await godwit(['sql', '--warehouse', 'defualt', 'select 1'], env);
    assert.match(unknown.stderr, /There is no warehouse named "defualt"\. Did you mean "default"\?/);
    const none = await godwit(['sql'], env);
    assert.match(none.stderr, /either as an argument or with -f FILE/);
    for (const r of [missing, param, unknown, none]) assert.doesNotMatch(r.stderr, /internal error/i);
  });

  test('a hostile parameter value is data, not SQL', async () => {
    const env = { GODWIT_HOME: join(scratchDir('godwit-sql-'), 'home') };
    await godwit(['sql', 'create table t (s varchar)'], env);
    const evil = "x'); drop table t; --";
    const r = await godwit(['sql', 'insert into t values ($v); select s from t', '-p', `v=${evil}`], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `s\n${evil}\n`);
  });

  test('--dialect redshift runs Redshift SQL, COPY and UNLOAD included, on the embedded warehouse', async () => {
    const dir = scratchDir('godwit-sql-');
    const env = { GODWIT_HOME: join(dir, 'home') };
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'p.csv'), 'id,name\n1,a\n2,\n');
    const inUri = `${pathToFileURL(join(dir, 'in')).href}/`;
    const outUri = `${pathToFileURL(join(dir, 'out')).href}/`;
    const script = [
      'create table t (id int, name varchar(10)) diststyle key distkey(id)',
      `copy t from '${inUri}' iam_role default format as csv ignoreheader 1`,
      "select id, nvl(name, '?') as n from t where id >= :lo order by id",
      `unload ('select * from t') to '${outUri}' iam_role default parallel off manifest`,
    ].join(';\n');
    const r = await godwit(['sql', '--dialect', 'redshift', script, '-p', 'lo=1'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'id  n\n1   a\n2   ?\n');
    assert.match(r.stderr, /1 file written/);
    assert.deepEqual(
      readdirSync(join(dir, 'out'))
        .filter((f) => !f.startsWith('.'))
        .sort(),
      ['0000_part_00.csv', 'manifest'],
    );
  });
});
