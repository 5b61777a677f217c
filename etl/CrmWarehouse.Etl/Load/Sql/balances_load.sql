-- Month-end balances of core accounts (balance_raw, from balances_prepare.sql) into dw.fact_balance_month (one row per
-- account and month, updated when re-sent with other figures). A balance of an account the warehouse does not know is rejected: it
-- has no account to belong to; so is one of an account deleted in its source, which is no longer held (hard_deletes_accounts.sql).
CREATE OR REPLACE TEMP MACRO balance_reject_rule(account_key, deleted_on, month_end, balance) AS
    CASE WHEN account_key IS NULL THEN 'account_unknown'
         WHEN deleted_on IS NOT NULL THEN 'account_deleted'
         WHEN month_end IS NULL THEN 'month_unparseable'
         WHEN balance IS NULL THEN 'balance_not_a_number' END;

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, 'core', 'balances', source_key, rule,
       CASE WHEN rule LIKE 'account%' THEN 'account_no' WHEN rule = 'month_unparseable' THEN 'month_end' ELSE 'balance' END,
       CASE WHEN rule LIKE 'account%' THEN raw_account WHEN rule = 'month_unparseable' THEN raw_month ELSE raw_balance END, 'rejected'
FROM (SELECT b.*, balance_reject_rule(a.account_key, a.deleted_on, b.month_end, b.balance) AS rule
      FROM staging.prepared.balance_raw b LEFT JOIN dw.dim_account a ON a.account_number = b.account_number)
WHERE rule IS NOT NULL;

-- The month-end rows as they should be; a re-sent month (the latest month-end is read again each night) writes only
-- the rows that are new or differ, so an unchanged month is not touched.
CREATE OR REPLACE TEMP MACRO balance_rows(batch) AS TABLE
SELECT (year(b.month_end) * 10000 + month(b.month_end) * 100 + day(b.month_end))::INTEGER AS month_key, a.account_key,
       coalesce(c.customer_key, 0) AS customer_key, a.customer_id, a.product_key, a.branch_key, b.balance, b.avg_daily_balance,
       b.interest, batch AS batch_id
FROM staging.prepared.balance_raw b
JOIN dw.dim_account a ON a.account_number = b.account_number
LEFT JOIN customer_version c ON c.customer_id = a.customer_id
     AND b.month_end::TIMESTAMP >= c.valid_from AND b.month_end::TIMESTAMP < c.valid_to
WHERE b.month_end IS NOT NULL AND b.balance IS NOT NULL AND a.deleted_on IS NULL;

UPDATE dw.fact_balance_month f
SET customer_key = n.customer_key, customer_id = n.customer_id, product_key = n.product_key, branch_key = n.branch_key,
    balance = n.balance, avg_daily_balance = n.avg_daily_balance, interest = n.interest, batch_id = n.batch_id
FROM balance_rows($batch) n
WHERE f.month_key = n.month_key AND f.account_key = n.account_key
  AND (f.customer_key, f.customer_id, f.product_key, f.branch_key, f.balance, f.avg_daily_balance, f.interest)
      IS DISTINCT FROM (n.customer_key, n.customer_id, n.product_key, n.branch_key, n.balance, n.avg_daily_balance, n.interest);

INSERT INTO dw.fact_balance_month (month_key, account_key, customer_key, customer_id, product_key, branch_key,
                                   balance, avg_daily_balance, interest, batch_id)
SELECT n.* FROM balance_rows($batch) n ANTI JOIN dw.fact_balance_month f ON f.month_key = n.month_key AND f.account_key = n.account_key;

INSERT INTO stage_accounting
SELECT 'core', 'balances', count(*) FILTER (rule IS NULL), count(*) FILTER (rule IS NOT NULL), 0
FROM (SELECT balance_reject_rule(a.account_key, a.deleted_on, b.month_end, b.balance) AS rule
      FROM staging.prepared.balance_raw b LEFT JOIN dw.dim_account a ON a.account_number = b.account_number);
