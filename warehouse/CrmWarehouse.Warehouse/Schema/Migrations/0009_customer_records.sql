-- Every cleaned customer record of every source (one row per source record, updated when its source row changes).
-- Matching runs over all of them each night, so that a new record is compared with the customers already known
-- and joins one instead of starting a new customer.
CREATE TABLE dw.customer_source_record (
    record_id    VARCHAR PRIMARY KEY,   -- source:key
    source       VARCHAR NOT NULL,
    source_table VARCHAR NOT NULL,
    source_key   VARCHAR NOT NULL,
    trust        TINYINT NOT NULL,
    name         VARCHAR NOT NULL,
    gender       VARCHAR,
    birth_date   DATE,
    id_number    VARCHAR,
    phone        VARCHAR,
    address      VARCHAR,
    province     VARCHAR,
    city         VARCHAR,
    segment      VARCHAR,
    tier         VARCHAR,
    branch_code  VARCHAR,
    education    VARCHAR,
    occupation   VARCHAR,
    monthly_income INTEGER,
    updated_at   TIMESTAMP,
    batch_id     BIGINT NOT NULL
);

-- Golden customer ids (record → golden customer), kept stable from night to night by the matcher.
CREATE SCHEMA IF NOT EXISTS match;
CREATE TABLE IF NOT EXISTS match.golden_ids (record_id VARCHAR NOT NULL, golden_id BIGINT NOT NULL);
