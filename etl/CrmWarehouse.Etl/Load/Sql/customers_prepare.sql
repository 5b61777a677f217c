-- The unified, cleaned customer records of every source system (one row per source record), which matching
-- turns into golden customers. Each source's script (customers_<source>.sql) adds its records.
CREATE OR REPLACE TEMP TABLE customer_record (
    record_id    VARCHAR PRIMARY KEY,   -- source:key
    source       VARCHAR NOT NULL,
    source_table VARCHAR NOT NULL,
    source_key   VARCHAR NOT NULL,
    trust        TINYINT NOT NULL,      -- 1 = most trusted (core banking) … 4 = least (legacy export)
    name         VARCHAR NOT NULL,      -- cleaned, simplified characters, no inner spaces
    gender       VARCHAR,               -- M | F
    birth_date   DATE,
    id_number    VARCHAR,               -- valid 18-character resident ID
    phone        VARCHAR,               -- 11 digits
    address      VARCHAR,
    province     VARCHAR,
    city         VARCHAR,
    segment      VARCHAR,
    tier         VARCHAR,
    branch_code  VARCHAR,
    education    VARCHAR,               -- know-your-customer facts, where a system records them
    occupation   VARCHAR,
    monthly_income INTEGER,             -- CNY
    updated_at   TIMESTAMP
);

-- What a source script produces before the shared rules run: raw values next to the cleaned ones.
CREATE OR REPLACE TEMP TABLE customer_raw (
    source VARCHAR, source_table VARCHAR, source_key VARCHAR, trust TINYINT,
    raw_name VARCHAR, raw_gender VARCHAR, raw_birth VARCHAR, raw_id VARCHAR, raw_phone VARCHAR,
    address VARCHAR, segment VARCHAR, tier VARCHAR, branch_code VARCHAR,
    education VARCHAR, occupation VARCHAR, monthly_income INTEGER, updated_at TIMESTAMP
);
