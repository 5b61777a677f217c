-- Transactions of every system in one shape; each source's script (transactions_<source>.sql) adds its rows.
-- txn_time is the parsed time (NULL when it cannot be parsed); raw_time and raw_amount keep what the source sent,
-- for audit.rejects.
CREATE OR REPLACE TABLE staging.prepared.txn_raw (
    source VARCHAR, source_table VARCHAR, source_key VARCHAR, account_number VARCHAR, txn_time TIMESTAMP, raw_time VARCHAR,
    amount DECIMAL(18,2), raw_amount VARCHAR, direction VARCHAR, channel_code VARCHAR, branch_code VARCHAR,
    fee DECIMAL(18,2), txn_type VARCHAR
);

-- Why a transaction is rejected, or NULL: impossible amounts (zero, negative, 100 million yuan or more), a time that
-- cannot be parsed or lies after the business date, an unknown direction.
CREATE OR REPLACE TEMP MACRO txn_reject_rule(amount, txn_time, direction, business_date) AS
    CASE WHEN amount IS NULL THEN 'amount_not_a_number'
         WHEN amount <= 0 OR amount >= 100000000 THEN 'amount_impossible'
         WHEN txn_time IS NULL THEN 'time_unparseable'
         WHEN txn_time::DATE > business_date THEN 'date_in_future'
         WHEN direction IS NULL THEN 'direction_unknown' END;
