import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDSHIFT, tokenize, translateRedshiftToBigQuery } from '../../src/sql/index.js';

const buckets = {
  mapUri: (u: string) =>
    u.startsWith('s3://acme-raw/')
      ? `gs://acme-raw-gcp/${u.slice('s3://acme-raw/'.length)}`
      : u.startsWith('s3://acme-exports/')
        ? `gs://acme-exports-gcp/${u.slice('s3://acme-exports/'.length)}`
        : undefined,
};

/** The translated SQL without Godwit's "needs a human" comment lines, and those lines' messages. */
function translate(sql: string) {
  const r = translateRedshiftToBigQuery(sql, buckets);
  return {
    sql: r.sql.replace(/^-- godwit migrate: needs a human: [^\n]*\n/gm, ''),
    human: r.notes.filter((n) => n.severity === 'human').map((n) => n.message),
    changed: r.notes.filter((n) => n.severity === 'changed').map((n) => n.message),
    raw: r,
  };
}

describe('translateRedshiftToBigQuery: a daily ETL script', () => {
  const script = `-- Daily sales ETL (Redshift)
BEGIN;

COPY staging.orders
FROM 's3://acme-raw/orders/2024-06-01/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoad'
FORMAT AS CSV
IGNOREHEADER 1
GZIP;

CREATE TABLE analytics.daily_sales
DISTSTYLE KEY
DISTKEY (region)
SORTKEY (sale_date)
AS
SELECT region, CAST(created_at AS DATE) AS sale_date, SUM(NVL(amount, 0)) AS total, GETDATE() AS loaded_at
FROM staging.orders
GROUP BY 1, 2;

UNLOAD ('SELECT * FROM analytics.daily_sales WHERE region = ''EU''')
TO 's3://acme-exports/daily_sales/eu_'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftUnload'
FORMAT AS CSV
HEADER
ALLOWOVERWRITE;

COMMIT;
`;

  test('becomes LOAD DATA, CREATE TABLE AS and EXPORT DATA, comments and layout kept', () => {
    const r = translateRedshiftToBigQuery(script, buckets);
    assert.equal(
      r.sql,
      `-- Daily sales ETL (Redshift)
BEGIN TRANSACTION;

-- godwit migrate: needs a human: IAM_ROLE '…' was removed: grant the BigQuery job's service account read access (roles/storage.objectViewer) to the bucket instead.
LOAD DATA INTO staging.orders
FROM FILES (
  format = 'CSV',
  uris = ['gs://acme-raw-gcp/orders/2024-06-01/*'],
  skip_leading_rows = 1
);

-- godwit migrate: needs a human: the sort key (sale_date) was removed; BigQuery's nearest equivalent is CLUSTER BY sale_date: add it if queries filter on these columns.
CREATE TABLE analytics.daily_sales AS
SELECT region, CAST(created_at AS DATE) AS sale_date, SUM(IFNULL(amount, 0)) AS total, CURRENT_TIMESTAMP() AS loaded_at
FROM staging.orders
GROUP BY 1, 2;

-- godwit migrate: needs a human: IAM_ROLE '…' was removed: grant the BigQuery job's service account write access (roles/storage.objectCreator) to the bucket instead.
EXPORT DATA OPTIONS (
  uri = 'gs://acme-exports-gcp/daily_sales/eu_*.csv',
  format = 'CSV',
  overwrite = true,
  header = true
) AS
SELECT * FROM analytics.daily_sales WHERE region = 'EU';

COMMIT TRANSACTION;
`,
    );
  });

  test('the notes say what changed, per statement and line', () => {
    const r = translateRedshiftToBigQuery(script, buckets);
    const by = (n: number) => r.notes.filter((x) => x.statement === n);
    assert.deepEqual(
      by(2).map((n) => [n.line, n.severity, n.message]),
      [
        [4, 'changed', 's3://acme-raw/orders/2024-06-01/ → gs://acme-raw-gcp/orders/2024-06-01/'],
        [
          4,
          'human',
          "IAM_ROLE '…' was removed: grant the BigQuery job's service account read access (roles/storage.objectViewer) to the bucket instead.",
        ],
        [4, 'changed', 'GZIP dropped: BigQuery reads gzip-compressed CSV and JSON files as they are'],
        [4, 'changed', 'COPY … FROM → LOAD DATA INTO … FROM FILES'],
      ],
    );
    assert.ok(
      by(3).some(
        (n) =>
          n.message ===
          'removed DISTSTYLE KEY, DISTKEY (region), SORTKEY (sale_date): BigQuery distributes, sorts and encodes storage itself',
      ),
    );
    assert.ok(by(3).some((n) => n.message === 'GETDATE() → CURRENT_TIMESTAMP()'));
    assert.deepEqual(
      r.notes.filter((n) => n.statement === 4 && n.severity === 'changed').map((n) => n.message),
      [
        's3://acme-exports/daily_sales/eu_ → gs://acme-exports-gcp/daily_sales/eu_',
        "UNLOAD ('…') TO → EXPORT DATA OPTIONS (…) AS …",
      ],
    );
  });
});

