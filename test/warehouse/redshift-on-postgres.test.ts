import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWarehouse } from '../../src/warehouse/redshift/redshift-warehouse.js';
import { ansiDialect, type WarehouseUnderTest, warehouseContract } from '../../src/warehouse/warehouse.contract.js';
import { POSTGRES_SKIP, POSTGRES_URL } from '../helpers/postgres.js';
import { postgresFixture } from './postgres-fixture.js';

if (POSTGRES_URL) warehouseContract('redshift on postgres', () => postgresFixture('redshift', createWarehouse), ansiDialect(':'));

/** Runs `body` on a fresh Redshift-on-PostgreSQL fixture. */
async function withRedshift(body: (f: WarehouseUnderTest, q: (name: string) => string) => Promise<void>): Promise<void> {
  const f = await postgresFixture('redshift', createWarehouse);
  try {
    await body(f, (name) => `${f.schema}.${name}`);
  } finally {
    await f.cleanup();
  }
}

async function put(f: WarehouseUnderTest, key: string, text: string): Promise<string> {
  const uri = `${f.objects}${key}`;
  const { store, key: k } = await f.stores(uri);
  await store.put(k, text);
  return uri;
}

describe("Redshift's statements on PostgreSQL", { skip: POSTGRES_SKIP }, () => {
  test('COPY … FROM … IAM_ROLE … FORMAT AS CSV IGNOREHEADER 1 with a column list loads through the store', () =>
    withRedshift(async (f, q) => {
      const wh = f.warehouse;
      await wh.execute(`create table ${q('sales')} (region varchar(10), amount int, note varchar(20))`);
      const uri = await put(f, 'raw/sales.csv', 'amount;region\n10;eu\n20;"us;east"\n');
      const cost = await wh.execute(
        `COPY ${q('sales')} (amount, region) FROM '${uri}' IAM_ROLE 'arn:aws:iam::123456789012:role/etl' FORMAT AS CSV DELIMITER ';' IGNOREHEADER 1 REGION 'eu-west-1';`,
      );
      assert.equal(cost.rows, 2);
      const { rows } = await wh.query(`select region, amount, note from ${q('sales')} order by amount`);
      assert.deepEqual(rows, [
        { region: 'eu', amount: 10, note: null },
        { region: 'us;east', amount: 20, note: null },
      ]);
    }));

  test("UNLOAD ('select …') TO … PARALLEL OFF MAXFILESIZE MANIFEST HEADER writes files and Redshift's manifest", () =>
    withRedshift(async (f, q) => {
      const wh = f.warehouse;
      await wh.execute(`create table ${q('nums')} as select i, 'it''s' as s from generate_series(1, 10) i`);
      const result = await wh.query(
        `UNLOAD ('select i, s from ${q('nums')} where s = ''it''''s'' order by i') TO '${f.objects}out/' IAM_ROLE default FORMAT AS CSV HEADER PARALLEL OFF MANIFEST`,
      );
      assert.deepEqual(result.rows, []);
      assert.equal(result.cost.rows, 10);
      const { store, key } = await f.stores(`${f.objects}out/`);
      const keys = (await store.list(key)).map((o) => o.key.slice(key.length));
      assert.deepEqual(keys, ['0000_part_00.csv', 'manifest']);
      const text = (await store.get(`${key}0000_part_00.csv`)).toString();
      assert.equal(text.split('\n')[0], 'i,s');
      assert.equal(text.split('\n')[1], "1,it's");
      const manifest = JSON.parse((await store.get(`${key}manifest`)).toString());
      assert.equal(manifest.entries.length, 1);
      const streamed = [];
      for await (const batch of wh.stream(`UNLOAD ('select 1 as one') TO '${f.objects}streamed/' IAM_ROLE default PARALLEL OFF`))
        streamed.push(batch);
      assert.deepEqual(streamed, [], 'an UNLOAD through stream runs and yields no rows');
      const streamedAt = await f.stores(`${f.objects}streamed/`);
      assert.equal((await streamedAt.store.list(streamedAt.key)).length, 1);
      await assert.rejects(
        wh.execute(`UNLOAD ('select 1') TO '${f.objects}out/' IAM_ROLE default FORMAT AS CSV`),
        (err: Error & { code?: string }) => err.code === 'E_UNLOAD_NOT_EMPTY',
      );
      await wh.execute(
        `UNLOAD ('select 1 as one') TO '${f.objects}out/' IAM_ROLE default FORMAT AS CSV ALLOWOVERWRITE PARALLEL OFF`,
      );
      assert.deepEqual(
        (await store.list(key)).map((o) => o.key.slice(key.length)),
        ['0000_part_00.csv'],
      );
    }));

  test('DISTSTYLE, DISTKEY, SORTKEY and ENCODE are accepted, stripped before PostgreSQL and recorded', () =>
    withRedshift(async (f, q) => {
      const wh = f.warehouse;
      await wh.execute(
        `create table ${q('facts')} (id int encode az64, day date sortkey, region varchar(8) encode zstd) diststyle key distkey(id) compound sortkey(day, id)`,
      );
      await wh.execute(
        `create table ${q('daily')} distkey(day) sortkey(day) as select day, count(*) as n from ${q('facts')} group by day`,
      );
      const { rows } = await wh.query(
        `select c.relname as t, obj_description(c.oid, 'pg_class') as d from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = :s order by 1`,
        { s: f.schema ?? '' },
      );
      assert.deepEqual(
        rows.map((r) => [r.t, JSON.parse(String(r.d).replace(/^godwit:physical /, ''))]),
        [
          ['daily', { redshift: ['distkey(day)', 'sortkey(day)'] }],
          [
            'facts',
            {
              redshift: [
                'id encode az64',
                'day sortkey',
                'region encode zstd',
                'diststyle key',
                'distkey(id)',
                'compound sortkey(day, id)',
              ],
            },
          ],
        ],
      );
      const cols = await wh.query(`select * from ${q('facts')}`);
      assert.deepEqual(
        cols.columns.map((c) => c.name),
        ['id', 'day', 'region'],
      );
    }));

  test('materialized views: CREATE with Redshift clauses, REFRESH, through execute', () =>
    withRedshift(async (f, q) => {
      const wh = f.warehouse;
      await wh.execute(`create table ${q('t')} as select 1 as a`);
      await wh.execute(`CREATE MATERIALIZED VIEW ${q('mv')} BACKUP NO AUTO REFRESH NO AS select count(*) as n from ${q('t')}`);
      await wh.execute(`insert into ${q('t')} values (2)`);
      assert.deepEqual((await wh.query(`select n from ${q('mv')}`)).rows, [{ n: 1 }]);
      const refreshed = await wh.execute(`REFRESH MATERIALIZED VIEW ${q('mv')}`);
      assert.equal(refreshed.rows, 1);
      assert.deepEqual((await wh.query(`select n from ${q('mv')}`)).rows, [{ n: 2 }]);
    }));

  test('an option Godwit cannot honour is E_SQL_DIALECT naming it; nothing is loaded', () =>
    withRedshift(async (f, q) => {
      const wh = f.warehouse;
      await wh.execute(`create table ${q('x')} (a int)`);
      const uri = await put(f, 'x.csv', 'a\n1\n');
      await assert.rejects(
        wh.execute(`COPY ${q('x')} FROM '${uri}' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1 FILLRECORD`),
        (err: Error & { code?: string }) => err.code === 'E_SQL_DIALECT' && /FILLRECORD/.test(err.message),
      );
      assert.deepEqual((await wh.query(`select * from ${q('x')}`)).rows, []);
    }));

  test('no injection through table, column or bucket names in COPY and UNLOAD', () =>
    withRedshift(async (f, q) => {
      const wh = f.warehouse;
      await wh.execute(`create table ${q('keep')} (a int)`);
      await wh.execute(`insert into ${q('keep')} values (1)`);
      const hostileTable = { schema: f.schema, name: `t"; drop table ${f.schema}.keep; --` };
      const uri = await put(f, "it's; drop table keep; --.csv", 'a\n5\n');
      await assert.rejects(
        wh.copyFrom(hostileTable, { uri, format: 'csv' }),
        (err: Error & { code?: string }) => err.code === 'E_TABLE_NOT_FOUND',
      );
      await wh.createTableAs(hostileTable, 'select 0 as a where false');
      assert.equal((await wh.copyFrom(hostileTable, { uri, format: 'csv' })).rows, 1);
      await wh.unload(`select * from ${q('keep')}`, { uri: `${f.objects}b'; drop table keep; --/`, format: 'csv' });
      await assert.rejects(
        wh.copyFrom(
          { schema: f.schema, name: 'keep' },
          { uri: `${f.objects}x/../${"it's; drop table keep; --.csv"}`, format: 'csv' },
        ),
        (err: Error & { code?: string }) => err.code === 'E_KEY_ESCAPES_ROOT',
      );
      assert.deepEqual((await wh.query(`select a from ${q('keep')}`)).rows, [{ a: 1 }]);
    }));
});
