-- The facts (DESIGN.md §3). Every key is NOT NULL: an unknown member is key 0.

CREATE TABLE dw.fact_transaction (
    transaction_id   VARCHAR NOT NULL,         -- source:key; duplicate source rows load once
    date_key         INTEGER NOT NULL,
    customer_key     BIGINT NOT NULL,          -- the customer version current at the transaction date
    customer_id      BIGINT NOT NULL,          -- golden id, for "as of today" analysis
    product_key      INTEGER NOT NULL,
    channel_key      INTEGER NOT NULL,
    branch_key       INTEGER NOT NULL,
    account_key      BIGINT NOT NULL,
    txn_time         TIMESTAMP,
    amount           DECIMAL(18,2) NOT NULL,   -- CNY, always positive; see direction
    fee              DECIMAL(18,2) NOT NULL,
    direction        VARCHAR NOT NULL,         -- in | out
    txn_type         VARCHAR,
    batch_id         BIGINT NOT NULL
);

CREATE TABLE dw.fact_balance_month (
    month_key        INTEGER NOT NULL,         -- date_key of the month end
    account_key      BIGINT NOT NULL,
    customer_key     BIGINT NOT NULL,
    customer_id      BIGINT NOT NULL,
    product_key      INTEGER NOT NULL,
    branch_key       INTEGER NOT NULL,
    balance          DECIMAL(18,2) NOT NULL,
    avg_daily_balance DECIMAL(18,2),
    interest         DECIMAL(18,2),
    batch_id         BIGINT NOT NULL,
    PRIMARY KEY (month_key, account_key)
);

CREATE TABLE dw.fact_account_event (
    event_id         VARCHAR NOT NULL,
    date_key         INTEGER NOT NULL,
    account_key      BIGINT NOT NULL,
    customer_key     BIGINT NOT NULL,
    customer_id      BIGINT NOT NULL,
    product_key      INTEGER NOT NULL,
    branch_key       INTEGER NOT NULL,
    event_type       VARCHAR NOT NULL,         -- opened | closed | dormant | reactivated
    reason_category  VARCHAR,                  -- natural | competitive | service (closures)
    reason_detail    VARCHAR,
    batch_id         BIGINT NOT NULL
);

CREATE TABLE dw.fact_interaction (
    interaction_id   VARCHAR NOT NULL,
    date_key         INTEGER NOT NULL,
    customer_key     BIGINT NOT NULL,
    customer_id      BIGINT NOT NULL,
    channel_key      INTEGER NOT NULL,
    branch_key       INTEGER NOT NULL,
    kind             VARCHAR NOT NULL,         -- contact | campaign | response | complaint | survey
    campaign         VARCHAR,
    product_key      INTEGER NOT NULL,         -- product offered or complained about (0 if none)
    outcome          VARCHAR,                  -- responded / accepted / resolved …
    satisfaction     TINYINT,                  -- 1–5 for surveys
    batch_id         BIGINT NOT NULL
);
