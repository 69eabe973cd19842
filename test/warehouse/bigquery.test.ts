/**
 * The BigQuery warehouse at the request level: the official client against a stand-in of the
 * REST API (no BigQuery is reachable here). Tests assert on what the client sent and on how Godwit
 * read the response shapes the stand-in was scripted with, never on results as if BigQuery ran SQL.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { objectIn } from '../../src/store/index.js';
import type { BigQueryWarehouse } from '../../src/warehouse/bigquery/bigquery-warehouse.js';
import { createWarehouse } from '../../src/warehouse/bigquery/index.js';
import { BigQueryStandIn } from '../helpers/bigquery-stand-in.js';
import { scratchDir } from '../helpers/scratch.js';

const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

describe('BigQuery warehouse through @google-cloud/bigquery, at the request level', () => {
  let standIn: BigQueryStandIn;
  let endpoint: string;
  let home: string;
  let wh: BigQueryWarehouse;
  before(async () => {
    standIn = new BigQueryStandIn();
    endpoint = await standIn.start();
  });
  after(() => standIn.stop());
  beforeEach(() => {
    standIn.requests.length = 0;
    home = scratchDir('godwit-bq-home-');
    wh = createWarehouse(
      'analytics',
      { type: 'bigquery', url: 'my-project', location: 'EU', endpoint, maxRetries: 0 },
      {
        home,
        stores: (uri) => objectIn(uri, { home }),
      },
    ) as BigQueryWarehouse;
  });

  test('a query is a job with the SQL as written, @params as typed queryParameters, GoogleSQL, in the location', async () => {
    const sql =
      "SELECT id, amount FROM `my-project.sales.orders` -- not @ignored\nWHERE region = @region AND amount > @min AND note != '@literal' AND big = @big";
    standIn.script('sales.orders', { fields: [{ name: 'id', type: 'INTEGER', mode: 'NULLABLE' }], rows: [], polls: 2 });
    await wh.query(sql, { region: 'EMEA', min: 10.5, big: 9007199254740993n, unused: 'x' });
    const [job] = standIn.insertedJobs;
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
    const polls = standIn.requests.filter((r) => r.path.includes('/queries/'));
    assert.ok(polls.length >= 2, 'the job was polled until complete');
    assert.equal(polls[0]?.query.get('location'), 'EU');
  });

  test('rows are read by their schema types into JavaScript values', async () => {
    standIn.script('typed', {
      fields: [
        { name: 'i', type: 'INTEGER' },
        { name: 'huge', type: 'INTEGER' },
        { name: 'f', type: 'FLOAT' },
        { name: 'n', type: 'NUMERIC' },
        { name: 'b', type: 'BOOLEAN' },
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'd', type: 'DATE' },
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
            { v: Buffer.from('hi').toString('base64') },
            { v: [{ v: 'a' }, { v: 'b' }] },
            { v: { f: [{ v: '7' }] } },
            { v: null },
          ],
        },
      ],
      statistics: { totalBytesProcessed: '1048576', statementType: 'SELECT' },
    });
    const result = await wh.query('SELECT * FROM typed');
    assert.deepEqual(result.rows, [
      {
        i: 42,
        huge: 9223372036854775807n,
        f: 2.5,
        n: '12345678901234567890.123456789',
        b: true,
        ts: new Date(1700000000123),
        d: '2024-02-29',
        by: Buffer.from('hi'),
        tags: ['a', 'b'],
        rec: { x: 7 },
        nul: null,
      },
    ]);
    assert.deepEqual(result.columns.map((c) => c.type).slice(0, 3), ['INTEGER', 'INTEGER', 'FLOAT']);
    assert.equal(result.columns[8]?.type, 'ARRAY<STRING>');
    assert.equal(result.cost.rows, 1);
    assert.equal(result.cost.bytesScanned, 1048576, 'totalBytesProcessed from jobs.get');
    assert.ok(
      standIn.requests.some((r) => r.method === 'GET' && /\/jobs\/[^/]+$/.test(r.path)),
      'statistics come from jobs.get',
    );
    // The client asks for TIMESTAMPs as int64 microseconds, the form parsed above.
    assert.equal(
      standIn.requests.find((r) => r.path.includes('/queries/'))?.query.get('formatOptions.useInt64Timestamp'),
      'true',
    );
  });

  test('stream reads page by page with maxResults and pageToken', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ f: [{ v: String(i) }] }));
    standIn.script('paged', { fields: [{ name: 'n', type: 'INT64' }], rows, polls: 0 });
    const batches: number[][] = [];
    for await (const batch of wh.stream('SELECT n FROM paged', {}, { batchRows: 2 }))
      batches.push(batch.rows.map((r) => r.n as number));
    assert.deepEqual(batches, [[0, 1], [2, 3], [4]]);
    const pages = standIn.requests.filter((r) => r.path.includes('/queries/'));
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
      wh.query('SELECT @a, @b', { a: 1 }),
      (err: Error) => code('E_SQL_PARAMETER')(err) && err.message.includes('@b'),
    );
    assert.equal(standIn.requests.length, 0);
    await wh.execute('SELECT @evil', { evil: "'; DROP TABLE x; --" });
    assert.equal(standIn.insertedJobs[0]?.configuration.query.query, 'SELECT @evil');
  });

  test('dryRun sends dryRun and reports totalBytesProcessed as bytesScanned', async () => {
    standIn.script('dry', { dryRunBytes: '987654321' });
    const cost = await wh.dryRun('SELECT * FROM dry WHERE x = @x', { x: true });
    assert.equal(cost.bytesScanned, 987654321);
    const [job] = standIn.insertedJobs;
    assert.equal(job?.configuration.dryRun, true);
    assert.deepEqual(job?.configuration.query.queryParameters, [
      { name: 'x', parameterType: { type: 'BOOL' }, parameterValue: { value: true } },
    ]);
    assert.equal(standIn.requests.length, 1, 'a dry run is one request');
  });

  test('execute reports the DML rows affected; LOAD DATA, EXPORT DATA and CREATE SCHEMA go as written', async () => {
    standIn.script('UPDATE', { statistics: { numDmlAffectedRows: '17', totalBytesProcessed: '2048' } });
    const cost = await wh.execute('UPDATE `my-project.ds.t` SET a = 1 WHERE TRUE');
    assert.deepEqual({ rows: cost.rows, bytesScanned: cost.bytesScanned }, { rows: 17, bytesScanned: 2048 });
    const statements = [
      'CREATE SCHEMA IF NOT EXISTS `my-project.staging` OPTIONS(location = "EU")',
      "LOAD DATA INTO `my-project.staging.raw` FROM FILES (format = 'CSV', uris = ['gs://raw/*.csv'], skip_leading_rows = 1)",
      "EXPORT DATA OPTIONS(uri = 'gs://out/x/*.parquet', format = 'PARQUET') AS SELECT * FROM `my-project.staging.raw`",
    ];
    for (const sql of statements) await wh.execute(sql);
    assert.deepEqual(
      standIn.insertedJobs.slice(1).map((j) => j.configuration.query.query),
      statements,
    );
  });

  test('CTAS and materialized views: backticked names, partitioning and clustering, refresh through BQ', async () => {
    await wh.createTableAs({ schema: 'mart', name: 'daily' }, 'SELECT * FROM x WHERE d > @since', {
      replace: true,
      params: { since: new Date('2024-01-01T00:00:00Z') },
      physical: { partitionBy: 'DATE(ts)', clusterBy: ['customer_id', 'region'], distkey: 'ignored' },
    });
    await wh.createMaterializedView({ project: 'other-project', schema: 'mart', name: 'per_customer' }, 'SELECT 1 AS one');
    await wh.refreshMaterializedView({ project: 'other-project', schema: 'mart', name: 'per_customer' });
    const sent = standIn.insertedJobs.map((j) => j.configuration.query);
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
      await assert.rejects(wh.createTableAs(table, 'SELECT 1'), code('E_SQL_IDENTIFIER'));
      await assert.rejects(wh.tableVersion(table), code('E_SQL_IDENTIFIER'));
    }
    await assert.rejects(
      wh.createTableAs({ schema: 'm', name: 't' }, 'SELECT 1', { physical: { clusterBy: ['a`b'] } }),
      code('E_SQL_IDENTIFIER'),
    );
    await assert.rejects(
      wh.createMaterializedView({ schema: 'm', name: 'v' }, 'SELECT @p', { params: { p: 1 } }),
      code('E_SQL_PARAMETER'),
    );
    assert.equal(standIn.requests.length, 0);
  });

  test('copyFrom is a load job from gs:// appending atomically; createTable makes the dataset', async () => {
    standIn.script('gs://raw-bucket/orders/', {
      statistics: { outputRows: '1000', inputFileBytes: '52000', outputBytes: '40000' },
    });
    const cost = await wh.copyFrom(
      { schema: 'staging', name: 'orders' },
      { uri: 'gs://raw-bucket/orders/', format: 'csv', csv: { delimiter: '|', nullAs: '\\N' }, createTable: true },
    );
    assert.deepEqual(
      { rows: cost.rows, bytesScanned: cost.bytesScanned, bytesWritten: cost.bytesWritten },
      { rows: 1000, bytesScanned: 52000, bytesWritten: 40000 },
    );
    const [job] = standIn.insertedJobs;
    assert.deepEqual(job?.configuration.load, {
      sourceUris: ['gs://raw-bucket/orders/*'],
      destinationTable: { projectId: 'my-project', datasetId: 'staging', tableId: 'orders' },
      sourceFormat: 'CSV',
      writeDisposition: 'WRITE_APPEND',
      createDisposition: 'CREATE_IF_NEEDED',
      autodetect: true,
      skipLeadingRows: 1,
      fieldDelimiter: '|',
      quote: '"',
      nullMarker: '\\N',
    });
    const datasetInsert = standIn.requests.find((r) => r.method === 'POST' && r.path.endsWith('/datasets'));
    assert.equal(datasetInsert?.json?.datasetReference.datasetId, 'staging');
    assert.ok(
      standIn.requests.some((r) => r.method === 'GET' && /\/jobs\/[^/]+$/.test(r.path)),
      'the load job was polled with jobs.get',
    );

    standIn.requests.length = 0;
    await wh.copyFrom({ schema: 'staging', name: 'orders' }, { uri: 'gs://raw-bucket/one.parquet', format: 'parquet' });
    assert.deepEqual(standIn.insertedJobs[0]?.configuration.load.sourceUris, ['gs://raw-bucket/one.parquet']);
    assert.equal(standIn.insertedJobs[0]?.configuration.load.createDisposition, 'CREATE_NEVER');
    await assert.rejects(wh.copyFrom({ schema: 's', name: 't' }, { uri: 's3://b/x.csv', format: 'csv' }), code('E_URI'));
    await assert.rejects(
      wh.copyFrom({ schema: 's', name: 't' }, { uri: 'gs://b/../x.csv', format: 'csv' }),
      code('E_KEY_ESCAPES_ROOT'),
    );
  });

  test('a failed load job is a coded error and the failure is the job status BigQuery reported', async () => {
    standIn.script('gs://raw-bucket/bad.csv', {
      error: {
        code: 400,
        reason: 'invalid',
        message: 'Error while reading data, error message: CSV table encountered too many errors',
      },
    });
    await assert.rejects(
      wh.copyFrom({ schema: 's', name: 't' }, { uri: 'gs://raw-bucket/bad.csv', format: 'csv' }),
      (err: Error) => code('E_SQL')(err) && /too many errors/.test(err.message),
    );
  });

  test('unload is EXPORT DATA to the gs:// prefix; the files, sizes and manifest come from the store', async () => {
    const prefix = 'gs://exports/churn/train/';
    const { store, key } = await objectIn(prefix, { home });
    // The stand-in plays BigQuery's part: writing the export's files into the bucket.
    standIn.script('EXPORT DATA', {
      statistics: { exportDataStatistics: { fileCount: '2', rowCount: '30' }, totalBytesProcessed: '4096' },
      onDone: async () => {
        await store.put(`${key}0_part_000000000000.csv`, 'a,b\n1,2\n');
        await store.put(`${key}0_part_000000000001.csv`, 'a,b\n3,4\n5,6\n');
      },
    });
    const result = await wh.unload(
      'SELECT a, b FROM t WHERE s = @split',
      { uri: prefix, format: 'csv', manifest: true },
      { split: 'train' },
    );
    const sent = standIn.insertedJobs[0]?.configuration.query;
    assert.equal(
      sent.query,
      "EXPORT DATA OPTIONS(uri='gs://exports/churn/train/0_part_*.csv', format='CSV', overwrite=false, header=true, field_delimiter=',') AS\nSELECT a, b FROM t WHERE s = @split",
    );
    assert.deepEqual(sent.queryParameters, [
      { name: 'split', parameterType: { type: 'STRING' }, parameterValue: { value: 'train' } },
    ]);
    assert.deepEqual(result.files, [
      { uri: 'gs://exports/churn/train/0_part_000000000000.csv', size: 8 },
      { uri: 'gs://exports/churn/train/0_part_000000000001.csv', size: 12 },
    ]);
    assert.deepEqual(
      {
        rows: result.rows,
        bytesScanned: result.bytesScanned,
        filesWritten: result.filesWritten,
        bytesWritten: result.bytesWritten,
      },
      { rows: 30, bytesScanned: 4096, filesWritten: 2, bytesWritten: 20 },
    );
    assert.equal(result.manifestUri, 'gs://exports/churn/train/manifest');
    assert.deepEqual(JSON.parse((await store.get(`${key}manifest`)).toString()).entries[1], {
      url: 'gs://exports/churn/train/0_part_000000000001.csv',
      meta: { content_length: 12 },
    });

    standIn.requests.length = 0;
    await assert.rejects(wh.unload('SELECT 1', { uri: prefix, format: 'csv' }), code('E_UNLOAD_NOT_EMPTY'));
    assert.equal(standIn.requests.length, 0, 'refused before BigQuery is asked');
  });

  test('unload with allowOverwrite sends overwrite=true and removes the files the export did not replace', async () => {
    const prefix = 'gs://exports/again/';
    const { store, key } = await objectIn(prefix, { home });
    await store.put(`${key}0_part_000000000000.parquet`, 'old 0');
    await store.put(`${key}0_part_000000000001.parquet`, 'old 1');
    standIn.script('again', { onDone: async () => void (await store.put(`${key}0_part_000000000000.parquet`, 'new 0')) });
    const result = await wh.unload('SELECT * FROM again', { uri: prefix, format: 'parquet', allowOverwrite: true });
    assert.match(standIn.insertedJobs[0]?.configuration.query.query, /format='PARQUET', overwrite=true\) AS/);
    assert.deepEqual(
      result.files.map((f) => f.uri),
      ['gs://exports/again/0_part_000000000000.parquet'],
    );
    assert.deepEqual(
      (await store.list(key)).map((o) => o.key),
      [`${key}0_part_000000000000.parquet`],
    );
  });

  test('a failed export leaves nothing under a prefix that was empty', async () => {
    const prefix = 'gs://exports/failing/';
    const { store, key } = await objectIn(prefix, { home });
    standIn.script('failing', {
      error: { code: 400, reason: 'invalidQuery', message: 'Division by zero' },
      onDone: async () => void (await store.put(`${key}0_part_000000000000.csv`, 'partial')),
    });
    await assert.rejects(wh.unload('SELECT 1/0 FROM failing', { uri: prefix, format: 'csv' }), code('E_SQL'));
    assert.deepEqual(await store.list(key), []);
  });

  test('tableVersion is lastModifiedTime and etag from tables.get; a missing table is undefined', async () => {
    standIn.tables.set('my-project.mart.daily', { lastModifiedTime: '1733400000000', etag: 'abc==', numRows: '10' });
    assert.equal(await wh.tableVersion({ schema: 'mart', name: 'daily' }), '1733400000000/abc==');
    assert.equal(await wh.tableVersion({ schema: 'mart', name: 'missing' }), undefined);
  });

  test('errors: a rejected statement is E_SQL, a missing table E_TABLE_NOT_FOUND, refused credentials E_WAREHOUSE_AUTH', async () => {
    standIn.script('SELEC ', {
      error: { code: 400, reason: 'invalidQuery', message: 'Syntax error: Unexpected identifier "SELEC" at [1:1]' },
    });
    await assert.rejects(
      wh.query('SELEC 1'),
      (err: Error) => code('E_SQL')(err) && err.message.includes('Syntax error') && err.message.includes('"analytics"'),
    );
    standIn.script('nowhere', {
      error: { code: 404, reason: 'notFound', message: 'Not found: Table my-project:ds.nowhere was not found in location EU' },
    });
    await assert.rejects(wh.query('SELECT * FROM ds.nowhere'), code('E_TABLE_NOT_FOUND'));
    for (const status of [401, 403] as const) {
      standIn.deny = status;
      try {
        await assert.rejects(
          wh.query('SELECT 1'),
          (err: Error) => code('E_WAREHOUSE_AUTH')(err) && err.message.includes(endpoint),
        );
      } finally {
        standIn.deny = undefined;
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
      { home, stores: (uri) => objectIn(uri, { home }) },
    );
    await assert.rejects(
      unreachable.query('SELECT 1'),
      (err: Error) => code('E_WAREHOUSE_UNREACHABLE')(err) && err.message.includes(dead),
    );
  });

  test('a custom endpoint gets no Google credentials; constructing the warehouse does no I/O', async () => {
    createWarehouse(
      'idle',
      { type: 'bigquery', url: 'my-project', endpoint },
      { home, stores: (uri) => objectIn(uri, { home }) },
    );
    assert.equal(standIn.requests.length, 0);
    await wh.query('SELECT 1');
    assert.ok(standIn.requests.length > 0);
    for (const r of standIn.requests) assert.equal(r.headers.authorization, undefined);
  });
});
