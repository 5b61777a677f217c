-- The dimensions of the star schema (DESIGN.md §3). Surrogate integer keys; key 0 is the "unknown" member
-- that facts point to when a source row names a member the warehouse does not know (never a NULL key).

CREATE TABLE dw.dim_date (
    date_key     INTEGER PRIMARY KEY,      -- yyyymmdd; 0 = unknown
    date         DATE,
    year         SMALLINT,
    quarter      TINYINT,
    month        TINYINT,
    month_name   VARCHAR,
    week         TINYINT,                  -- ISO week
    weekday      TINYINT,                  -- ISO: 1 = Monday … 7 = Sunday
    is_weekend   BOOLEAN,
    is_holiday   BOOLEAN,                  -- PRC public holiday (see ref.prc_holiday)
    holiday_name VARCHAR,
    month_end    BOOLEAN
);

CREATE SEQUENCE dw.customer_key_seq START 1;

-- SCD type 2: a change of tier, address, phone or segment closes the current version and opens a new one.
CREATE TABLE dw.dim_customer (
    customer_key     BIGINT PRIMARY KEY,
    customer_id      BIGINT NOT NULL,          -- the golden customer, stable across nights
    name             VARCHAR,
    gender           VARCHAR,                  -- M | F | U
    birth_date       DATE,
    age_band         VARCHAR,
    education        VARCHAR,
    occupation       VARCHAR,
    income_band      VARCHAR,
    phone            VARCHAR,
    id_number        VARCHAR,
    province         VARCHAR,
    city             VARCHAR,
    address          VARCHAR,
    segment          VARCHAR,                  -- retail | sme | corporate
    tier             VARCHAR,                  -- 普通 | 金卡 | 白金 | 私行
    source_ids       VARCHAR[],                -- source:key of every merged source record
    rfm_segment      VARCHAR,                  -- written back by the mining stage
    churn_risk_band  VARCHAR,
    value_tier       VARCHAR,
    valid_from       TIMESTAMPTZ NOT NULL,
    valid_to         TIMESTAMPTZ NOT NULL,     -- 9999-12-31 for the current version
    is_current       BOOLEAN NOT NULL,
    batch_id         BIGINT NOT NULL
);

CREATE TABLE dw.dim_product (
    product_key      INTEGER PRIMARY KEY,
    code             VARCHAR NOT NULL UNIQUE,
    name             VARCHAR,
    category         VARCHAR,                  -- deposit | loan | card | wealth | insurance | payment
    subcategory      VARCHAR,
    customer_rate    DECIMAL(9,6),             -- annual rate paid (deposits) or charged (loans), as a fraction
    ftp_rate         DECIMAL(9,6),             -- funds-transfer-pricing rate used by profitability
    risk_level       VARCHAR,                  -- R1…R5 for wealth management
    batch_id         BIGINT NOT NULL
);

CREATE TABLE dw.dim_channel (
    channel_key      INTEGER PRIMARY KEY,
    code             VARCHAR NOT NULL UNIQUE,
    name             VARCHAR,
    type             VARCHAR,                  -- counter | atm | mobile | online | phone | pos | agent
    cost_per_txn     DECIMAL(9,4),             -- CNY per transaction
    batch_id         BIGINT NOT NULL
);

CREATE TABLE dw.dim_branch (
    branch_key       INTEGER PRIMARY KEY,
    code             VARCHAR NOT NULL UNIQUE,
    name             VARCHAR,
    region           VARCHAR,                  -- sub-branch region
    city             VARCHAR,
    province         VARCHAR,
    area_type        VARCHAR,                  -- urban | rural
    batch_id         BIGINT NOT NULL
);

CREATE SEQUENCE dw.account_key_seq START 1;

CREATE TABLE dw.dim_account (
    account_key      BIGINT PRIMARY KEY,
    account_number   VARCHAR NOT NULL UNIQUE,  -- masked for roles without personal-data rights
    source           VARCHAR NOT NULL,
    customer_id      BIGINT NOT NULL,          -- golden customer
    product_key      INTEGER NOT NULL,
    branch_key       INTEGER NOT NULL,
    open_date        DATE,
    close_date       DATE,
    status           VARCHAR,                  -- active | dormant | closed
    close_reason     VARCHAR,                  -- natural | competitive | service
    batch_id         BIGINT NOT NULL
);

INSERT INTO dw.dim_date (date_key) VALUES (0);
INSERT INTO dw.dim_customer (customer_key, customer_id, name, gender, segment, tier, valid_from, valid_to, is_current, batch_id)
VALUES (0, 0, '(unknown)', 'U', 'unknown', 'unknown', TIMESTAMPTZ '1900-01-01 00:00:00+00', TIMESTAMPTZ '9999-12-31 00:00:00+00', true, 0);
INSERT INTO dw.dim_product (product_key, code, name, category, batch_id) VALUES (0, '?', '(unknown)', 'unknown', 0);
INSERT INTO dw.dim_channel (channel_key, code, name, type, batch_id) VALUES (0, '?', '(unknown)', 'unknown', 0);
INSERT INTO dw.dim_branch (branch_key, code, name, region, batch_id) VALUES (0, '?', '(unknown)', 'unknown', 0);
INSERT INTO dw.dim_account (account_key, account_number, source, customer_id, product_key, branch_key, status, batch_id)
VALUES (0, '?', 'unknown', 0, 0, 0, 'unknown', 0);
