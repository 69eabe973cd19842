/**
 * The BigQuery warehouse's statements at the request level: the official client against a REST
 * stand-in (no BigQuery is reachable here). Tests assert on what the client sent and on how Godwit
 * read the response shapes the stand-in was scripted with, never on results as if BigQuery ran SQL.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readWarehouseTables } from '../../src/governance/catalog/catalog-sync.js';
import { objectIn } from '../../src/store/index.js';
import { BigQueryWarehouse, createWarehouse } from '../../src/warehouse/bigquery/index.js';
import { openWarehouse } from '../../src/warehouse/index.js';
import { BigQueryStandIn } from '../helpers/bigquery-stand-in.js';
import { bigQueryFixture, code } from './bigquery-fixture.js';

describe('BigQuery warehouse statements through @google-cloud/bigquery, at the request level', () => {
  const f = bigQueryFixture();

  test('a query is a job with the SQL as written, @params as typed queryParameters, GoogleSQL, in the location', async () => {
    const sql =
      "SELECT id, amount FROM `my-project.sales.orders` -- not @ignored\nWHERE region = @region AND amount > @min AND note != '@literal' AND big = @big";
    f.standIn.script('sales.orders', { fields: [{ name: 'id', type: 'INTEGER', mode: 'NULLABLE' }], rows: [], polls: 2 });
    await f.wh.query(sql, { region: 'EMEA', min: 10.5, big: 9007199254740993n, unused: 'x' });
    const [job] = f.standIn.insertedJobs;
    assert.equal(job?.configuration.query.query, sql);
    assert.equal(job?.configuration.query.useLegacySql, false);
    assert.equal(job?.configuration.query.parameterMode, 'named');
    assert.deepEqual(job?.configuration.query.queryParameters, [
      { name: 'region', parameterType: { type: 'STRING' }, parameterValue: { value: 'EMEA' } },
      { name: 'min', parameterType: { type: 'FLOAT64' }, parameterValue: { value: 10.5 } },
      { name: 'big', parameterType: { type: 'INT64' }, parameterValue: { value: '9007199254740993' } },
    ]);
    assert.equal(job?.jobReference.location, 'EU');
    assert.equal(job?.jobReference.projectId, 'my-project');
    assert.equal(job?.configuration.dryRun, undefined);
    const polls = f.standIn.requests.filter((r) => r.path.includes('/queries/'));
    assert.ok(polls.length >= 2, 'the job was polled until complete');
    assert.equal(polls[0]?.query.get('location'), 'EU');
  });

  test("godwit catalog sync reads the datasets of the warehouse's location from BigQuery's INFORMATION_SCHEMA", async () => {
    const cell = (v: string) => ({ v });
    const column = (dataset: string, table: string, name: string, type: string) => ({
      f: [cell(dataset), cell(table), cell(name), cell(type)],
    });
    f.standIn.script('INFORMATION_SCHEMA.COLUMNS', {
      fields: ['table_schema', 'table_name', 'column_name', 'data_type'].map((name) => ({ name, type: 'STRING' })),
      rows: [
        column('churn', 'customers', 'id', 'INT64'),
        column('churn', 'customers', 'email', 'STRING'),
        column('sales', 'orders', 'amount', 'NUMERIC'),
      ],
    });
    const read = await readWarehouseTables(f.wh);
    assert.match(f.standIn.insertedJobs[0]?.configuration.query.query ?? '', /FROM `region-eu`\.INFORMATION_SCHEMA\.COLUMNS/);
    assert.deepEqual(read, {
      warehouse: 'analytics',
      tables: [
        {
          database: 'churn',
          name: 'customers',
          columns: [
            { name: 'id', type: 'INT64' },
            { name: 'email', type: 'STRING' },
          ],
        },
        { database: 'sales', name: 'orders', columns: [{ name: 'amount', type: 'NUMERIC' }] },
      ],
    });
  });

  test('godwit catalog sync refuses a location that is not a region name, before any job, naming it', async () => {
    const odd = createWarehouse(
      'w',
      { type: 'bigquery', url: 'my-project', location: 'eu`.x; --', endpoint: f.endpoint, maxRetries: 0 },
      { home: f.home, stores: (uri) => objectIn(uri, { home: f.home }) },
    );
    await assert.rejects(
      readWarehouseTables(odd),
      (err: Error) => code('E_CATALOG_INPUT')(err) && err.message.includes('BigQuery location "eu`.x; --"'),
    );
    assert.equal(f.standIn.insertedJobs.length, 0);
  });

  test('rows are read by their schema types into JavaScript values', async () => {
    f.standIn.script('typed', {
      fields: [
        { name: 'i', type: 'INTEGER' },
        { name: 'huge', type: 'INTEGER' },
        { name: 'f', type: 'FLOAT' },
        { name: 'n', type: 'NUMERIC' },
        { name: 'b', type: 'BOOLEAN' },
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'd', type: 'DATE' },
        { name: 'dt', type: 'DATETIME' },
        { name: 't', type: 'TIME' },
        { name: 'by', type: 'BYTES' },
        { name: 'tags', type: 'STRING', mode: 'REPEATED' },
        { name: 'rec', type: 'RECORD', fields: [{ name: 'x', type: 'INTEGER' }] },
        { name: 'nul', type: 'STRING' },
      ],
      rows: [
        {
          f: [
            { v: '42' },
            { v: '9223372036854775807' },
            { v: '2.5' },
            { v: '12345678901234567890.123456789' },
            { v: 'true' },
            { v: '1700000000123456' },
            { v: '2024-02-29' },
            { v: '2024-02-29T13:45:01.250000' },
            { v: '13:45:01' },
            { v: Buffer.from('hi').toString('base64') },
            { v: [{ v: 'a' }, { v: 'b' }] },
            { v: { f: [{ v: '7' }] } },
            { v: null },
          ],
        },
      ],
      statistics: { totalBytesProcessed: '1048576', statementType: 'SELECT' },
    });
    const result = await f.wh.query('SELECT * FROM typed');
    assert.deepEqual(result.rows, [
      {
        i: 42,
        huge: 9223372036854775807n,
        f: 2.5,
        n: Number('12345678901234567890.123456789'),
        b: true,
        ts: new Date(1700000000123),
        d: new Date('2024-02-29T00:00:00Z'),
        dt: new Date('2024-02-29T13:45:01.250Z'),
        t: '13:45:01',
        by: Buffer.from('hi'),
        tags: ['a', 'b'],
        rec: { x: 7 },
        nul: null,
      },
    ]);
    assert.deepEqual(result.columns.map((c) => c.type).slice(0, 3), ['INTEGER', 'INTEGER', 'FLOAT']);
    assert.equal(result.columns[10]?.type, 'ARRAY<STRING>');
    assert.equal(result.cost.rows, 1);
    assert.equal(result.cost.bytesScanned, 1048576, 'totalBytesProcessed from jobs.get');
    assert.ok(
      f.standIn.requests.some((r) => r.method === 'GET' && /\/jobs\/[^/]+$/.test(r.path)),
      'statistics come from jobs.get',
    );
    // The client asks for TIMESTAMPs as int64 microseconds, the form parsed above.
    assert.equal(
      f.standIn.requests.find((r) => r.path.includes('/queries/'))?.query.get('formatOptions.useInt64Timestamp'),
      'true',
    );
  });

  test('stream reads page by page with maxResults and pageToken', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ f: [{ v: String(i) }] }));
    f.standIn.script('paged', { fields: [{ name: 'n', type: 'INT64' }], rows, polls: 0 });
    const batches: number[][] = [];
    for await (const batch of f.wh.stream('SELECT n FROM paged', {}, { batchRows: 2 }))
      batches.push(batch.rows.map((r) => r.n as number));
    assert.deepEqual(batches, [[0, 1], [2, 3], [4]]);
    const pages = f.standIn.requests.filter((r) => r.path.includes('/queries/'));
    assert.deepEqual(
      pages.map((p) => [p.query.get('maxResults'), p.query.get('pageToken')]),
      [
        ['2', null],
        ['2', '2'],
        ['2', '4'],
      ],
    );
  });

  test('a missing @parameter is E_SQL_PARAMETER before any request; values never enter the SQL', async () => {
    await assert.rejects(
      f.wh.query('SELECT @a, @b', { a: 1 }),
      (err: Error) => code('E_SQL_PARAMETER')(err) && err.message.includes('@b'),
    );
    assert.equal(f.standIn.requests.length, 0);
    await f.wh.execute('SELECT @evil', { evil: "'; DROP TABLE x; --" });
    assert.equal(f.standIn.insertedJobs[0]?.configuration.query.query, 'SELECT @evil');
  });

  test('dryRun sends dryRun and reports totalBytesProcessed as bytesScanned', async () => {
    f.standIn.script('dry', { dryRunBytes: '987654321' });
    const cost = await f.wh.dryRun('SELECT * FROM dry WHERE x = @x', { x: true });
    assert.equal(cost.bytesScanned, 987654321);
    const [job] = f.standIn.insertedJobs;
    assert.equal(job?.configuration.dryRun, true);
    assert.deepEqual(job?.configuration.query.queryParameters, [
      { name: 'x', parameterType: { type: 'BOOL' }, parameterValue: { value: true } },
    ]);
    assert.equal(f.standIn.requests.length, 1, 'a dry run is one request');
  });

  test('execute reports the DML rows affected; LOAD DATA, EXPORT DATA and CREATE SCHEMA go as written', async () => {
    f.standIn.script('UPDATE', { statistics: { numDmlAffectedRows: '17', totalBytesProcessed: '2048' } });
    const cost = await f.wh.execute('UPDATE `my-project.ds.t` SET a = 1 WHERE TRUE');
    assert.deepEqual({ rows: cost.rows, bytesScanned: cost.bytesScanned }, { rows: 17, bytesScanned: 2048 });
    const statements = [
      'CREATE SCHEMA IF NOT EXISTS `my-project.staging` OPTIONS(location = "EU")',
      "LOAD DATA INTO `my-project.staging.raw` FROM FILES (format = 'CSV', uris = ['gs://raw/*.csv'], skip_leading_rows = 1)",
      "EXPORT DATA OPTIONS(uri = 'gs://out/x/*.parquet', format = 'PARQUET') AS SELECT * FROM `my-project.staging.raw`",
    ];
    for (const sql of statements) await f.wh.execute(sql);
    assert.deepEqual(
      f.standIn.insertedJobs.slice(1).map((j) => j.configuration.query.query),
      statements,
    );
  });

  test('CTAS and materialized views: backticked names, partitioning and clustering, refresh through BQ', async () => {
    await f.wh.createTableAs({ schema: 'mart', name: 'daily' }, 'SELECT * FROM x WHERE d > @since', {
      replace: true,
      params: { since: new Date('2024-01-01T00:00:00Z') },
      physical: { partitionBy: 'DATE(ts)', clusterBy: ['customer_id', 'region'], distkey: 'ignored' },
    });
    await f.wh.createMaterializedView({ project: 'other-project', schema: 'mart', name: 'per_customer' }, 'SELECT 1 AS one');
    await f.wh.refreshMaterializedView({ project: 'other-project', schema: 'mart', name: 'per_customer' });
    const sent = f.standIn.insertedJobs.map((j) => j.configuration.query);
    assert.equal(
      sent[0].query,
      'CREATE OR REPLACE TABLE `my-project.mart.daily`\nPARTITION BY DATE(ts)\nCLUSTER BY `customer_id`, `region`\nAS SELECT * FROM x WHERE d > @since',
    );
    assert.deepEqual(sent[0].queryParameters[0].parameterType, { type: 'TIMESTAMP' });
    assert.match(sent[0].queryParameters[0].parameterValue.value, /^2024-01-01T00:00:00/);
    assert.equal(sent[1].query, 'CREATE MATERIALIZED VIEW `other-project.mart.per_customer`\nAS SELECT 1 AS one');
    assert.equal(sent[2].query, "CALL BQ.REFRESH_MATERIALIZED_VIEW('other-project.mart.per_customer')");
  });

  test('names that could break out of their quotes are E_SQL_IDENTIFIER before any request', async () => {
    for (const table of [
      { schema: 'mart', name: 'x` ; DROP TABLE y; --' },
      { schema: 'ma.rt', name: 't' },
      { project: 'Bad_Project', schema: 'mart', name: 't' },
      { name: 'no_dataset' },
    ]) {
      await assert.rejects(f.wh.createTableAs(table, 'SELECT 1'), code('E_SQL_IDENTIFIER'));
      await assert.rejects(f.wh.tableVersion(table), code('E_SQL_IDENTIFIER'));
    }
    await assert.rejects(
      f.wh.createTableAs({ schema: 'm', name: 't' }, 'SELECT 1', { physical: { clusterBy: ['a`b'] } }),
      code('E_SQL_IDENTIFIER'),
    );
    await assert.rejects(
      f.wh.createMaterializedView({ schema: 'm', name: 'v' }, 'SELECT @p', { params: { p: 1 } }),
      code('E_SQL_PARAMETER'),
    );
    assert.equal(f.standIn.requests.length, 0);
  });

  test('errors: a rejected statement is E_SQL, a missing table E_TABLE_NOT_FOUND, refused credentials E_WAREHOUSE_AUTH', async () => {
    f.standIn.script('SELEC ', {
      error: { code: 400, reason: 'invalidQuery', message: 'Syntax error: Unexpected identifier "SELEC" at [1:1]' },
    });
    await assert.rejects(
      f.wh.query('SELEC 1'),
      (err: Error) => code('E_SQL')(err) && err.message.includes('Syntax error') && err.message.includes('"analytics"'),
    );
    f.standIn.script('CREATE TABLE `my-project.ds.exists`', {
      error: { code: 409, reason: 'duplicate', message: 'Already Exists: Table my-project:ds.exists' },
    });
    await assert.rejects(f.wh.createTableAs({ schema: 'ds', name: 'exists' }, 'SELECT 1'), code('E_TABLE_EXISTS'));
    f.standIn.script('CREATE TABLE `my-project.ds.exists`', {
      error: { code: 409, reason: 'duplicate', message: 'Already Exists: Table my-project:ds.exists' },
    });
    await assert.rejects(f.wh.createTableAs({ schema: 'ds', name: 'exists' }, 'SELECT 1'), code('E_TABLE_EXISTS'));
    f.standIn.script('nowhere', {
      error: { code: 404, reason: 'notFound', message: 'Not found: Table my-project:ds.nowhere was not found in location EU' },
    });
    await assert.rejects(f.wh.query('SELECT * FROM ds.nowhere'), code('E_TABLE_NOT_FOUND'));
    for (const status of [401, 403] as const) {
      f.standIn.deny = status;
      try {
        await assert.rejects(
          f.wh.query('SELECT 1'),
          (err: Error) => code('E_WAREHOUSE_AUTH')(err) && err.message.includes(f.endpoint),
        );
      } finally {
        f.standIn.deny = undefined;
      }
    }
  });

  test('an endpoint that does not answer is E_WAREHOUSE_UNREACHABLE naming it', async () => {
    const closed = new BigQueryStandIn();
    const dead = await closed.start();
    await closed.stop();
    const unreachable = createWarehouse(
      'w',
      { type: 'bigquery', url: 'my-project', endpoint: dead, maxRetries: 0 },
      { home: f.home, stores: (uri) => objectIn(uri, { home: f.home }) },
    );
    await assert.rejects(
      unreachable.query('SELECT 1'),
      (err: Error) => code('E_WAREHOUSE_UNREACHABLE')(err) && err.message.includes(dead),
    );
    const endpoint = dead.replace('http://', 'http://user:planted-s3cret@');
    const withSecret = createWarehouse(
      'w',
      { type: 'bigquery', url: 'my-project', endpoint, maxRetries: 0 },
      { home: f.home, stores: (uri) => objectIn(uri) },
    );
    await assert.rejects(withSecret.execute('SELECT 1'), (err: Error) => {
      code('E_CONFIG')(err);
      assert.ok(!`${err.message} ${(err as { hint?: string }).hint}`.includes('planted-s3cret'), err.message);
      return err.message.includes('user:***@');
    });
  });

  test('a custom endpoint gets no Google credentials; constructing the warehouse does no I/O', async () => {
    createWarehouse(
      'idle',
      { type: 'bigquery', url: 'my-project', endpoint: f.endpoint },
      { home: f.home, stores: (uri) => objectIn(uri, { home: f.home }) },
    );
    assert.equal(f.standIn.requests.length, 0);
    await f.wh.query('SELECT 1');
    assert.ok(f.standIn.requests.length > 0);
    for (const r of f.standIn.requests) assert.equal(r.headers.authorization, undefined);
  });

  test('openWarehouse opens type bigquery through its lazily loaded backend', async () => {
    const opened = await openWarehouse(
      'bq',
      { type: 'bigquery', url: 'my-project', endpoint: f.endpoint },
      { home: f.home, stores: (uri) => objectIn(uri, { home: f.home }) },
    );
    assert.ok(opened instanceof BigQueryWarehouse);
    assert.deepEqual([opened.type, opened.dialect, opened.name], ['bigquery', 'bigquery', 'bq']);
  });
});
