-- Schemas of the warehouse and the audit trail every batch writes.
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS audit;
CREATE SCHEMA IF NOT EXISTS dw;
CREATE SCHEMA IF NOT EXISTS mart;
CREATE SCHEMA IF NOT EXISTS agg;
CREATE SCHEMA IF NOT EXISTS ref;

CREATE SEQUENCE audit.batch_id_seq START 1;

-- One row per batch (nightly load, incremental load, re-run). Written in the batch's own transaction:
-- a batch that did not publish leaves no 'published' row.
CREATE TABLE audit.batch (
    batch_id        BIGINT PRIMARY KEY,
    kind            VARCHAR NOT NULL,          -- full | incremental
    status          VARCHAR NOT NULL,          -- published | failed
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    trigger         VARCHAR NOT NULL,          -- cli | schedule | misfire | demo
    stage_seconds   MAP(VARCHAR, DOUBLE),      -- seconds per stage (extract, clean, match, load, publish)
    stage_rows      MAP(VARCHAR, BIGINT),      -- rows per stage
    error           VARCHAR                    -- why a failed batch failed (no personal data)
);

-- Rows a cleaning rule could not repair: kept with their raw value, never dropped silently.
CREATE TABLE audit.rejects (
    batch_id     BIGINT NOT NULL,
    source       VARCHAR NOT NULL,
    table_name   VARCHAR NOT NULL,
    source_key   VARCHAR NOT NULL,
    rule         VARCHAR NOT NULL,
    column_name  VARCHAR,
    raw_value    VARCHAR,
    detail       VARCHAR
);

-- Per source table and batch: extracted = loaded + rejected + merged_duplicates, exactly.
CREATE TABLE audit.reconciliation (
    batch_id           BIGINT NOT NULL,
    source             VARCHAR NOT NULL,
    table_name         VARCHAR NOT NULL,
    extracted          BIGINT NOT NULL,
    loaded             BIGINT NOT NULL,
    rejected           BIGINT NOT NULL,
    merged_duplicates  BIGINT NOT NULL,
    PRIMARY KEY (batch_id, source, table_name)
);

-- How far each source table has been read. Moves only when its batch publishes.
CREATE TABLE audit.watermark (
    source       VARCHAR NOT NULL,
    table_name   VARCHAR NOT NULL,
    column_name  VARCHAR NOT NULL,
    value        VARCHAR NOT NULL,
    batch_id     BIGINT NOT NULL,
    PRIMARY KEY (source, table_name)
);
