-- Transactions into dw.fact_transaction. A row that repeats another of the same system exactly (same account,
-- time, amount, direction, channel, fee) loads once; the copies count as merged duplicates. Impossible amounts
-- (zero, negative, 100 million yuan or more) and dates after the business date are rejected. An unknown account or
-- channel loads against the unknown member (key 0) and is noted. The customer is the version valid at the
-- transaction's time (SCD2). Re-running a batch replaces tonight's rows, so nothing doubles.
CREATE OR REPLACE TEMP TABLE txn_checked AS
SELECT t.*, TRY_CAST(raw_time AS TIMESTAMP) AS txn_time,
       CASE WHEN amount IS NULL THEN 'amount_not_a_number'
            WHEN amount <= 0 OR amount >= 100000000 THEN 'amount_impossible'
            WHEN TRY_CAST(raw_time AS TIMESTAMP) IS NULL THEN 'time_unparseable'
            WHEN TRY_CAST(raw_time AS TIMESTAMP)::DATE > $asof THEN 'date_in_future'
            WHEN direction IS NULL THEN 'direction_unknown' END AS reject_rule,
       row_number() OVER (PARTITION BY source, account_number, raw_time, amount, direction, channel_code, fee ORDER BY source_key) AS copy_number
FROM txn_raw t;

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, source, source_table, source_key, reject_rule,
       CASE WHEN reject_rule LIKE 'amount%' THEN 'amount' WHEN reject_rule = 'direction_unknown' THEN 'direction' ELSE 'txn_time' END,
       CASE WHEN reject_rule LIKE 'amount%' THEN raw_amount WHEN reject_rule = 'direction_unknown' THEN NULL ELSE raw_time END, 'rejected'
FROM txn_checked WHERE reject_rule IS NOT NULL;

CREATE OR REPLACE TEMP TABLE txn_keyed AS
SELECT t.source || ':' || t.source_key AS transaction_id, t.source, t.source_table, t.source_key, t.account_number,
       t.txn_time, t.amount, t.fee, t.direction, t.txn_type, t.channel_code,
       coalesce(a.account_key, 0) AS account_key, coalesce(a.customer_id, 0) AS customer_id,
       coalesce(a.product_key, 0) AS product_key, coalesce(b.branch_key, a.branch_key, 0) AS branch_key,
       coalesce(ch.channel_key, 0) AS channel_key
FROM txn_checked t
LEFT JOIN dw.dim_account a ON a.account_number = t.account_number
LEFT JOIN dw.dim_branch b ON b.code = t.branch_code
LEFT JOIN dw.dim_channel ch ON ch.code = t.channel_code
WHERE t.reject_rule IS NULL AND t.copy_number = 1;

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, source, source_table, source_key, 'account_unknown', 'account', account_number, 'repaired' FROM txn_keyed WHERE account_key = 0
UNION ALL
SELECT $batch, source, source_table, source_key, 'channel_unknown', 'channel', channel_code, 'repaired' FROM txn_keyed WHERE channel_key = 0;

DELETE FROM dw.fact_transaction WHERE transaction_id IN (SELECT transaction_id FROM txn_keyed);

INSERT INTO dw.fact_transaction (transaction_id, date_key, customer_key, customer_id, product_key, channel_key, branch_key,
                                 account_key, txn_time, amount, fee, direction, txn_type, batch_id)
SELECT t.transaction_id, strftime(t.txn_time, '%Y%m%d')::INTEGER, coalesce(c.customer_key, 0), t.customer_id, t.product_key,
       t.channel_key, t.branch_key, t.account_key, t.txn_time, t.amount, t.fee, t.direction, t.txn_type, $batch
FROM txn_keyed t
LEFT JOIN customer_version c ON c.customer_id = t.customer_id
     AND t.txn_time::TIMESTAMP >= c.valid_from AND t.txn_time::TIMESTAMP < c.valid_to;

INSERT INTO stage_accounting
SELECT source, source_table,
       count(*) FILTER (reject_rule IS NULL AND copy_number = 1),
       count(*) FILTER (reject_rule IS NOT NULL),
       count(*) FILTER (reject_rule IS NULL AND copy_number > 1)
FROM txn_checked GROUP BY ALL;
