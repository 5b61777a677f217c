-- Transactions into dw.fact_transaction. A row that repeats another of the same system exactly (same account,
-- time, amount, direction, channel, fee) loads once; the copies count as merged duplicates. Impossible amounts
-- (zero, negative, 100 million yuan or more) and dates after the business date are rejected. An unknown account or
-- channel loads against the unknown member (key 0) and is noted; so does an account deleted in its source, as a full
-- reload, which never sees that account, would load it. The customer is the version valid at the
-- transaction's time (SCD2). Re-running a batch replaces tonight's rows, so nothing doubles.
-- txn_raw and txn_repeated were prepared before the publish transaction. Millions of rows pass through here, so
-- txn_raw is scanned a few times rather than copied: copying it costs more than any of the scans.

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, source, source_table, source_key, rule,
       CASE WHEN rule LIKE 'amount%' THEN 'amount' WHEN rule = 'direction_unknown' THEN 'direction' ELSE 'txn_time' END,
       CASE WHEN rule LIKE 'amount%' THEN raw_amount WHEN rule = 'direction_unknown' THEN NULL ELSE raw_time END, 'rejected'
FROM (SELECT *, txn_reject_rule(amount, txn_time, direction, $as_of) AS rule FROM staging.prepared.txn_raw)
WHERE rule IS NOT NULL;

-- The rows that load: not rejected, and not a second copy of a repeated row.
CREATE OR REPLACE TEMP MACRO txn_loading(business_date) AS TABLE
SELECT t.*
FROM staging.prepared.txn_raw t
LEFT JOIN staging.prepared.txn_repeated r
       ON r.source = t.source AND r.account_number IS NOT DISTINCT FROM t.account_number AND r.raw_time IS NOT DISTINCT FROM t.raw_time
      AND r.amount IS NOT DISTINCT FROM t.amount AND r.direction IS NOT DISTINCT FROM t.direction
      AND r.channel_code IS NOT DISTINCT FROM t.channel_code AND r.fee IS NOT DISTINCT FROM t.fee
WHERE txn_reject_rule(t.amount, t.txn_time, t.direction, business_date) IS NULL AND (r.kept IS NULL OR r.kept = t.source_key);

INSERT INTO audit.rejects (batch_id, source, table_name, source_key, rule, column_name, raw_value, action)
SELECT $batch, t.source, t.source_table, t.source_key, 'account_unknown', 'account', t.account_number, 'repaired'
FROM txn_loading($as_of) t ANTI JOIN dw.dim_account a ON a.account_number = t.account_number AND a.deleted_on IS NULL
UNION ALL
SELECT $batch, t.source, t.source_table, t.source_key, 'channel_unknown', 'channel', t.channel_code, 'repaired'
FROM txn_loading($as_of) t ANTI JOIN dw.dim_channel ch ON ch.code = t.channel_code;

-- A transaction sent again replaces its earlier row (or removes it, if it is now rejected).
DELETE FROM dw.fact_transaction f USING staging.prepared.txn_raw t WHERE f.transaction_id = t.source || ':' || t.source_key;

INSERT INTO dw.fact_transaction (transaction_id, date_key, customer_key, customer_id, product_key, channel_key, branch_key,
                                 account_key, txn_time, amount, fee, direction, txn_type, batch_id)
SELECT t.source || ':' || t.source_key, (year(t.txn_time) * 10000 + month(t.txn_time) * 100 + day(t.txn_time))::INTEGER,
       coalesce(c.customer_key, 0), coalesce(a.customer_id, 0), coalesce(a.product_key, 0), coalesce(ch.channel_key, 0),
       coalesce(b.branch_key, a.branch_key, 0), coalesce(a.account_key, 0), t.txn_time, t.amount, t.fee, t.direction, t.txn_type, $batch
FROM txn_loading($as_of) t
LEFT JOIN dw.dim_account a ON a.account_number = t.account_number AND a.deleted_on IS NULL
LEFT JOIN dw.dim_branch b ON b.code = t.branch_code
LEFT JOIN dw.dim_channel ch ON ch.code = t.channel_code
LEFT JOIN customer_version c ON c.customer_id = a.customer_id AND t.txn_time >= c.valid_from AND t.txn_time < c.valid_to;

-- Every row is loaded, rejected, or a merged copy: the copies are counted from the repeat groups that were not
-- rejected (a group's rows share every column the rules look at).
INSERT INTO stage_accounting
SELECT source, source_table, count(*) FILTER (txn_reject_rule(amount, txn_time, direction, $as_of) IS NULL),
       count(*) FILTER (txn_reject_rule(amount, txn_time, direction, $as_of) IS NOT NULL), 0
FROM staging.prepared.txn_raw GROUP BY ALL
UNION ALL
SELECT source, source_table, -sum(copies - 1), 0, sum(copies - 1)
FROM staging.prepared.txn_repeated WHERE txn_reject_rule(amount, txn_time, direction, $as_of) IS NULL GROUP BY ALL;
