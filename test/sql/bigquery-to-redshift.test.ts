import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { translateBigQueryToRedshift, translateRedshiftToBigQuery } from '../../src/sql/index.js';

const toGcp = (u: string) => u.replace('s3://acme-raw/', 'gs://acme-raw-gcp/');
const toAws = (u: string) => u.replace('gs://acme-raw-gcp/', 's3://acme-raw/');

describe('translateBigQueryToRedshift', () => {
  test('LOAD DATA becomes COPY with the default IAM role; OVERWRITE truncates first', () => {
    const r = translateBigQueryToRedshift(
      "LOAD DATA OVERWRITE staging.orders FROM FILES (format = 'CSV', uris = ['gs://acme-raw-gcp/orders/*'], skip_leading_rows = 1, field_delimiter = ';');",
      { mapUri: toAws },
    );
    assert.equal(
      r.sql,
      "TRUNCATE staging.orders;\nCOPY staging.orders\nFROM 's3://acme-raw/orders/'\nIAM_ROLE default\nFORMAT AS CSV\nIGNOREHEADER 1\nDELIMITER ';';",
    );
  });

  test('EXPORT DATA becomes UNLOAD with the query quoted; a given role is used', () => {
    const r = translateBigQueryToRedshift(
      "EXPORT DATA OPTIONS (uri = 'gs://acme-raw-gcp/out/eu_*.parquet', format = 'PARQUET', overwrite = true) AS SELECT * FROM t WHERE region = \"EU\";",
      { mapUri: toAws, iamRole: 'arn:aws:iam::123456789012:role/RedshiftUnload' },
    );
    assert.equal(
      r.sql,
      "UNLOAD ('SELECT * FROM t WHERE region = ''EU''')\nTO 's3://acme-raw/out/eu_'\nIAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftUnload'\nFORMAT AS PARQUET\nALLOWOVERWRITE;",
    );
  });

  test('CREATE TABLE: types mapped, NOT ENFORCED dropped, CLUSTER BY as SORTKEY, PARTITION BY for a human', () => {
    const r = translateBigQueryToRedshift(
      'CREATE TABLE s.t (id INT64 NOT NULL, name STRING, amount NUMERIC, at TIMESTAMP, doc JSON, PRIMARY KEY (id) NOT ENFORCED) PARTITION BY DATE(at) CLUSTER BY id, name;',
    );
    assert.equal(
      r.sql.replace(/^-- godwit migrate[^\n]*\n/gm, ''),
      'CREATE TABLE s.t (id BIGINT NOT NULL, name VARCHAR(MAX), amount NUMERIC(38, 9), at TIMESTAMP, doc SUPER, PRIMARY KEY (id))\nSORTKEY (id, name);',
    );
    assert.ok(r.notes.some((n) => n.severity === 'human' && n.message.startsWith('PARTITION BY was dropped')));
  });

  test('CREATE OR REPLACE TABLE drops the table first (Redshift has no OR REPLACE)', () => {
    assert.equal(
      translateBigQueryToRedshift('CREATE OR REPLACE TABLE ds.z AS SELECT IFNULL(a, 0) AS a FROM ds.y;').sql,
      'DROP TABLE IF EXISTS ds.z;\nCREATE TABLE ds.z AS SELECT NVL(a, 0) AS a FROM ds.y;',
    );
  });

  test('functions, identifiers and strings', () => {
    const r = translateBigQueryToRedshift(
      "SELECT IFNULL(a, 0), IF(x > 1, 'big', \"small\"), LENGTH(s), STRPOS(s, '@'), CURRENT_TIMESTAMP(), TIMESTAMP_ADD(t, INTERVAL 3 HOUR), DATE_DIFF(b, a, DAY), TIMESTAMP_TRUNC(t, MONTH), STRING_AGG(n, ',' ORDER BY n), APPROX_COUNT_DISTINCT(u), `my col` FROM `proj.ds.tbl`",
    );
    assert.equal(
      r.sql.replace(/^-- godwit migrate[^\n]*\n/gm, ''),
      "SELECT NVL(a, 0), CASE WHEN x > 1 THEN 'big' ELSE 'small' END, LEN(s), CHARINDEX('@', s), GETDATE(), DATEADD(hour, 3, t), DATEDIFF(day, a, b), DATE_TRUNC('month', t), LISTAGG(n, ',') WITHIN GROUP (ORDER BY n), APPROXIMATE COUNT(DISTINCT u), \"my col\" FROM \"ds\".\"tbl\"",
    );
    assert.ok(
      r.notes.some((n) => n.severity === 'human' && n.message.startsWith('the project "proj" of proj.ds.tbl was dropped')),
    );
  });
});

describe('Redshift → BigQuery → Redshift', () => {
  const redshift = `BEGIN;
COPY staging.orders FROM 's3://acme-raw/orders/' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1 DELIMITER ',';
CREATE TABLE sales.t (id BIGINT, at TIMESTAMP, amount NUMERIC(12, 2), doc SUPER);
INSERT INTO sales.t SELECT id, GETDATE(), NVL(amount, 0), NULL FROM staging.orders WHERE DATEDIFF(day, created_at, GETDATE()) < 7;
UNLOAD ('select * from sales.t where note = ''x''') TO 's3://acme-raw/exports/t_' IAM_ROLE default FORMAT AS CSV HEADER ALLOWOVERWRITE;
COMMIT;
`;

  test('keeps statements, tables, locations, formats, options, types and functions; reports what it cannot keep', () => {
    const there = translateRedshiftToBigQuery(redshift, { mapUri: toGcp });
    const back = translateBigQueryToRedshift(there.sql, { mapUri: toAws });
    assert.equal(
      back.sql,
      `BEGIN;
COPY staging.orders
FROM 's3://acme-raw/orders/'
IAM_ROLE default
FORMAT AS CSV
IGNOREHEADER 1
DELIMITER ',';
CREATE TABLE sales.t (id BIGINT, at TIMESTAMP, amount NUMERIC(12, 2), doc SUPER);
INSERT INTO sales.t SELECT id, GETDATE(), NVL(amount, 0), NULL FROM staging.orders WHERE DATEDIFF(day, created_at, GETDATE()) < 7;
UNLOAD ('select * from sales.t where note = ''x''')
TO 's3://acme-raw/exports/t_'
IAM_ROLE default
FORMAT AS CSV
HEADER
ALLOWOVERWRITE;
COMMIT;
`,
    );
    assert.ok(
      there.notes.some((n) => n.severity === 'human'),
      'the way there asks about the IAM role and DATEDIFF',
    );
    assert.ok(!back.sql.includes('godwit migrate'), "the first translation's marks are not carried back");
  });
});
