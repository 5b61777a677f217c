-- Month-end balances of core accounts (balance_raw, from balances_prepare.sql) into dw.fact_balance_month (one row per
-- account and month, replaced when re-sent). A balance of an account the warehouse does not know is rejected: it
-- has no account to belong to.
CREATE OR REPLACE TEMP MACRO balance_reject_rule(account_key, month_end, balance) AS
    CASE WHEN account_key IS NULL THEN 'account_unknown'
         WHEN month_end IS NULL THEN 'month_unparseable'
         WHEN balance IS NULL THEN 'balance_not_a_number' END;

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, 'core', 'balances', source_key, rule,
       CASE rule WHEN 'account_unknown' THEN 'account_no' WHEN 'month_unparseable' THEN 'month_end' ELSE 'balance' END,
       CASE rule WHEN 'account_unknown' THEN raw_account WHEN 'month_unparseable' THEN raw_month ELSE raw_balance END, 'rejected'
FROM (SELECT b.*, balance_reject_rule(a.account_key, b.month_end, b.balance) AS rule
      FROM balance_raw b LEFT JOIN dw.dim_account a ON a.account_number = b.account_number)
WHERE rule IS NOT NULL;

INSERT OR REPLACE INTO dw.fact_balance_month (month_key, account_key, customer_key, customer_id, product_key, branch_key,
                                              balance, avg_daily_balance, interest, batch_id)
SELECT (year(b.month_end) * 10000 + month(b.month_end) * 100 + day(b.month_end))::INTEGER, a.account_key, coalesce(c.customer_key, 0),
       a.customer_id, a.product_key, a.branch_key, b.balance, b.avg_daily_balance, b.interest, $batch
FROM balance_raw b
JOIN dw.dim_account a ON a.account_number = b.account_number
LEFT JOIN customer_version c ON c.customer_id = a.customer_id
     AND b.month_end::TIMESTAMP >= c.valid_from AND b.month_end::TIMESTAMP < c.valid_to
WHERE b.month_end IS NOT NULL AND b.balance IS NOT NULL;

INSERT INTO stage_accounting
SELECT 'core', 'balances', count(*) FILTER (rule IS NULL), count(*) FILTER (rule IS NOT NULL), 0
FROM (SELECT balance_reject_rule(a.account_key, b.month_end, b.balance) AS rule
      FROM balance_raw b LEFT JOIN dw.dim_account a ON a.account_number = b.account_number);
