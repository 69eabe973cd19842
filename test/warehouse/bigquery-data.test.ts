/**
 * The BigQuery warehouse's data movement at the request level: load jobs (copyFrom), EXPORT DATA
 * (unload) and table versions, against the REST stand-in. Where BigQuery itself would write export
 * files into the bucket, the stand-in plays that part through the store, and says so.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { objectIn } from '../../src/store/index.js';
import { bigQueryFixture, code } from './bigquery-fixture.js';

describe('BigQuery warehouse data movement through @google-cloud/bigquery, at the request level', () => {
  const f = bigQueryFixture();

  test('copyFrom is a load job from gs:// appending atomically; createTable makes the dataset', async () => {
    f.standIn.script('gs://raw-bucket/orders/', {
      statistics: { outputRows: '1000', inputFileBytes: '52000', outputBytes: '40000' },
    });
    const cost = await f.wh.copyFrom(
      { schema: 'staging', name: 'orders' },
      { uri: 'gs://raw-bucket/orders/', format: 'csv', csv: { delimiter: '|', nullAs: '\\N' }, createTable: true },
    );
    assert.deepEqual(
      { rows: cost.rows, bytesScanned: cost.bytesScanned, bytesWritten: cost.bytesWritten },
      { rows: 1000, bytesScanned: 52000, bytesWritten: 40000 },
    );
    const [job] = f.standIn.insertedJobs;
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
    const datasetInsert = f.standIn.requests.find((r) => r.method === 'POST' && r.path.endsWith('/datasets'));
    assert.equal(datasetInsert?.json?.datasetReference.datasetId, 'staging');
    assert.ok(
      f.standIn.requests.some((r) => r.method === 'GET' && /\/jobs\/[^/]+$/.test(r.path)),
      'the load job was polled with jobs.get',
    );

    f.standIn.requests.length = 0;
    await f.wh.copyFrom({ schema: 'staging', name: 'orders' }, { uri: 'gs://raw-bucket/one.parquet', format: 'parquet' });
    assert.deepEqual(f.standIn.insertedJobs[0]?.configuration.load.sourceUris, ['gs://raw-bucket/one.parquet']);
    assert.equal(f.standIn.insertedJobs[0]?.configuration.load.createDisposition, 'CREATE_NEVER');
    await assert.rejects(f.wh.copyFrom({ schema: 's', name: 't' }, { uri: 's3://b/x.csv', format: 'csv' }), code('E_URI'));
    await assert.rejects(
      f.wh.copyFrom({ schema: 's', name: 't' }, { uri: 'gs://b/../x.csv', format: 'csv' }),
      code('E_KEY_ESCAPES_ROOT'),
    );
  });

  test('a failed load job: rejected data is E_COPY, no source objects E_NOT_FOUND, no table E_TABLE_NOT_FOUND', async () => {
    const t = { schema: 's', name: 't' };
    const fail = (uri: string, code: number, reason: string, message: string) =>
      f.standIn.script(uri, { error: { code, reason, message } });
    fail(
      'gs://raw-bucket/bad.csv',
      400,
      'invalid',
      'Error while reading data, error message: CSV table encountered too many errors',
    );
    await assert.rejects(
      f.wh.copyFrom(t, { uri: 'gs://raw-bucket/bad.csv', format: 'csv' }),
      (err: Error) => code('E_COPY')(err) && err.message.includes('gs://raw-bucket/bad.csv'),
    );
    fail('gs://raw-bucket/missing.csv', 404, 'notFound', 'Not found: URI gs://raw-bucket/missing.csv');
    await assert.rejects(f.wh.copyFrom(t, { uri: 'gs://raw-bucket/missing.csv', format: 'csv' }), code('E_NOT_FOUND'));
    fail('gs://raw-bucket/ok.csv', 404, 'notFound', 'Not found: Table my-project:s.t');
    await assert.rejects(f.wh.copyFrom(t, { uri: 'gs://raw-bucket/ok.csv', format: 'csv' }), code('E_TABLE_NOT_FOUND'));
  });

  test('unload is EXPORT DATA to the gs:// prefix; the files, sizes and manifest come from the store', async () => {
    const prefix = 'gs://exports/churn/train/';
    const { store, key } = await objectIn(prefix, { home: f.home });
    // The stand-in plays BigQuery's part: writing the export's files into the bucket.
    f.standIn.script('EXPORT DATA', {
      statistics: { exportDataStatistics: { fileCount: '2', rowCount: '30' }, totalBytesProcessed: '4096' },
      onDone: async () => {
        await store.put(`${key}0_part_000000000000.csv`, 'a,b\n1,2\n');
        await store.put(`${key}0_part_000000000001.csv`, 'a,b\n3,4\n5,6\n');
      },
    });
    const result = await f.wh.unload(
      'SELECT a, b FROM t WHERE s = @split',
      { uri: prefix, format: 'csv', manifest: true },
      { split: 'train' },
    );
    const sent = f.standIn.insertedJobs[0]?.configuration.query;
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

    f.standIn.requests.length = 0;
    await assert.rejects(f.wh.unload('SELECT 1', { uri: prefix, format: 'csv' }), code('E_UNLOAD_NOT_EMPTY'));
    assert.equal(f.standIn.requests.length, 0, 'refused before BigQuery is asked');
  });

  test('unload with allowOverwrite sends overwrite=true and removes the files the export did not replace', async () => {
    const prefix = 'gs://exports/again/';
    const { store, key } = await objectIn(prefix, { home: f.home });
    await store.put(`${key}0_part_000000000000.parquet`, 'old 0');
    await store.put(`${key}0_part_000000000001.parquet`, 'old 1');
    f.standIn.script('again', { onDone: async () => void (await store.put(`${key}0_part_000000000000.parquet`, 'new 0')) });
    const result = await f.wh.unload('SELECT * FROM again', { uri: prefix, format: 'parquet', allowOverwrite: true });
    assert.match(f.standIn.insertedJobs[0]?.configuration.query.query, /format='PARQUET', overwrite=true\) AS/);
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
    const { store, key } = await objectIn(prefix, { home: f.home });
    f.standIn.script('failing', {
      error: { code: 400, reason: 'invalidQuery', message: 'Division by zero' },
      onDone: async () => void (await store.put(`${key}0_part_000000000000.csv`, 'partial')),
    });
    await assert.rejects(f.wh.unload('SELECT 1/0 FROM failing', { uri: prefix, format: 'csv' }), code('E_SQL'));
    assert.deepEqual(await store.list(key), []);
  });

  test('tableVersion is lastModifiedTime and etag from tables.get; a missing table is undefined', async () => {
    f.standIn.tables.set('my-project.mart.daily', { lastModifiedTime: '1733400000000', etag: 'abc==', numRows: '10' });
    assert.equal(await f.wh.tableVersion({ schema: 'mart', name: 'daily' }), '1733400000000/abc==');
    assert.equal(await f.wh.tableVersion({ schema: 'mart', name: 'missing' }), undefined);
  });
});
