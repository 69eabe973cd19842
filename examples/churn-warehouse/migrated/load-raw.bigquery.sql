-- godwit migrate: BigQuery translation of ../sql/load-raw.sql; the original is unchanged.
-- godwit migrate: statements marked "needs a human" are listed in the migration report.
-- Raw tables shaped like the operational system's CSV exports, loaded with COPY from object
-- storage. Redshift SQL: on the embedded DuckDB warehouse and on PostgreSQL, Godwit reads the
-- objects through its stores; on Redshift the COPY runs as written.
CREATE SCHEMA IF NOT EXISTS churn;

DROP TABLE IF EXISTS churn.raw_customers;
CREATE TABLE churn.raw_customers (
  customer_id INT64 NOT NULL,
  signup_date DATE NOT NULL,
  plan STRING,
  region STRING,
  age_band STRING,
  contract_type STRING,
  payment_method STRING,
  paperless_billing STRING,
  monthly_charge NUMERIC(8, 2),
  churn_date DATE
);

DROP TABLE IF EXISTS churn.raw_usage;
CREATE TABLE churn.raw_usage (
  customer_id INT64 NOT NULL,
  usage_month DATE NOT NULL,
  data_gb FLOAT64,
  voice_minutes INT64,
  support_tickets INT64,
  late_payment INT64,
  billed_amount NUMERIC(8, 2)
);

-- godwit migrate: needs a human: no bucket mapping for s3://godwit-churn: assumed gs://godwit-churn; copy the data there or give a bucket map.
-- godwit migrate: needs a human: IAM_ROLE default was removed: grant the BigQuery job's service account read access (roles/storage.objectViewer) to the bucket instead.
LOAD DATA INTO churn.raw_customers
FROM FILES (
  format = 'CSV',
  uris = ['gs://godwit-churn/raw/customers.csv'],
  skip_leading_rows = 1
);
-- godwit migrate: needs a human: no bucket mapping for s3://godwit-churn: assumed gs://godwit-churn; copy the data there or give a bucket map.
-- godwit migrate: needs a human: IAM_ROLE default was removed: grant the BigQuery job's service account read access (roles/storage.objectViewer) to the bucket instead.
LOAD DATA INTO churn.raw_usage
FROM FILES (
  format = 'CSV',
  uris = ['gs://godwit-churn/raw/usage.csv'],
  skip_leading_rows = 1
);