describe('translateRedshiftToBigQuery: COPY', () => {
  test('Parquet from a prefix; a bucket with no pair keeps its name and asks a human', () => {
    const r = translateRedshiftToBigQuery(
      `COPY analytics.events FROM 's3://other-bucket/events/2024/06/' IAM_ROLE default FORMAT AS PARQUET;`,
    );
    assert.equal(
      r.sql.replace(/^-- godwit migrate[^\n]*\n/gm, ''),
      `LOAD DATA INTO analytics.events\nFROM FILES (\n  format = 'PARQUET',\n  uris = ['gs://other-bucket/events/2024/06/*']\n);`,
    );
    assert.ok(
      r.notes.some(
        (n) =>
          n.severity === 'human' && n.message.startsWith('no bucket mapping for s3://other-bucket: assumed gs://other-bucket'),
      ),
    );
  });

  test('CSV options map to load options; what BigQuery lacks is listed for a human', () => {
    const r = translate(
      `COPY sales FROM 's3://acme-raw/sales/part' CREDENTIALS 'aws_iam_role=arn:aws:iam::1:role/r' CSV QUOTE AS '"' IGNOREHEADER 1 NULL AS '\\\\N' MAXERROR 10 DATEFORMAT 'YYYY-MM-DD' TIMEFORMAT 'auto' EMPTYASNULL FILLRECORD ACCEPTINVCHARS;`,
    );
    assert.equal(
      r.sql,
      `LOAD DATA INTO sales\nFROM FILES (\n  format = 'CSV',\n  uris = ['gs://acme-raw-gcp/sales/part*'],\n  quote = '"',\n  skip_leading_rows = 1,\n  null_marker = '\\\\N',\n  max_bad_records = 10,\n  date_format = 'YYYY-MM-DD',\n  allow_jagged_rows = true\n);`,
    );
    assert.deepEqual(r.human, [
      "CREDENTIALS 'aws_iam_role=arn:aws:iam::1:role/r' was removed: grant the BigQuery job's service account read access (roles/storage.objectViewer) to the bucket instead.",
      "DATEFORMAT 'YYYY-MM-DD' became date_format: check that BigQuery's format elements read 'YYYY-MM-DD' the same way.",
      'the COPY option ACCEPTINVCHARS has no BigQuery load option Godwit knows; it was dropped.',
    ]);
    assert.ok(r.changed.includes("TIMEFORMAT 'auto' dropped: BigQuery parses ISO dates and timestamps"));
  });

  test("text format (no FORMAT) becomes CSV with Redshift's '|' delimiter; JSON becomes newline-delimited", () => {
    assert.match(
      translate(`copy public.venue from 's3://acme-raw/tickit/venue.txt' iam_role default;`).sql,
      /format = 'CSV',\n {2}uris = \['gs:\/\/acme-raw-gcp\/tickit\/venue\.txt'\],\n {2}field_delimiter = '\|'/,
    );
    const json = translate(`COPY t FROM 's3://acme-raw/j/' IAM_ROLE default FORMAT AS JSON 'auto';`);
    assert.match(json.sql, /format = 'NEWLINE_DELIMITED_JSON'/);
    assert.deepEqual(json.human, [
      "IAM_ROLE default was removed: grant the BigQuery job's service account read access (roles/storage.objectViewer) to the bucket instead.",
    ]);
  });

  test('a column list and a JSONPaths file need a human', () => {
    const r = translate(`COPY t (a, b) FROM 's3://acme-raw/j/' IAM_ROLE default JSON 's3://acme-raw/paths.json';`);
    assert.ok(r.human.some((h) => h.startsWith('the COPY column list was dropped')));
    assert.ok(r.human.some((h) => h.startsWith("JSON 's3://acme-raw/paths.json' maps fields with a JSONPaths file")));
  });
});

