-- Tonight's cleaned customer records of every source system (one row per source record), shaped like
-- dw.customer_source_record (which keeps all of them for matching). Each source's script (customers_<source>.sql)
-- adds its raw records; customers_rules.sql cleans them into this table.
CREATE OR REPLACE TEMP TABLE customer_record AS
SELECT * EXCLUDE (batch_id) FROM dw.customer_source_record LIMIT 0;

-- What a source script produces before the shared rules run: raw values next to the cleaned ones.
CREATE OR REPLACE TEMP TABLE customer_raw (
    source VARCHAR, source_table VARCHAR, source_key VARCHAR, trust TINYINT,
    raw_name VARCHAR, raw_gender VARCHAR, raw_birth VARCHAR, raw_id VARCHAR, raw_phone VARCHAR,
    address VARCHAR, segment VARCHAR, tier VARCHAR, branch_code VARCHAR,
    education VARCHAR, occupation VARCHAR, monthly_income INTEGER, updated_at TIMESTAMP
);
