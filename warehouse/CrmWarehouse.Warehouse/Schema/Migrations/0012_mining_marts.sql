-- Profitability needs the annual fee a product earns on its balance (wealth management, funds): from the reference
-- products' fee_rate_pct, as a fraction.
ALTER TABLE dw.dim_product ADD COLUMN fee_rate DECIMAL(9,6);

-- The mining stage's marts (DESIGN.md §3), one row per customer per as-of date, and the headline figures per as-of
-- date. Re-running the stage for an as-of date replaces that date's rows. Definitions: docs/mining.md.
CREATE TABLE mart.customer_value (
    as_of                    DATE NOT NULL,
    customer_id              BIGINT NOT NULL,          -- golden customer
    recency_days             INTEGER,                  -- days since the last transaction in the 12 months up to as_of (NULL: none)
    frequency                BIGINT NOT NULL,          -- transactions in those 12 months
    monetary                 DECIMAL(18,2) NOT NULL,   -- their amount
    r_score                  TINYINT NOT NULL,         -- quintiles 1–5 (5 best)
    f_score                  TINYINT NOT NULL,
    m_score                  TINYINT NOT NULL,
    rfm_segment              VARCHAR NOT NULL,
    tenure_months            INTEGER,                  -- since the first account was opened
    products_held            INTEGER NOT NULL,         -- distinct products of the accounts open at as_of
    active_months            INTEGER NOT NULL,         -- months of the 12 with a transaction
    persistence              DOUBLE NOT NULL,          -- active months / months since the first of them
    repeat_rate              DOUBLE NOT NULL,          -- share of the 12 months with two or more transactions
    complaints               INTEGER NOT NULL,
    satisfaction             DOUBLE,                   -- mean survey score 1–5 (NULL: no survey)
    loyalty_index            DOUBLE NOT NULL,          -- 0–100
    interest_margin          DECIMAL(18,2) NOT NULL,   -- balances × (FTP − customer rate) for deposits, × (customer rate − FTP) for loans
    fees                     DECIMAL(18,2) NOT NULL,
    expected_loss            DECIMAL(18,2) NOT NULL,
    servicing_cost           DECIMAL(18,2) NOT NULL,   -- channel cost × transactions
    account_cost             DECIMAL(18,2) NOT NULL,
    profit                   DECIMAL(18,2) NOT NULL,
    profit_rank              BIGINT NOT NULL,          -- 1 = most profitable
    cumulative_profit_share  DOUBLE,                   -- share of all profit earned by customers ranked at or above
    contribution_share       DOUBLE,                   -- this customer's share of all profit
    value_tier               VARCHAR NOT NULL,         -- A top 20% by profit, B next 30%, C the rest with profit > 0, D no profit
    PRIMARY KEY (as_of, customer_id)
);

CREATE TABLE mart.summary (
    as_of    DATE NOT NULL,
    figure   VARCHAR NOT NULL,
    value    DOUBLE,
    PRIMARY KEY (as_of, figure)
);
