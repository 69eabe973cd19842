-- Stage the splits for training: train and test as headerless CSV with the label first, the
-- convention of SageMaker's built-in algorithms. The split is deterministic by customer id, so
-- a customer is always on the same side, on every warehouse and every run.
UNLOAD ('SELECT churned, tenure_months, monthly_charge, contract_monthly, contract_two_year, pays_by_echeck, paperless, plan_premium, plan_basic, age_under_25, age_over_64, months_active, avg_data_gb, avg_voice_minutes, usage_trend, tickets_6m, late_payments_12m, price_increase FROM churn.training_rows WHERE MOD(customer_id, 10) < 8 ORDER BY customer_id')
TO 's3://godwit-churn/splits/train/' IAM_ROLE default FORMAT AS CSV ALLOWOVERWRITE;

UNLOAD ('SELECT churned, tenure_months, monthly_charge, contract_monthly, contract_two_year, pays_by_echeck, paperless, plan_premium, plan_basic, age_under_25, age_over_64, months_active, avg_data_gb, avg_voice_minutes, usage_trend, tickets_6m, late_payments_12m, price_increase FROM churn.training_rows WHERE MOD(customer_id, 10) >= 8 ORDER BY customer_id')
TO 's3://godwit-churn/splits/test/' IAM_ROLE default FORMAT AS CSV ALLOWOVERWRITE;
