/**
 * Redshift and BigQuery SQL translated to DuckDB and run on a real in-memory DuckDB, asserting the
 * outputs the vendors document for their own functions (Redshift: docs.aws.amazon.com/redshift,
 * r_DATEADD_function, r_DATEDIFF_function; BigQuery: cloud.google.com/bigquery/docs/reference/
 * standard-sql, date_functions, timestamp_functions, aggregate COUNTIF, mathematical SAFE_DIVIDE).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { translateToDuckDB } from '../../src/sql/duckdb/duckdb-translate.js';
import type { StatementDialect } from '../../src/sql/index.js';

let connection: DuckDBConnection;
before(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
});
after(() => connection.closeSync());

async function run(sql: string, dialect: StatementDialect, params?: Record<string, number | string>) {
  const duck = translateToDuckDB(sql, dialect).sql ?? '';
  const reader = await connection.runAndReadAll(duck, params);
  return reader.getRowObjectsJson();
}

describe('Redshift on DuckDB: the documented examples', () => {
  test("DATEADD(month, 18, '2008-02-28') is 2009-08-28 00:00:00; m means minutes", async () => {
    const [row] = await run(`select dateadd(month,18,'2008-02-28') as a, dateadd(m,30,'2008-02-28') as b`, 'redshift');
    assert.deepEqual(row, { a: '2009-08-28 00:00:00', b: '2008-02-28 00:30:00' });
  });

  test("DATEDIFF(week,'2009-01-01','2009-12-31') is 52; hours from a date to a timestamp are 53", async () => {
    const [row] = await run(
      `select datediff(week,'2009-01-01','2009-12-31') as numweeks, datediff(hour, '2023-01-01', '2023-01-03 05:04:03') as h`,
      'redshift',
    );
    assert.deepEqual(row, { numweeks: '52', h: '53' });
  });

  test('DATEDIFF counts boundaries crossed: one day apart is one year across New Year', async () => {
    const [row] = await run(
      `select datediff(year, '2008-12-31', '2009-01-01') as y, datediff(yr, '2009-01-01', '2009-12-31') as same`,
      'redshift',
    );
    assert.deepEqual(row, { y: '1', same: '0' });
  });

  test('NVL, NVL2, DECODE, LEN, CHARINDEX and :: casts', async () => {
    const rows = await run(
      `select nvl(city, 'unknown') as city, nvl2(city, 'has', 'none') as n2,
              decode(catid, 1, 'one', 2, 'two', 'many') as name, len(city) as l, charindex('a', city) as c, '12'::int8 + 1 as i
       from (values (1, 'Paris'), (2, null), (3, 'Rome')) as t(catid, city) order by catid`,
      'redshift',
    );
    assert.deepEqual(rows, [
      { city: 'Paris', n2: 'has', name: 'one', l: '5', c: '2', i: '13' },
      { city: 'unknown', n2: 'none', name: 'two', l: null, c: null, i: '13' },
      { city: 'Rome', n2: 'has', name: 'many', l: '4', c: '0', i: '13' },
    ]);
  });

  test('LISTAGG joins in the WITHIN GROUP order, and with no delimiter joins with nothing', async () => {
    const [row] = await run(
      `select listagg(s, ', ') within group (order by s desc) as a, listagg(s) within group (order by s) as b
       from (values ('b'), ('a'), ('c')) as t(s)`,
      'redshift',
    );
    assert.deepEqual(row, { a: 'c, b, a', b: 'abc' });
  });

  test(':name parameters bind as DuckDB $name; SELECT TOP n becomes LIMIT n', async () => {
    const rows = await run('select top 2 i from range(10) as t(i) where i >= :low order by i', 'redshift', { low: 5 });
    assert.deepEqual(rows, [{ i: '5' }, { i: '6' }]);
  });

  test('GETDATE() is the UTC time to the second', async () => {
    const [row] = await run('select getdate() as now', 'redshift');
    const now = Date.parse(`${String(row.now).replace(' ', 'T')}Z`);
    assert.ok(Math.abs(now - Date.now()) < 5000, `${row.now} is now in UTC`);
    assert.doesNotMatch(String(row.now), /\./);
  });
});

describe('BigQuery on DuckDB: the documented examples', () => {
  test('DATE_DIFF: 559 days; one day across a Sunday is one WEEK; YEAR boundaries', async () => {
    const [row] = await run(
      `SELECT DATE_DIFF(DATE '2010-07-07', DATE '2008-12-25', DAY) AS days_diff,
              DATE_DIFF(DATE '2017-10-15', DATE '2017-10-14', WEEK) AS week_diff,
              DATE_DIFF(DATE '2017-10-16', DATE '2017-10-15', WEEK(MONDAY)) AS monday_diff,
              DATE_DIFF('2017-12-30', '2014-12-30', YEAR) AS year_diff`,
      'bigquery',
    );
    assert.deepEqual(row, { days_diff: '559', week_diff: '1', monday_diff: '1', year_diff: '3' });
  });

  test('TIMESTAMP_DIFF counts whole hours: 13410', async () => {
    const [row] = await run(
      `SELECT TIMESTAMP_DIFF(TIMESTAMP '2010-07-07 10:20:00', TIMESTAMP '2008-12-25 15:30:00', HOUR) AS hours`,
      'bigquery',
    );
    assert.deepEqual(row, { hours: '13410' });
  });

  test('COUNTIF over UNNEST: 3 negative, 4 positive', async () => {
    const [row] = await run(
      'SELECT COUNTIF(x<0) AS num_negative, COUNTIF(x>0) AS num_positive FROM UNNEST([5, -2, 3, 6, -10, -7, 4, 0]) AS x',
      'bigquery',
    );
    assert.deepEqual(row, { num_negative: '3', num_positive: '4' });
  });

  test('SAFE_DIVIDE(20, 4) is 5, (0, 20) is 0, (20, 0) is NULL; SAFE_CAST of a bad value is NULL', async () => {
    const [row] = await run(
      `SELECT SAFE_DIVIDE(20, 4) AS a, SAFE_DIVIDE(0, 20) AS b, SAFE_DIVIDE(20, 0) AS c, SAFE_CAST('apple' AS INT64) AS d`,
      'bigquery',
    );
    assert.deepEqual(row, { a: 5, b: 0, c: null, d: null });
  });

  test('DATE_ADD / DATE_SUB / DATE_TRUNC return DATEs; a WEEK starts on Sunday', async () => {
    const [row] = await run(
      `SELECT DATE_ADD(DATE '2008-12-25', INTERVAL 5 DAY) AS five_days_later,
              DATE_SUB(DATE '2008-12-25', INTERVAL 5 DAY) AS five_days_ago,
              DATE_TRUNC(DATE '2008-12-25', MONTH) AS month, DATE_TRUNC(DATE '2017-11-08', WEEK) AS sunday,
              FORMAT_DATE('%Y/%m/%d', DATE '2008-12-25') AS formatted, PARSE_DATE('%Y%m%d', '20081225') AS parsed`,
      'bigquery',
    );
    assert.deepEqual(row, {
      five_days_later: '2008-12-30',
      five_days_ago: '2008-12-20',
      month: '2008-12-01',
      sunday: '2017-11-05',
      formatted: '2008/12/25',
      parsed: '2008-12-25',
    });
  });

  test('backtick project.dataset.table is the dataset schema; @name binds; STRUCT and UNNEST read like BigQuery', async () => {
    await connection.run(
      'create schema if not exists sales; create or replace table sales.orders as select * from (values (1, 10.0), (2, 30.0)) t(id, amount)',
    );
    const rows = await run(
      "SELECT o.id, s.a, x FROM `my-project.sales.orders` AS o, (SELECT STRUCT(1 AS a, 'b' AS b) AS s), UNNEST(GENERATE_ARRAY(1, 2)) AS x WHERE o.amount > @min ORDER BY x",
      'bigquery',
      { min: 20 },
    );
    assert.deepEqual(rows, [
      { id: 2, a: 1, x: '1' },
      { id: 2, a: 1, x: '2' },
    ]);
  });

  test('MOD, IF, IFNULL, FARM_FINGERPRINT as a stable BIGINT hash', async () => {
    const [row] = await run(
      `SELECT MOD(-7, 3) AS m, IF(1 < 2, 'y', 'n') AS i, IFNULL(NULL, 4) AS n, FARM_FINGERPRINT('a') = FARM_FINGERPRINT('a') AS stable,
              typeof(FARM_FINGERPRINT('a')) AS t`,
      'bigquery',
    );
    assert.deepEqual(row, { m: -1, i: 'y', n: 4, stable: true, t: 'BIGINT' });
  });
});

describe('what cannot be translated is E_SQL_DIALECT with the construct and its line', () => {
  test('a Redshift TO_CHAR format, an unnamed BigQuery STRUCT, a TOP in a subquery', () => {
    const code = (re: RegExp) => (err: Error & { code?: string }) => err.code === 'E_SQL_DIALECT' && re.test(err.message);
    assert.throws(
      () => translateToDuckDB("select to_char(d, 'YYYY') from t", 'redshift', 7),
      code(/redshift SELECT at line 7: TO_CHAR/),
    );
    assert.throws(() => translateToDuckDB('SELECT STRUCT(1, 2)', 'bigquery'), code(/STRUCT/));
    assert.throws(
      () => translateToDuckDB('select * from (select top 3 * from t) s', 'redshift'),
      code(/TOP n inside a subquery/),
    );
    assert.throws(() => translateToDuckDB('CREATE TABLE t (g GEOGRAPHY)', 'bigquery'), code(/GEOGRAPHY/));
    assert.throws(
      () => translateToDuckDB('CREATE TABLE t (id BIGINT IDENTITY(1, 1), x INT)', 'redshift', 3),
      code(/CREATE at line 3: the IDENTITY column id/),
    );
  });
});

describe('DDL: types mapped, physical design removed and returned', () => {
  test('Redshift CREATE TABLE with ENCODE / DISTKEY / SORTKEY runs on DuckDB with the mapped types', async () => {
    const out = translateToDuckDB(
      `CREATE TABLE public.sales (salesid INTEGER NOT NULL ENCODE az64, sellerid INT8 DISTKEY, pricepaid DECIMAL(8,2) ENCODE zstd,
         note VARCHAR(256), saletime TIMESTAMPTZ, PRIMARY KEY (salesid)) DISTSTYLE KEY COMPOUND SORTKEY (saletime, salesid)`,
      'redshift',
    );
    assert.deepEqual(out.physical, {
      'salesid ENCODE': 'ENCODE az64',
      'sellerid DISTKEY': 'DISTKEY',
      'pricepaid ENCODE': 'ENCODE zstd',
      constraints: 'PRIMARY KEY (salesid)',
      DISTSTYLE: 'DISTSTYLE KEY',
      'COMPOUND SORTKEY': 'COMPOUND SORTKEY (saletime, salesid)',
    });
    await connection.run(out.sql ?? '');
    const cols = (
      await connection.runAndReadAll(
        "select column_name, data_type from information_schema.columns where table_name = 'sales' order by ordinal_position",
      )
    ).getRowObjectsJson();
    assert.deepEqual(
      cols.map((c) => c.data_type),
      ['INTEGER', 'BIGINT', 'DECIMAL(8,2)', 'VARCHAR', 'TIMESTAMP WITH TIME ZONE'],
    );
  });

  test('BigQuery CREATE TABLE with ARRAY, STRUCT, NUMERIC, PARTITION BY, CLUSTER BY and OPTIONS', async () => {
    const out = translateToDuckDB(
      "CREATE TABLE `proj.sales.events` (id INT64, ts TIMESTAMP, amount NUMERIC, tags ARRAY<STRING>, s STRUCT<a INT64, b STRING>) PARTITION BY DATE(ts) CLUSTER BY id, ts OPTIONS (description = 'x')",
      'bigquery',
    );
    assert.deepEqual(out.physical, {
      'PARTITION BY': 'PARTITION BY DATE(ts)',
      'CLUSTER BY': 'CLUSTER BY id, ts',
      OPTIONS: "OPTIONS (description = 'x')",
    });
    await connection.run(out.sql ?? '');
    const cols = (
      await connection.runAndReadAll(
        "select data_type from information_schema.columns where table_name = 'events' order by ordinal_position",
      )
    ).getRowObjectsJson();
    assert.deepEqual(
      cols.map((c) => c.data_type),
      ['BIGINT', 'TIMESTAMP', 'DECIMAL(38,9)', 'VARCHAR[]', 'STRUCT(a BIGINT, b VARCHAR)'],
    );
  });
});
