-- Accounts of every system in one shape (core accounts, card accounts, wealth subscriptions, legacy deposits);
-- each source's script (accounts_<source>.sql) adds its rows.
CREATE OR REPLACE TEMP TABLE account_raw (
    source VARCHAR, source_table VARCHAR, source_key VARCHAR, account_number VARCHAR, owner_record VARCHAR,
    product_code VARCHAR, product_name VARCHAR, branch_code VARCHAR, raw_open VARCHAR, raw_close VARCHAR,
    closed BOOLEAN, raw_reason VARCHAR
);

-- Customer versions with plain TIMESTAMP bounds, for the facts' "version valid at the event" joins: comparing
-- against the TIMESTAMPTZ columns would convert every fact row's time through the time-zone calendar.
CREATE OR REPLACE TEMP TABLE customer_version AS
SELECT customer_id, customer_key, valid_from::TIMESTAMP AS valid_from, valid_to::TIMESTAMP AS valid_to
FROM dw.dim_customer WHERE customer_key <> 0;
