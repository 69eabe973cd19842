import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyStatements, parseStatement, runnableStatement } from '../../src/sql/index.js';

describe('classifyStatements: Redshift', () => {
  test('COPY reads table, columns, source and Redshift defaults (no header unless IGNOREHEADER)', () => {
    const [copy, csv] = classifyStatements(
      `-- load\nCOPY Sales."Orders" (id, region) FROM 's3://raw/orders/' IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS CSV
       IGNOREHEADER 1 DELIMITER ';' NULL AS '\\N' REGION 'us-east-1';
       copy t from 's3://raw/t.csv' csv;`,
      'redshift',
    );
    assert.equal(copy.kind, 'copy');
    if (copy.kind !== 'copy' || csv.kind !== 'copy') return;
    assert.deepEqual(copy.table, { schema: 'sales', name: 'Orders' });
    assert.deepEqual(copy.columns, ['id', 'region']);
    assert.deepEqual(copy.source, {
      uri: 's3://raw/orders/',
      format: 'csv',
      csv: { header: true, delimiter: ';', nullAs: '\\N' },
    });
    assert.deepEqual(copy.ignored, ["IAM_ROLE '…'", "REGION 'us-east-1'"]);
    assert.deepEqual(copy.unsupported, []);
    assert.equal(copy.line, 2);
    assert.equal(csv.line, 4);
    assert.deepEqual(csv.source.csv, { header: false });
  });

  test("COPY without FORMAT is Redshift's pipe-delimited text; JSON 'auto' is JSON lines; PARQUET has no CSV options", () => {
    const [text, json, parquet] = classifyStatements(
      `COPY t FROM 's3://b/p/' IAM_ROLE default;
       COPY t FROM 's3://b/j/' IAM_ROLE default JSON 'auto';
       COPY t FROM 's3://b/q/' IAM_ROLE default FORMAT AS PARQUET`,
      'redshift',
    );
    assert.deepEqual(text.kind === 'copy' && text.source, {
      uri: 's3://b/p/',
      format: 'csv',
      csv: { header: false, delimiter: '|' },
    });
    assert.deepEqual(json.kind === 'copy' && json.source, { uri: 's3://b/j/', format: 'jsonl' });
    assert.deepEqual(parquet.kind === 'copy' && parquet.source, { uri: 's3://b/q/', format: 'parquet' });
  });

  test('COPY options that change the result and cannot be carried are unsupported, and refused by runnableStatement', () => {
    const copy = parseStatement(`COPY t FROM 's3://b/p/' IAM_ROLE default CSV GZIP BLANKSASNULL`, 'redshift');
    assert.deepEqual(copy.kind === 'copy' && copy.unsupported, ['GZIP', 'BLANKSASNULL']);
    assert.throws(
      () => runnableStatement(copy, 'redshift'),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'E_SQL_DIALECT');
        assert.match(e.message, /COPY at line 1: GZIP, BLANKSASNULL/);
        return true;
      },
    );
  });

  test('UNLOAD reads the quoted query, the target and its options', () => {
    const unload = parseStatement(
      `UNLOAD ('select * from t where r = ''EU''') TO 's3://out/t/' IAM_ROLE default
       FORMAT AS CSV HEADER DELIMITER '|' PARALLEL OFF MAXFILESIZE 100 MB MANIFEST ALLOWOVERWRITE;`,
      'redshift',
    );
    assert.equal(unload.kind, 'unload');
    if (unload.kind !== 'unload') return;
    assert.equal(unload.select, "select * from t where r = 'EU'");
    assert.deepEqual(unload.target, {
      uri: 's3://out/t/',
      format: 'csv',
      csv: { header: true, delimiter: '|' },
      parallel: false,
      maxFileBytes: 100 * 1024 * 1024,
      manifest: true,
      allowOverwrite: true,
    });
    const parquet = parseStatement(`UNLOAD ('select 1') TO 's3://o/p/' IAM_ROLE default PARQUET PARTITION BY (d)`, 'redshift');
    assert.deepEqual(parquet.kind === 'unload' && parquet.unsupported, ['PARTITION BY (d)']);
  });

  test('materialized views and unreadable data movement', () => {
    const [create, refresh, dynamo] = classifyStatements(
      `CREATE MATERIALIZED VIEW mv AUTO REFRESH YES AS SELECT a, count(*) FROM t GROUP BY a;
       REFRESH MATERIALIZED VIEW mv;
       COPY t FROM 'dynamodb://Orders' IAM_ROLE default`,
      'redshift',
    );
    assert.deepEqual(create.kind === 'create-materialized-view' && [create.view, create.select, create.clauses], [
      { name: 'mv' },
      'SELECT a, count(*) FROM t GROUP BY a',
      ['AUTO REFRESH YES'],
    ]);
    assert.deepEqual(refresh.kind === 'refresh-materialized-view' && refresh.view, { name: 'mv' });
    assert.equal(dynamo.kind, 'unreadable');
    assert.throws(() => runnableStatement(dynamo, 'redshift'), /line 3: COPY reads object storage only/);
  });
});

describe('classifyStatements: BigQuery', () => {
  test('LOAD DATA: backtick names, a folder wildcard as a prefix, creates the table, header from skip_leading_rows', () => {
    const load = parseStatement(
      "LOAD DATA OVERWRITE `proj.sales.orders` FROM FILES (format = 'CSV', uris = ['gs://raw/orders/*'], skip_leading_rows = 1, field_delimiter = ';')",
      'bigquery',
    );
    assert.equal(load.kind, 'copy');
    if (load.kind !== 'copy') return;
    assert.deepEqual(load.table, { project: 'proj', schema: 'sales', name: 'orders' });
    assert.equal(load.overwrite, true);
    assert.deepEqual(load.source, {
      uri: 'gs://raw/orders/',
      format: 'csv',
      createTable: true,
      csv: { header: true, delimiter: ';' },
    });
    const two = parseStatement(`LOAD DATA INTO d.t FROM FILES (format = 'PARQUET', uris = ['gs://a/x_*.parquet'])`, 'bigquery');
    assert.deepEqual(two.kind === 'copy' && two.unsupported, [
      "uris = ['gs://a/x_*.parquet'] (a wildcard stands for a whole folder only: 'gs://bucket/folder/*')",
    ]);
  });

  test('EXPORT DATA: the prefix before the wildcard, format, header and overwrite, the query as written', () => {
    const exp = parseStatement(
      `EXPORT DATA OPTIONS (uri = 'gs://out/orders/*.csv', format = 'CSV', overwrite = true, header = true) AS
       SELECT * FROM sales.orders -- all`,
      'bigquery',
    );
    assert.equal(exp.kind, 'unload');
    if (exp.kind !== 'unload') return;
    assert.equal(exp.select, 'SELECT * FROM sales.orders -- all');
    assert.deepEqual(exp.target, { uri: 'gs://out/orders/', format: 'csv', allowOverwrite: true, csv: { header: true } });
    const avro = parseStatement(`EXPORT DATA OPTIONS (uri = 'gs://o/*', format = 'AVRO') AS SELECT 1`, 'bigquery');
    assert.equal(avro.kind, 'unreadable');
  });

  test("BigQuery's materialized view refresh is a CALL", () => {
    const r = parseStatement("CALL BQ.REFRESH_MATERIALIZED_VIEW('proj.d.mv')", 'bigquery');
    assert.deepEqual(r.kind === 'refresh-materialized-view' && r.view, { project: 'proj', schema: 'd', name: 'mv' });
    assert.equal(parseStatement('SELECT 1', 'bigquery').kind, 'other');
  });
});
