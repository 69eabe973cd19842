-- godwit migrate: BigQuery translation of ../sql/transform.sql; the original is unchanged.
-- godwit migrate: statements marked "needs a human" are listed in the migration report.
-- Transform: a CTAS of cleaned customer-months (raw usage de-duplicated, joined to cleaned
-- customer attributes), then a materialized view of per-customer aggregates over it. The
-- snapshot date is 2025-01-01: features see only the months before it, and the label is
-- churn in the 90 days after it.

-- Rerunnable: drop what a previous run made, dependants first (PostgreSQL and Redshift refuse to
-- drop a table a view still reads).
DROP VIEW IF EXISTS churn.test_split;
DROP VIEW IF EXISTS churn.train_split;
DROP VIEW IF EXISTS churn.training_rows;
DROP MATERIALIZED VIEW IF EXISTS churn.customer_features;
DROP TABLE IF EXISTS churn.customer_months;

-- CTAS: one row per customer and month of usage (customers with no usage yet keep one row of
-- NULL usage). Cleaning: region spelled one way, a missing age band is 'unknown', a missing
-- monthly charge is the amount billed, duplicated export rows counted once.
CREATE TABLE churn.customer_months AS
SELECT
  c.customer_id,
  (2025 - EXTRACT(YEAR FROM c.signup_date)) * 12 + 1 - EXTRACT(MONTH FROM c.signup_date) AS tenure_months,
  COALESCE(c.monthly_charge, u.billed_amount) AS monthly_charge,
  CASE WHEN c.contract_type = 'month-to-month' THEN 1 ELSE 0 END AS contract_monthly,
  CASE WHEN c.contract_type = 'two-year' THEN 1 ELSE 0 END AS contract_two_year,
  CASE WHEN c.payment_method = 'electronic-check' THEN 1 ELSE 0 END AS pays_by_echeck,
  CASE WHEN c.paperless_billing = 't' THEN 1 ELSE 0 END AS paperless,
  CASE WHEN c.plan = 'premium' THEN 1 ELSE 0 END AS plan_premium,
  CASE WHEN c.plan = 'basic' THEN 1 ELSE 0 END AS plan_basic,
  CASE WHEN COALESCE(NULLIF(TRIM(c.age_band), ''), 'unknown') = '18-24' THEN 1 ELSE 0 END AS age_under_25,
  CASE WHEN COALESCE(NULLIF(TRIM(c.age_band), ''), 'unknown') = '65+' THEN 1 ELSE 0 END AS age_over_64,
  LOWER(TRIM(c.region)) AS region,
  CASE WHEN c.churn_date IS NULL THEN 0 ELSE 1 END AS churned,
  u.usage_month,
  u.data_gb,
  CAST(u.voice_minutes AS FLOAT64) AS voice_minutes,
  u.support_tickets,
  u.late_payment,
  u.billed_amount
FROM churn.raw_customers c
LEFT JOIN (
  SELECT DISTINCT customer_id, usage_month, data_gb, voice_minutes, support_tickets, late_payment, billed_amount
  FROM churn.raw_usage
) u ON u.customer_id = c.customer_id;

-- Materialized view: the per-customer features the model trains on. Attributes are constant per
-- customer, so MAX picks them; windows count back from the snapshot (last 3, 6 and 12 months).
-- Only plain aggregates, no arithmetic over them: BigQuery's materialized views allow no more.
CREATE MATERIALIZED VIEW churn.customer_features AS
SELECT
  customer_id,
  MAX(churned) AS churned,
  MAX(tenure_months) AS tenure_months,
  MAX(monthly_charge) AS monthly_charge,
  MAX(contract_monthly) AS contract_monthly,
  MAX(contract_two_year) AS contract_two_year,
  MAX(pays_by_echeck) AS pays_by_echeck,
  MAX(paperless) AS paperless,
  MAX(plan_premium) AS plan_premium,
  MAX(plan_basic) AS plan_basic,
  MAX(age_under_25) AS age_under_25,
  MAX(age_over_64) AS age_over_64,
  COUNT(usage_month) AS months_active,
  AVG(data_gb) AS avg_data_gb,
  AVG(voice_minutes) AS avg_voice_minutes,
  AVG(CASE WHEN usage_month >= DATE '2024-10-01' THEN data_gb END) AS recent_data_gb,
  SUM(CASE WHEN usage_month >= DATE '2024-07-01' THEN support_tickets ELSE 0 END) AS tickets_6m,
  SUM(CASE WHEN usage_month >= DATE '2024-01-01' THEN late_payment ELSE 0 END) AS late_payments_12m,
  MAX(billed_amount) AS max_billed,
  MIN(billed_amount) AS min_billed
FROM churn.customer_months
GROUP BY customer_id;

-- The model's rows: the label first, then the features, every NULL given a value (a customer with
-- no usage yet has no averages; a usage trend is recent over average data use). Plain views, so
-- they always read the materialized view's current contents.
CREATE VIEW churn.training_rows AS
SELECT
  customer_id,
  churned,
  tenure_months,
  COALESCE(monthly_charge, 0) AS monthly_charge,
  contract_monthly,
  contract_two_year,
  pays_by_echeck,
  paperless,
  plan_premium,
  plan_basic,
  age_under_25,
  age_over_64,
  months_active,
  COALESCE(avg_data_gb, 0) AS avg_data_gb,
  COALESCE(avg_voice_minutes, 0) AS avg_voice_minutes,
  COALESCE(recent_data_gb / NULLIF(avg_data_gb, 0), 1) AS usage_trend,
  tickets_6m,
  late_payments_12m,
  COALESCE(max_billed - min_billed, 0) AS price_increase
FROM churn.customer_features;

-- The splits the pipeline UNLOADs for training: headerless CSV with the label first is what
-- SageMaker's built-in algorithms read. The split is by customer id, which every warehouse
-- computes the same way, so a customer is on the same side on every warehouse and every run.
CREATE VIEW churn.train_split AS
SELECT churned, tenure_months, monthly_charge, contract_monthly, contract_two_year, pays_by_echeck, paperless,
  plan_premium, plan_basic, age_under_25, age_over_64, months_active, avg_data_gb, avg_voice_minutes,
  usage_trend, tickets_6m, late_payments_12m, price_increase
FROM churn.training_rows
WHERE MOD(customer_id, 10) < 8;

CREATE VIEW churn.test_split AS
SELECT churned, tenure_months, monthly_charge, contract_monthly, contract_two_year, pays_by_echeck, paperless,
  plan_premium, plan_basic, age_under_25, age_over_64, months_active, avg_data_gb, avg_voice_minutes,
  usage_trend, tickets_6m, late_payments_12m, price_increase
FROM churn.training_rows
WHERE MOD(customer_id, 10) >= 8;
