-- Raw tables shaped like the operational system's CSV exports, loaded with COPY from object
-- storage. Redshift SQL: on the embedded DuckDB warehouse and on PostgreSQL, Godwit reads the
-- objects through its stores; on Redshift the COPY runs as written.
CREATE SCHEMA IF NOT EXISTS churn;

DROP TABLE IF EXISTS churn.raw_customers;
CREATE TABLE churn.raw_customers (
  customer_id       INTEGER NOT NULL,
  signup_date       DATE NOT NULL,
  plan              VARCHAR(16),
  region            VARCHAR(32),
  age_band          VARCHAR(8),
  contract_type     VARCHAR(16),
  payment_method    VARCHAR(24),
  paperless_billing VARCHAR(1),
  monthly_charge    DECIMAL(8, 2),
  churn_date        DATE
);

DROP TABLE IF EXISTS churn.raw_usage;
CREATE TABLE churn.raw_usage (
  customer_id     INTEGER NOT NULL,
  usage_month     DATE NOT NULL,
  data_gb         DOUBLE PRECISION,
  voice_minutes   INTEGER,
  support_tickets INTEGER,
  late_payment    INTEGER,
  billed_amount   DECIMAL(8, 2)
);

COPY churn.raw_customers FROM 's3://godwit-churn/raw/customers.csv' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1;
COPY churn.raw_usage FROM 's3://godwit-churn/raw/usage.csv' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1;
