-- Accounts of every system in one shape (core accounts, card accounts, wealth subscriptions, legacy deposits);
-- each source's script (accounts_<source>.sql) adds its rows.
CREATE OR REPLACE TABLE staging.prepared.account_raw (
    source VARCHAR, source_table VARCHAR, source_key VARCHAR, account_number VARCHAR, owner_record VARCHAR,
    product_code VARCHAR, product_name VARCHAR, branch_code VARCHAR, raw_open VARCHAR, raw_close VARCHAR,
    closed BOOLEAN, raw_reason VARCHAR
);
