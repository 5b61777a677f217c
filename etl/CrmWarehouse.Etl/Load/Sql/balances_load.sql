-- Month-end balances of core accounts into dw.fact_balance_month (one row per account and month, replaced when
-- re-sent). A balance of an account the warehouse does not know is rejected: it has no account to belong to.
CREATE OR REPLACE TEMP TABLE balance_checked AS
SELECT s.source_key, s.account_no, s.month_end::VARCHAR AS raw_month, clean.date_any(s.month_end::VARCHAR) AS month_end,
       TRY_CAST(s.balance AS DECIMAL(18,2)) AS balance, s.balance::VARCHAR AS raw_balance,
       TRY_CAST(s.avg_daily_balance AS DECIMAL(18,2)) AS avg_daily_balance, TRY_CAST(s.interest AS DECIMAL(18,2)) AS interest,
       a.account_key, a.customer_id, a.product_key, a.branch_key,
       CASE WHEN a.account_key IS NULL THEN 'account_unknown'
            WHEN clean.date_any(s.month_end::VARCHAR) IS NULL THEN 'month_unparseable'
            WHEN TRY_CAST(s.balance AS DECIMAL(18,2)) IS NULL THEN 'balance_not_a_number' END AS reject_rule
FROM staging.core_balances s
LEFT JOIN dw.dim_account a ON a.account_number = clean.text(s.account_no);

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, 'core', 'balances', source_key, reject_rule,
       CASE reject_rule WHEN 'account_unknown' THEN 'account_no' WHEN 'month_unparseable' THEN 'month_end' ELSE 'balance' END,
       CASE reject_rule WHEN 'account_unknown' THEN account_no WHEN 'month_unparseable' THEN raw_month ELSE raw_balance END, 'rejected'
FROM balance_checked WHERE reject_rule IS NOT NULL;

INSERT OR REPLACE INTO dw.fact_balance_month (month_key, account_key, customer_key, customer_id, product_key, branch_key,
                                              balance, avg_daily_balance, interest, batch_id)
SELECT strftime(b.month_end, '%Y%m%d')::INTEGER, b.account_key, coalesce(c.customer_key, 0), b.customer_id, b.product_key, b.branch_key,
       b.balance, b.avg_daily_balance, b.interest, $batch
FROM balance_checked b
LEFT JOIN customer_version c ON c.customer_id = b.customer_id
     AND b.month_end::TIMESTAMP >= c.valid_from AND b.month_end::TIMESTAMP < c.valid_to
WHERE b.reject_rule IS NULL;

INSERT INTO stage_accounting
SELECT 'core', 'balances', count(*) FILTER (reject_rule IS NULL), count(*) FILTER (reject_rule IS NOT NULL), 0 FROM balance_checked;
