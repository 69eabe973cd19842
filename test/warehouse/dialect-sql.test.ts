/**
 * Redshift and BigQuery scripts on the offline DuckDB warehouse: their COPY / UNLOAD and LOAD DATA
 * / EXPORT DATA statements move real files through the store, materialized views refresh, and the
 * same Redshift query and its `godwit migrate` translation return the same rows.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { toFileUri } from '../../src/core/uri.js';
import { translateRedshiftToBigQuery } from '../../src/sql/index.js';
import { objectIn } from '../../src/store/index.js';
import { type DialectWarehouse, dialectWarehouse } from '../../src/warehouse/dialect/dialect-warehouse.js';
import { createWarehouse } from '../../src/warehouse/duckdb/duckdb-warehouse.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { scratchDir } from '../helpers/scratch.js';

let home: string;
let engine: Warehouse;
let redshift: DialectWarehouse;
let bigquery: DialectWarehouse;

const ORDERS = 'id,region,amount,sold_at\n1,EU,10.5,2024-06-01\n2,US,20,2024-06-02\n3,EU,,2024-06-03\n4,APAC,7.25,2024-06-09\n';

beforeEach(() => {
  home = scratchDir('godwit-dialect-sql-');
  mkdirSync(join(home, 'raw', 'orders'), { recursive: true });
  writeFileSync(join(home, 'raw', 'orders', 'part-0.csv'), ORDERS);
  engine = createWarehouse('offline', { type: 'duckdb' }, { home, stores: (uri) => objectIn(uri) });
  redshift = dialectWarehouse(engine, 'redshift');
  bigquery = dialectWarehouse(engine, 'bigquery');
});
afterEach(() => engine.close());

const raw = () => `${toFileUri(join(home, 'raw', 'orders'))}/`;
const out = (name: string) => `${toFileUri(join(home, 'out', name))}/`;

describe('a Redshift ETL script offline', () => {
  test('CREATE TABLE with DISTKEY / SORTKEY, COPY with IGNOREHEADER, a query with Redshift functions, UNLOAD to CSV with a manifest', async () => {
    await redshift.execute('CREATE SCHEMA IF NOT EXISTS sales');
    await redshift.execute(`CREATE TABLE sales.orders (id INT4 NOT NULL ENCODE az64, region VARCHAR(8) DISTKEY, amount DECIMAL(10,2),
      sold_at DATE) DISTSTYLE KEY SORTKEY (sold_at)`);
    assert.deepEqual(redshift.physicalDesign({ schema: 'sales', name: 'orders' }), {
      'id ENCODE': 'ENCODE az64',
      'region DISTKEY': 'DISTKEY',
      DISTSTYLE: 'DISTSTYLE KEY',
      SORTKEY: 'SORTKEY (sold_at)',
    });
    const copied = await redshift.execute(
      `COPY sales.orders FROM '${raw()}' IAM_ROLE 'arn:aws:iam::123456789012:role/Load' FORMAT AS CSV IGNOREHEADER 1 REGION 'us-east-1'`,
    );
    assert.equal(copied.rows, 4);
    const { rows } = await redshift.query(
      `SELECT region, NVL(SUM(amount), 0)::FLOAT8 AS total, LISTAGG(id, '+') WITHIN GROUP (ORDER BY id) AS ids,
              DATEDIFF(day, MIN(sold_at), MAX(sold_at)) AS span
       FROM sales.orders WHERE sold_at >= :since GROUP BY region ORDER BY region`,
      { since: '2024-06-01' },
    );
    assert.deepEqual(rows, [
      { region: 'APAC', total: 7.25, ids: '4', span: 0 },
      { region: 'EU', total: 10.5, ids: '1+3', span: 2 },
      { region: 'US', total: 20, ids: '2', span: 0 },
    ]);
    const unloaded = await redshift.execute(
      `UNLOAD ('select id, region from sales.orders where region = ''EU'' order by id') TO '${out('eu')}' IAM_ROLE default
       FORMAT AS CSV HEADER PARALLEL OFF MANIFEST`,
    );
    assert.equal(unloaded.rows, 2);
    // The folder store keeps its digests in .godwit-store beside the objects.
    const files = readdirSync(join(home, 'out', 'eu')).filter((f) => !f.startsWith('.'));
    assert.ok(files.includes('manifest'), files.join(', '));
    const csv = files.filter((f) => f !== 'manifest').map((f) => readFileSync(join(home, 'out', 'eu', f), 'utf8'));
    assert.deepEqual(csv, ['id,region\n1,EU\n3,EU\n']);
  });

  test('an option the engine cannot honour is refused by name and line, before any data moves', async () => {
    await redshift.execute('CREATE TABLE t (a INT)');
    await assert.rejects(
      redshift.execute(`COPY t FROM '${raw()}' IAM_ROLE default CSV GZIP`),
      (err: Error & { code?: string }) => err.code === 'E_SQL_DIALECT' && /COPY at line 1: GZIP/.test(err.message),
    );
    assert.deepEqual((await redshift.query('SELECT count(*) AS n FROM t')).rows, [{ n: 0 }]);
  });

  test('CREATE / REFRESH / DROP MATERIALIZED VIEW go to the engine: the view changes only on refresh', async () => {
    await redshift.execute('CREATE TABLE public.events (id INT, kind VARCHAR(10))');
    await redshift.execute("INSERT INTO events VALUES (1, 'a'), (2, 'b')");
    await redshift.execute(
      'CREATE MATERIALIZED VIEW kinds AUTO REFRESH NO AS SELECT kind, COUNT(*) AS n FROM public.events GROUP BY kind',
    );
    await redshift.execute("INSERT INTO public.events VALUES (3, 'a')");
    const count = async () => (await redshift.query("SELECT n FROM kinds WHERE kind = 'a'")).rows;
    assert.deepEqual(await count(), [{ n: 1 }]);
    await redshift.execute('REFRESH MATERIALIZED VIEW kinds;');
    assert.deepEqual(await count(), [{ n: 2 }]);
    assert.deepEqual(redshift.physicalDesign({ name: 'kinds' }), { clauses: 'AUTO REFRESH NO' });
    await redshift.execute(
      'CREATE TABLE IF NOT EXISTS public.by_kind DISTKEY (kind) AS SELECT kind, COUNT(*) AS n FROM events GROUP BY 1',
    );
    assert.deepEqual((await redshift.query('SELECT n FROM by_kind WHERE kind = :k', { k: 'a' })).rows, [{ n: 2 }]);
    assert.deepEqual(redshift.physicalDesign({ schema: 'public', name: 'by_kind' }), { DISTKEY: 'DISTKEY (kind)' });
    await redshift.execute('DROP MATERIALIZED VIEW IF EXISTS public.kinds');
    await redshift.execute('DROP MATERIALIZED VIEW IF EXISTS kinds');
    assert.equal(await redshift.tableVersion({ name: 'kinds' }), undefined);
  });
});

describe('a BigQuery script offline', () => {
  test('CREATE SCHEMA, LOAD DATA from a folder wildcard, backtick names, EXPORT DATA to Parquet read back by COPY', async () => {
    await bigquery.execute("CREATE SCHEMA IF NOT EXISTS sales OPTIONS (location = 'US')");
    const loaded = await bigquery.execute(
      `LOAD DATA INTO \`my-project.sales.orders\` FROM FILES (format = 'CSV', uris = ['${raw()}*'], skip_leading_rows = 1)`,
    );
    assert.equal(loaded.rows, 4);
    const { rows } = await bigquery.query(
      'SELECT region, COUNTIF(amount IS NULL) AS missing, DATE_DIFF(MAX(sold_at), MIN(sold_at), DAY) AS span FROM `my-project.sales.orders` GROUP BY region ORDER BY region',
    );
    assert.deepEqual(rows, [
      { region: 'APAC', missing: 0, span: 0 },
      { region: 'EU', missing: 1, span: 2 },
      { region: 'US', missing: 0, span: 0 },
    ]);
    await bigquery.execute(
      `EXPORT DATA OPTIONS (uri = '${out('pq')}*.parquet', format = 'PARQUET', overwrite = true) AS SELECT id, region FROM sales.orders WHERE id > @min`.replace(
        '@min',
        '1',
      ),
    );
    await bigquery.execute(`LOAD DATA INTO sales.copy FROM FILES (format = 'PARQUET', uris = ['${out('pq')}*'])`);
    assert.deepEqual((await bigquery.query('SELECT id FROM sales.copy ORDER BY id')).rows, [{ id: 2 }, { id: 3 }, { id: 4 }]);
  });

  test('LOAD DATA OVERWRITE replaces the rows; a failing load leaves them as they were', async () => {
    await bigquery.execute(`LOAD DATA INTO t FROM FILES (format = 'CSV', uris = ['${raw()}*'], skip_leading_rows = 1)`);
    await bigquery.execute(
      `LOAD DATA OVERWRITE t FROM FILES (format = 'CSV', uris = ['${raw()}part-0.csv'], skip_leading_rows = 1)`,
    );
    assert.deepEqual((await bigquery.query('SELECT COUNT(*) AS n FROM t')).rows, [{ n: 4 }]);
    await assert.rejects(bigquery.execute(`LOAD DATA OVERWRITE t FROM FILES (format = 'CSV', uris = ['${out('missing')}*'])`));
    assert.deepEqual((await bigquery.query('SELECT COUNT(*) AS n FROM t')).rows, [{ n: 4 }]);
  });
});

describe('the same query in both dialects', () => {
  test("a Redshift query and godwit migrate's BigQuery translation return the same rows offline", async () => {
    await redshift.execute('CREATE SCHEMA sales');
    await redshift.execute('CREATE TABLE sales.orders (id INT, region VARCHAR(8), amount DECIMAL(10, 2), sold_at DATE)');
    await redshift.execute(`COPY sales.orders FROM '${raw()}' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1`);
    const query = `SELECT region, NVL(SUM(amount), 0) AS total, DECODE(region, 'EU', 'Europe', 'other') AS area,
        LEN(region) AS l, DATEADD(day, 7, MIN(sold_at)) AS week_later, DATEDIFF(day, MIN(sold_at), '2024-07-01') AS age
      FROM sales.orders GROUP BY region ORDER BY region`;
    const translated = translateRedshiftToBigQuery(query).sql;
    assert.match(translated, /IFNULL|CASE region WHEN/);
    const a = await redshift.query(query);
    const b = await bigquery.query(translated);
    assert.equal(a.rows.length, 3);
    assert.deepEqual(b.rows, a.rows);
  });
});
