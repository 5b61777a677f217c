-- Core banking transactions: amounts in yuan, direction C (credit, money in) / D (debit, money out).
INSERT INTO staging.prepared.txn_raw
SELECT 'core', 'transactions', source_key, clean.text(account_no), TRY_CAST(txn_time AS TIMESTAMP), txn_time::VARCHAR,
       TRY_CAST(amount AS DECIMAL(18,2)), amount::VARCHAR,
       CASE upper(clean.text(direction)) WHEN 'C' THEN 'in' WHEN 'D' THEN 'out' END,
       clean.text(channel_code), clean.text(branch_code), coalesce(TRY_CAST(fee AS DECIMAL(18,2)), 0), NULL
FROM staging.core_transactions;