describe('translateRedshiftToBigQuery: UNLOAD', () => {
  test('Parquet with PARTITION BY: the partitioning needs a human; the inner query is translated', () => {
    const r = translate(
      `UNLOAD ('SELECT id, GETDATE() AS exported_at FROM sales WHERE region = \\'EU\\'') TO 's3://acme-exports/sales/eu_' IAM_ROLE default FORMAT PARQUET CLEANPATH PARTITION BY (region, day);`,
    );
    assert.equal(
      r.sql,
      `EXPORT DATA OPTIONS (\n  uri = 'gs://acme-exports-gcp/sales/eu_*.parquet',\n  format = 'PARQUET',\n  overwrite = true\n) AS\nSELECT id, CURRENT_TIMESTAMP() AS exported_at FROM sales WHERE region = 'EU';`,
    );
    assert.ok(
      r.human.includes(
        'PARTITION BY (region, day): EXPORT DATA writes no partition folders; export one query per partition value (WHERE … = value) to its own uri.',
      ),
    );
  });

  test('delimited text with GZIP becomes CSV files ending .csv.gz; without ALLOWOVERWRITE nothing is overwritten', () => {
    const r = translate(
      `UNLOAD ('select * from venue') TO 's3://acme-exports/venue/' IAM_ROLE default DELIMITER AS ',' ADDQUOTES HEADER GZIP MAXFILESIZE 100 MB;`,
    );
    assert.equal(
      r.sql,
      `EXPORT DATA OPTIONS (\n  uri = 'gs://acme-exports-gcp/venue/*.csv.gz',\n  format = 'CSV',\n  field_delimiter = ',',\n  header = true,\n  compression = 'GZIP'\n) AS\nselect * from venue;`,
    );
    assert.ok(r.changed.includes('MAXFILESIZE 100 MB dropped: BigQuery chooses file sizes itself (at most 1 GB each)'));
  });
});

