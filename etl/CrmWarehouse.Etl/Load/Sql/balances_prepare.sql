-- Tonight's month-end balances of core accounts, parsed before the publish transaction (balances_load.sql loads them).
CREATE OR REPLACE TABLE staging.prepared.balance_raw AS
SELECT source_key, account_no AS raw_account, clean.text(account_no) AS account_number, month_end::VARCHAR AS raw_month,
       clean.date_any(month_end) AS month_end, TRY_CAST(balance AS DECIMAL(18,2)) AS balance, balance::VARCHAR AS raw_balance,
       TRY_CAST(avg_daily_balance AS DECIMAL(18,2)) AS avg_daily_balance, TRY_CAST(interest AS DECIMAL(18,2)) AS interest
FROM staging.core_balances;
