import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { cli } from '../cli/capture.js';
import { scratchDir } from '../helpers/scratch.js';

// The catalog's verbs over a real DuckDB warehouse in a temporary home.
describe('godwit catalog, grant, filter and tags', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => cli(args, env, dir);
  const ok = async (...args: string[]) => {
    const r = await run(...args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  before(async () => {
    dir = scratchDir('godwit-catalog-cli-');
    env = { GODWIT_HOME: join(dir, 'home'), HOME: dir, XDG_CONFIG_HOME: dir, GODWIT_USER: 'admin' };
    await ok(
      'sql',
      'create schema churn; create table churn.customers(id bigint, region varchar, email varchar, plan varchar, spend double); create table churn.orders(id bigint, amount double)',
    );
  });

  test("sync reads the warehouse's schemas, tables and columns (not Godwit's own bookkeeping)", async () => {
    const synced = JSON.parse(await ok('catalog', 'sync', '--json'));
    assert.deepEqual(synced, { warehouse: 'default', databases: 1, tables: 2, removed: [] });
    assert.match(await ok('catalog', 'tables'), /churn\.customers +5 +warehouse default\nchurn\.orders +2/);
    const shown = JSON.parse(await ok('catalog', 'show', 'churn.customers', '--json'));
    assert.deepEqual(
      shown.table.columns.map((c: { name: string; type: string }) => `${c.name}:${c.type}`),
      ['id:BIGINT', 'region:VARCHAR', 'email:VARCHAR', 'plan:VARCHAR', 'spend:DOUBLE'],
    );
    await ok('sql', 'drop table churn.orders');
    assert.deepEqual(JSON.parse(await ok('catalog', 'sync', '--json')).removed, ['churn.orders']);
  });

  test('filters and grants from the command line, and their errors as sentences with codes', async () => {
    await ok('filter', 'create', 'eu_no_pii', '--on', 'churn.customers', '--where', "region = 'EU'", '--exclude', 'email');
    await ok('filter', 'create', 'vip_contact', '--on', 'churn.customers', '--where', "plan = 'vip'", '--columns', 'id,email');
    await ok('grant', 'SELECT', '--on', 'filter:churn.customers.eu_no_pii', '--to', 'user/ana');
    await ok('grant', 'select', '--on', 'filter:churn.customers.vip_contact', '--to', 'user/ana');
    const listed = JSON.parse(await ok('grants', '--principal', 'user/ana', '--json'));
    assert.deepEqual(
      listed.map((g: { Resource: { DataCellsFilter: { Name: string } }; LastUpdatedBy: string }) => [
        g.Resource.DataCellsFilter.Name,
        g.LastUpdatedBy,
      ]),
      [
        ['eu_no_pii', 'admin'],
        ['vip_contact', 'admin'],
      ],
    );
    assert.match(
      await ok('filter', 'show', 'eu_no_pii', '--on', 'churn.customers'),
      /Rows: +region = 'EU'\nColumns: all but email\nHeld by:\n +arn:aws:iam::000000000000:user\/ana/,
    );

    const bad = await run('filter', 'create', 'x', '--on', 'churn.customers', '--where', "regoin = 'EU'");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /names a column the table does not have: regoin/);
    const onDb = await run('grant', 'SELECT', '--on', 'churn', '--to', 'user/ana');
    assert.match(onDb.stderr, /SELECT cannot be granted on database churn/);
    const unknown = await run('grant', 'SELECT', '--on', 'churn.nope', '--to', 'user/ana');
    assert.match(unknown.stderr, /There is no table "nope" in database "churn"\. Tables of churn: customers\./);
    const notHeld = await run('revoke', 'DESCRIBE', '--on', 'filter:churn.customers.eu_no_pii', '--from', 'user/ana');
    assert.match(notHeld.stderr, /No permissions revoked/);
    const both = await run('filter', 'create', 'y', '--on', 'churn.customers', '--columns', 'id', '--exclude', 'email');
    assert.equal(both.code, 2);

    await ok('filter', 'delete', 'vip_contact', '--on', 'churn.customers');
    assert.equal(JSON.parse(await ok('grants', '--principal', 'user/ana', '--json')).length, 1);
  });

  test('tags: create, assign down to a column, show', async () => {
    await ok('tags', 'create', 'pii', '--values', 'true,false');
    await ok('tag', 'assign', 'churn', 'pii=false');
    await ok('tag', 'assign', 'churn.customers.EMAIL', 'pii=true');
    const shown = JSON.parse(await ok('tags', 'show', 'churn.customers', '--json'));
    assert.deepEqual(shown.database, [{ TagKey: 'pii', TagValues: ['false'] }]);
    assert.deepEqual(shown.columns.find((c: { name: string }) => c.name === 'email').tags, [
      { TagKey: 'pii', TagValues: ['true'] },
    ]);
    await ok('grant', 'SELECT', '--on', 'tags:TABLE:pii=false', '--to', 'role/analysts');
    assert.match(await ok('grants', '--principal', 'role/analysts'), /tags:TABLE:pii=false +SELECT/);
  });
});