describe('translateRedshiftToBigQuery: CREATE TABLE', () => {
  test('types are mapped, physical design removed and reported, keys not enforced', () => {
    const r = translate(`CREATE TABLE IF NOT EXISTS sales.customers (
  id BIGINT IDENTITY(1,1) PRIMARY KEY,
  name VARCHAR(256) NOT NULL ENCODE lzo,
  email character varying(320) UNIQUE,
  created_at TIMESTAMP DEFAULT GETDATE(),
  score DECIMAL(12, 4),
  ratio double precision,
  active BOOLEAN DEFAULT TRUE,
  attrs SUPER,
  region_id INTEGER REFERENCES sales.regions(id)
)
DISTSTYLE KEY
DISTKEY (id)
COMPOUND SORTKEY (created_at, id);`);
    assert.equal(
      r.sql,
      `CREATE TABLE IF NOT EXISTS sales.customers (
  id INT64 PRIMARY KEY NOT ENFORCED,
  name STRING NOT NULL,
  email STRING,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP(),
  score NUMERIC(12, 4),
  ratio FLOAT64,
  active BOOL DEFAULT TRUE,
  attrs JSON,
  region_id INT64 REFERENCES sales.regions(id) NOT ENFORCED
);`,
    );
    assert.deepEqual(r.human, [
      'the IDENTITY of column id was removed: BigQuery has no identity columns; generate keys with GENERATE_UUID() or ROW_NUMBER().',
      "the sort key (created_at, id) was removed; BigQuery's nearest equivalent is CLUSTER BY created_at, id: add it if queries filter on these columns.",
    ]);
    assert.ok(
      r.changed.includes(
        'removed DISTSTYLE KEY, DISTKEY (id), COMPOUND SORTKEY (created_at, id): BigQuery distributes, sorts and encodes storage itself',
      ),
    );
    assert.ok(
      r.changed.includes(
        'removed UNIQUE on column email: BigQuery has no unique constraints (Redshift does not enforce them either)',
      ),
    );
  });

  test('temporary tables, LIKE, and table-level keys', () => {
    assert.equal(translate('CREATE TEMPORARY TABLE t1 (LIKE sales.orders);').sql, 'CREATE TEMP TABLE t1 LIKE sales.orders;');
    assert.equal(
      translate('CREATE TABLE t2 (a INT, b NUMERIC(40, 2), PRIMARY KEY (a), UNIQUE (b)) BACKUP NO;').sql,
      'CREATE TABLE t2 (a INT64, b BIGNUMERIC(40, 2), PRIMARY KEY (a) NOT ENFORCED);',
    );
  });
});

describe('translateRedshiftToBigQuery: expressions', () => {
  const cases: [string, string][] = [
    [
      "SELECT DECODE(status, 'A', 'active', 'I', 'inactive', 'unknown') FROM accounts",
      "SELECT CASE status WHEN 'A' THEN 'active' WHEN 'I' THEN 'inactive' ELSE 'unknown' END FROM accounts",
    ],
    [
      "SELECT NVL(a, b), NVL(a, b, c), NVL2(closed_at, 'closed', 'open') FROM t",
      "SELECT IFNULL(a, b), COALESCE(a, b, c), IF(closed_at IS NOT NULL, 'closed', 'open') FROM t",
    ],
    [
      "SELECT LEN(name), CHARINDEX('@', email), BTRIM(x), RANDOM(), MD5(email) FROM t",
      "SELECT LENGTH(name), STRPOS(email, '@'), TRIM(x), RAND(), TO_HEX(MD5(email)) FROM t",
    ],
    [
      'SELECT GETDATE(), SYSDATE, CONVERT(varchar(10), created_at) FROM t',
      'SELECT CURRENT_TIMESTAMP(), CURRENT_TIMESTAMP(), CAST(created_at AS STRING) FROM t',
    ],
    [
      'select "Order Id", o.amount::numeric(38,12), o.qty::int FROM sales.orders o',
      'select `Order Id`, CAST(o.amount AS BIGNUMERIC(38, 12)), CAST(o.qty AS INT64) FROM sales.orders o',
    ],
    [
      "SELECT * FROM t WHERE name ILIKE 'acme%' AND note NOT ILIKE '%test%'",
      "SELECT * FROM t WHERE LOWER(name) LIKE LOWER('acme%') AND LOWER(note) NOT LIKE LOWER('%test%')",
    ],
    [
      "SELECT region, LISTAGG(name, ', ') WITHIN GROUP (ORDER BY name) FROM t GROUP BY 1",
      "SELECT region, STRING_AGG(name, ', ' ORDER BY name) FROM t GROUP BY 1",
    ],
    ["SELECT 'it''s', 'a\\\\b' FROM t", "SELECT 'it\\'s', 'a\\\\b' FROM t"],
    [
      'SELECT DATEADD(day, -7, GETDATE()), DATEADD(month, 1, d), DATEDIFF(hour, a, b) FROM t',
      'SELECT TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL -7 DAY), DATE_ADD(d, INTERVAL 1 MONTH), TIMESTAMP_DIFF(b, a, HOUR) FROM t',
    ],
    ["SELECT DATE_TRUNC('week', created_at) FROM t", 'SELECT TIMESTAMP_TRUNC(created_at, WEEK) FROM t'],
    ['SELECT TOP 10 name FROM t ORDER BY score DESC', 'SELECT name FROM t ORDER BY score DESC\nLIMIT 10'],
    [
      "SELECT a FROM t WHERE x IN (1, 2) AND (y)::int > 0 AND NOT (z)::varchar = 'a'",
      "SELECT a FROM t WHERE x IN (1, 2) AND CAST((y) AS INT64) > 0 AND NOT CAST((z) AS STRING) = 'a'",
    ],
  ];
  for (const [input, output] of cases) test(input, () => assert.equal(translate(input).sql, output));

  test('TOP inside a CTE is left for a human: the LIMIT belongs inside it', () => {
    const r = translate('WITH x AS (SELECT TOP 5 a FROM t) SELECT * FROM x;');
    assert.equal(r.sql, 'WITH x AS (SELECT TOP 5 a FROM t) SELECT * FROM x;');
    assert.deepEqual(r.human, ['TOP n inside a CTE or subquery: BigQuery has no TOP; write LIMIT n at the end of that query.']);
  });

  test('what cannot be translated stays as written and is listed for a human', () => {
    const r = translate("SELECT MEDIAN(amount), APPROXIMATE COUNT(DISTINCT user_id), TO_CHAR(d, 'YYYY') FROM sales");
    assert.equal(r.sql, "SELECT MEDIAN(amount), APPROXIMATE COUNT(DISTINCT user_id), TO_CHAR(d, 'YYYY') FROM sales");
    assert.equal(r.human.length, 3);
    assert.match(r.raw.sql, /^-- godwit migrate: needs a human: MEDIAN has no aggregate form in BigQuery/);
  });
});

