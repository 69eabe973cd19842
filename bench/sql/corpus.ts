/**
 * Real Redshift and BigQuery statements, as written in the vendors' documentation and in ETL
 * scripts, for the parser evaluation in parser-eval.ts. Each keeps its comments and layout, since
 * a lossless round trip is one of the things measured.
 */
export interface CorpusStatement {
  readonly dialect: 'redshift' | 'bigquery';
  readonly label: string;
  readonly sql: string;
}

export const CORPUS: readonly CorpusStatement[] = [
  {
    dialect: 'redshift',
    label: 'COPY csv with options',
    sql: `COPY sales.orders (id, region, amount) -- raw orders
FROM 's3://acme-raw/orders/2024-06-01/'
IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoad'
FORMAT AS CSV IGNOREHEADER 1 DELIMITER ',' NULL AS '\\N' GZIP REGION 'us-east-1'`,
  },
  {
    dialect: 'redshift',
    label: 'COPY parquet',
    sql: `COPY listing FROM 's3://mybucket/data/listings/parquet/' IAM_ROLE default FORMAT AS PARQUET`,
  },
  {
    dialect: 'redshift',
    label: 'COPY json auto',
    sql: `copy category from 's3://mybucket/category_object_auto.json' iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole' json 'auto'`,
  },
  {
    dialect: 'redshift',
    label: 'UNLOAD parquet partition',
    sql: `UNLOAD ('select * from lineitem where l_shipdate > ''1998-01-01''')
TO 's3://mybucket/lineitem/' IAM_ROLE default PARQUET PARTITION BY (l_shipdate) INCLUDE`,
  },
  {
    dialect: 'redshift',
    label: 'UNLOAD csv manifest',
    sql: `unload ('select * from venue') to 's3://mybucket/unload/' iam_role 'arn:aws:iam::0123456789012:role/MyRedshiftRole'
csv header manifest maxfilesize 100 mb parallel off allowoverwrite`,
  },
  {
    dialect: 'redshift',
    label: 'CREATE TABLE DISTKEY SORTKEY ENCODE',
    sql: `CREATE TABLE analytics.sales (
  salesid INTEGER NOT NULL ENCODE az64,
  sellerid INT8 DISTKEY,
  saletime TIMESTAMPTZ,
  pricepaid DECIMAL(8,2) ENCODE zstd,
  note VARCHAR(256)
)
DISTSTYLE KEY
COMPOUND SORTKEY (saletime, salesid)`,
  },
  {
    dialect: 'redshift',
    label: 'CTAS with DISTKEY',
    sql: `CREATE TABLE analytics.daily_sales DISTKEY (region) SORTKEY (sale_date) AS
SELECT region, TRUNC(sold_at) AS sale_date, SUM(amount) AS total FROM sales.orders GROUP BY 1, 2`,
  },
  {
    dialect: 'redshift',
    label: 'CREATE MATERIALIZED VIEW',
    sql: `CREATE MATERIALIZED VIEW tickets_mv AUTO REFRESH YES AS
SELECT catgroup, SUM(qtysold) AS sold FROM category c, event e, sales s
WHERE c.catid = e.catid AND e.eventid = s.eventid GROUP BY catgroup`,
  },
  { dialect: 'redshift', label: 'REFRESH MATERIALIZED VIEW', sql: `REFRESH MATERIALIZED VIEW tickets_mv` },
  {
    dialect: 'redshift',
    label: 'window functions',
    sql: `select salesid, sellerid, qty,
  rank() over (partition by sellerid order by qty desc) as rnk,
  sum(qty) over (order by salesid rows between unbounded preceding and current row) as running
from winsales order by 2, 3`,
  },
  {
    dialect: 'redshift',
    label: 'NVL DECODE casts',
    sql: `SELECT NVL(city, 'unknown') AS city, DECODE(catid, 1, 'one', 2, 'two', 'many') AS name,
  price::DECIMAL(8,2), "Customer Name" FROM "public"."Users"`,
  },
  {
    dialect: 'redshift',
    label: 'DATEADD DATEDIFF GETDATE',
    sql: `SELECT DATEADD(month, 18, '2008-02-28'::date), DATEDIFF(week, '2009-01-01', '2009-12-31') AS numweeks, GETDATE()`,
  },
  {
    dialect: 'redshift',
    label: 'LISTAGG WITHIN GROUP',
    sql: `SELECT sellerid, LISTAGG(salesid, ', ') WITHIN GROUP (ORDER BY salesid) FROM sales GROUP BY sellerid`,
  },
  {
    dialect: 'bigquery',
    label: 'backtick project.dataset.table',
    sql: 'SELECT name, SUM(number) AS total -- top names\nFROM `bigquery-public-data.usa_names.usa_1910_2013`\nGROUP BY name ORDER BY total DESC LIMIT 10',
  },
  {
    dialect: 'bigquery',
    label: 'LOAD DATA',
    sql: `LOAD DATA INTO mydataset.table1
FROM FILES (format = 'CSV', uris = ['gs://bucket/path/file.csv'], skip_leading_rows = 1)`,
  },
  {
    dialect: 'bigquery',
    label: 'EXPORT DATA',
    sql: `EXPORT DATA OPTIONS (
  uri = 'gs://bucket/folder/*.csv', format = 'CSV', overwrite = true, header = true, field_delimiter = ';')
AS SELECT field1, field2 FROM mydataset.table1 ORDER BY field1 LIMIT 10`,
  },
  {
    dialect: 'bigquery',
    label: 'SAFE_CAST DATE_DIFF',
    sql: `SELECT SAFE_CAST('apple' AS INT64) AS not_a_number, DATE_DIFF(DATE '2010-07-07', DATE '2008-12-25', DAY) AS days_diff`,
  },
  {
    dialect: 'bigquery',
    label: 'STRUCT ARRAY UNNEST',
    sql: `SELECT s.a, x FROM (SELECT STRUCT(1 AS a, 'b' AS b) AS s, [1, 2, 3] AS arr), UNNEST(arr) AS x`,
  },
  {
    dialect: 'bigquery',
    label: 'QUALIFY',
    sql: `SELECT item, purchases, category FROM Produce
WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY category ORDER BY purchases DESC) <= 3`,
  },
  { dialect: 'bigquery', label: 'CREATE SCHEMA', sql: `CREATE SCHEMA IF NOT EXISTS mydataset OPTIONS (location = 'US')` },
  {
    dialect: 'bigquery',
    label: 'CREATE TABLE PARTITION CLUSTER',
    sql: "CREATE TABLE `proj.mydataset.events` (id INT64, ts TIMESTAMP, amount NUMERIC, tags ARRAY<STRING>)\nPARTITION BY DATE(ts) CLUSTER BY id OPTIONS (description = 'events')",
  },
  {
    dialect: 'bigquery',
    label: 'CREATE MODEL',
    sql: `CREATE OR REPLACE MODEL mydataset.churn OPTIONS (model_type = 'logistic_reg', input_label_cols = ['churned'])
AS SELECT * FROM mydataset.features`,
  },
  {
    dialect: 'bigquery',
    label: 'COUNTIF SAFE_DIVIDE',
    sql: `SELECT COUNTIF(x < 0) AS num_negative, SAFE_DIVIDE(10, 0) AS q FROM UNNEST([5, -2, 3, 6, -10, -7, 4, 0]) AS x`,
  },
];
