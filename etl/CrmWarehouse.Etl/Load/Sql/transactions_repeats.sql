-- Rows that repeat another of the same system exactly (same account, time, amount, direction, channel, fee): each
-- group, how many rows it has, and the copy that loads (the lowest source key). Few rows repeat, so a hash of the
-- compared columns finds the candidates and the exact comparison only sees those.
CREATE OR REPLACE TABLE staging.prepared.txn_repeated AS
SELECT source, source_table, account_number, raw_time, amount, direction, channel_code, fee,
       min(source_key) AS kept, count(*) AS copies, any_value(txn_time) AS txn_time
FROM staging.prepared.txn_raw
WHERE hash(source, account_number, raw_time, amount, direction, channel_code, fee) IN (
    SELECT hash(source, account_number, raw_time, amount, direction, channel_code, fee) FROM staging.prepared.txn_raw GROUP BY 1 HAVING count(*) > 1)
GROUP BY source, source_table, account_number, raw_time, amount, direction, channel_code, fee
HAVING count(*) > 1;