describe('translateRedshiftToBigQuery: other statements', () => {
  test('transactions, VACUUM / ANALYZE, DELETE, TRUNCATE, GRANT', () => {
    const r = translateRedshiftToBigQuery(
      'BEGIN;\nDELETE FROM staging.orders;\nDELETE FROM t WHERE id = 1;\nTRUNCATE staging.orders;\nVACUUM sales.orders;\nANALYZE sales.orders;\nEND;\nGRANT SELECT ON sales.orders TO bi_user;\n',
    );
    assert.equal(
      r.sql,
      [
        'BEGIN TRANSACTION;',
        'DELETE FROM staging.orders WHERE TRUE;',
        'DELETE FROM t WHERE id = 1;',
        'TRUNCATE TABLE staging.orders;',
        '-- godwit migrate: removed: VACUUM sales.orders (BigQuery sorts and reclaims storage itself)',
        '-- godwit migrate: removed: ANALYZE sales.orders (BigQuery keeps table statistics itself)',
        'COMMIT TRANSACTION;',
        '-- godwit migrate: needs a human: GRANT: BigQuery permissions are IAM roles on datasets and tables; grant them in IAM or with BigQuery DCL (GRANT role ON SCHEMA … TO "user:…").',
        'GRANT SELECT ON sales.orders TO bi_user;',
        '',
      ].join('\n'),
    );
  });

  test('the tokenizer loses nothing: untouched statements come back byte for byte', () => {
    const sql = "/* header */ SELECT a.\"b c\", 'x''y' -- trailing\nFROM s.t AS a WHERE a.n >= 1.5e3 AND a.s <> 'it\\'s';\n";
    assert.equal(
      tokenize(sql, REDSHIFT)
        .map((t) => t.text)
        .join(''),
      sql,
    );
    assert.equal(translate('SELECT a, b FROM s.t WHERE x >= 1 ORDER BY 2;').sql, 'SELECT a, b FROM s.t WHERE x >= 1 ORDER BY 2;');
  });
});
