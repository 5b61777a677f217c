-- Transactions of every system in one shape; each source's script (transactions_<source>.sql) adds its rows.
CREATE OR REPLACE TEMP TABLE txn_raw (
    source VARCHAR, source_table VARCHAR, source_key VARCHAR, account_number VARCHAR, raw_time VARCHAR,
    amount DECIMAL(18,2), raw_amount VARCHAR, direction VARCHAR, channel_code VARCHAR, branch_code VARCHAR,
    fee DECIMAL(18,2), txn_type VARCHAR
);
