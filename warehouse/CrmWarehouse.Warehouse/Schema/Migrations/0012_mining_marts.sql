-- The mining marts (DESIGN.md §3, issue 6). Every table is keyed by the as-of date the mining stage scored: a rerun
-- for the same as-of replaces that date's rows in one transaction, other dates stay. Definitions: docs/mining.md.

-- One row per run of the stage, failed ones too (written after the rollback, so a failure leaves the marts as they were).
CREATE TABLE mart.mining_run (
    run_id         BIGINT NOT NULL,
    as_of          DATE NOT NULL,
    batch_id       BIGINT,                    -- the load it followed (NULL when run on demand)
    trigger        VARCHAR NOT NULL,          -- batch | cli | bench | test
    status         VARCHAR NOT NULL,          -- published | failed
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ,
    step_seconds   MAP(VARCHAR, DOUBLE),
    headline       MAP(VARCHAR, DOUBLE),      -- the figures the CLI prints last (top20_profit_share, auc, …)
    error          VARCHAR                    -- why a failed run failed (no personal data)
);
CREATE SEQUENCE mart.mining_run_seq START 1;

-- Customer value: one row per customer known at the as-of date.
CREATE TABLE mart.customer_value (
    as_of                 DATE NOT NULL,
    customer_id           BIGINT NOT NULL,
    customer_key          BIGINT NOT NULL,    -- the version current when scored
    recency_days          INTEGER,            -- NULL: no transaction in the RFM window
    frequency             INTEGER NOT NULL,
    monetary              DOUBLE NOT NULL,
    r_score               TINYINT,
    f_score               TINYINT,
    m_score               TINYINT,
    rfm_segment           VARCHAR NOT NULL,
    tenure_months         INTEGER NOT NULL,
    products_held         INTEGER NOT NULL,
    repeat_rate           DOUBLE NOT NULL,
    persistence           DOUBLE NOT NULL,
    adoption_rate         DOUBLE NOT NULL,
    complaints            INTEGER NOT NULL,
    satisfaction          DOUBLE,
    loyalty_index         DOUBLE NOT NULL,    -- 0–100
    mobile_share          DOUBLE NOT NULL,    -- share of transactions on mobile or online channels
    deposit_balance       DOUBLE NOT NULL,
    loan_balance          DOUBLE NOT NULL,
    revenue               DOUBLE NOT NULL,
    cost                  DOUBLE NOT NULL,
    profit                DOUBLE NOT NULL,
    revenue_share         DOUBLE NOT NULL,
    profit_share          DOUBLE NOT NULL,
    pareto_rank           INTEGER NOT NULL,   -- 1 = most profitable
    pareto_cum_share      DOUBLE NOT NULL,    -- share of total profit earned by customers ranked up to this one
    clv                   DOUBLE,
    p_alive               DOUBLE,
    expected_transactions DOUBLE,
    churn_risk            DOUBLE,
    churn_risk_band       VARCHAR NOT NULL,
    value_tier            VARCHAR NOT NULL,
    segment_id            INTEGER,
    PRIMARY KEY (as_of, customer_id)
);

-- Profitability per customer and month (months of the history up to the as-of).
CREATE TABLE mart.profitability_month (
    as_of            DATE NOT NULL,
    month            DATE NOT NULL,           -- first day of the month
    customer_id      BIGINT NOT NULL,
    deposit_margin   DOUBLE NOT NULL,
    loan_margin      DOUBLE NOT NULL,
    expected_loss    DOUBLE NOT NULL,
    fees             DOUBLE NOT NULL,
    servicing_cost   DOUBLE NOT NULL,
    account_cost     DOUBLE NOT NULL,
    revenue          DOUBLE NOT NULL,
    cost             DOUBLE NOT NULL,
    profit           DOUBLE NOT NULL,
    PRIMARY KEY (as_of, month, customer_id)
);

-- The Pareto curve: share of profit earned by the most profitable share of customers, in steps of 1%.
CREATE TABLE mart.pareto_curve (
    as_of           DATE NOT NULL,
    customer_share  DOUBLE NOT NULL,
    profit_share    DOUBLE NOT NULL,
    PRIMARY KEY (as_of, customer_share)
);

-- Break-even of new customers, per month they joined.
CREATE TABLE mart.break_even (
    as_of              DATE NOT NULL,
    cohort_month       DATE NOT NULL,
    customers          INTEGER NOT NULL,
    broke_even         INTEGER NOT NULL,
    median_months      DOUBLE,              -- months until cumulative profit ≥ 0, among those who broke even
    PRIMARY KEY (as_of, cohort_month)
);

-- Share of revenue and profit by dimension member (customer segment, product, category, channel, branch, city).
CREATE TABLE mart.contribution (
    as_of          DATE NOT NULL,
    dimension      VARCHAR NOT NULL,
    member         VARCHAR NOT NULL,
    customers      BIGINT NOT NULL,
    transactions   BIGINT NOT NULL,
    revenue        DOUBLE NOT NULL,
    profit         DOUBLE NOT NULL,
    revenue_share  DOUBLE NOT NULL,
    profit_share   DOUBLE NOT NULL,
    PRIMARY KEY (as_of, dimension, member)
);

-- RFM migration from the previous scored as-of date to this one.
CREATE TABLE mart.rfm_migration (
    as_of          DATE NOT NULL,
    from_as_of     DATE NOT NULL,
    from_segment   VARCHAR NOT NULL,        -- '(new)' for customers not scored then
    to_segment     VARCHAR NOT NULL,
    customers      BIGINT NOT NULL,
    PRIMARY KEY (as_of, from_segment, to_segment)
);

-- Accounts opened/closed per month, closures by reason, and churned customers under the configured definition.
CREATE TABLE mart.churn_month (
    as_of                DATE NOT NULL,
    month                DATE NOT NULL,
    opened               BIGINT NOT NULL,
    closed               BIGINT NOT NULL,
    net                  BIGINT NOT NULL,
    loss_to_acquisition  DOUBLE,
    closed_natural       BIGINT NOT NULL,
    closed_competitive   BIGINT NOT NULL,
    closed_service       BIGINT NOT NULL,
    closed_other         BIGINT NOT NULL,
    churned_customers    BIGINT NOT NULL,
    PRIMARY KEY (as_of, month)
);

-- Signals seen before churn: how much more often churners showed them than customers who stayed.
CREATE TABLE mart.churn_precursor (
    as_of             DATE NOT NULL,
    precursor         VARCHAR NOT NULL,
    churners          BIGINT NOT NULL,
    churner_rate      DOUBLE NOT NULL,
    stayer_rate       DOUBLE NOT NULL,
    lift              DOUBLE,
    PRIMARY KEY (as_of, precursor)
);

-- The churn-risk model: trained at one cutoff, evaluated at a later one.
CREATE TABLE mart.churn_model (
    as_of              DATE NOT NULL PRIMARY KEY,
    definition         VARCHAR NOT NULL,
    horizon_days       INTEGER NOT NULL,
    train_cutoff       DATE NOT NULL,
    test_cutoff        DATE NOT NULL,
    train_rows         BIGINT NOT NULL,
    train_churners     BIGINT NOT NULL,
    test_rows          BIGINT NOT NULL,
    test_churners      BIGINT NOT NULL,
    auc                DOUBLE,
    precision_at_10    DOUBLE,
    base_rate          DOUBLE,
    coefficients       MAP(VARCHAR, DOUBLE)  -- on standardised features
);

-- Cross-sell rules on product holdings (product categories and codes as items).
CREATE TABLE mart.association_rules (
    as_of        DATE NOT NULL,
    rule_no      INTEGER NOT NULL,
    antecedent   VARCHAR[] NOT NULL,
    consequent   VARCHAR NOT NULL,
    support      DOUBLE NOT NULL,
    confidence   DOUBLE NOT NULL,
    lift         DOUBLE NOT NULL,
    customers    BIGINT NOT NULL,
    PRIMARY KEY (as_of, rule_no)
);

CREATE TABLE mart.next_best_offer (
    as_of        DATE NOT NULL,
    customer_id  BIGINT NOT NULL,
    rank         TINYINT NOT NULL,
    offer        VARCHAR NOT NULL,
    confidence   DOUBLE NOT NULL,
    lift         DOUBLE NOT NULL,
    because      VARCHAR NOT NULL,
    PRIMARY KEY (as_of, customer_id, rank)
);

-- k-means segments and their profiles.
CREATE TABLE mart.segments (
    as_of        DATE NOT NULL,
    segment_id   INTEGER NOT NULL,
    customers    BIGINT NOT NULL,
    share        DOUBLE NOT NULL,
    silhouette   DOUBLE NOT NULL,            -- of the chosen k, the same on every row
    description  VARCHAR NOT NULL,
    means        MAP(VARCHAR, DOUBLE) NOT NULL,
    PRIMARY KEY (as_of, segment_id)
);

-- Concept description: which attributes set a group of customers apart from the rest.
CREATE TABLE mart.profile (
    as_of        DATE NOT NULL,
    group_name   VARCHAR NOT NULL,           -- e.g. value_tier=high
    attribute    VARCHAR NOT NULL,
    value        VARCHAR NOT NULL,           -- a category, or 'mean' for a number
    group_value  DOUBLE NOT NULL,            -- share of the group with the category, or the group's mean
    rest_value   DOUBLE NOT NULL,
    ratio        DOUBLE,                     -- group / rest
    PRIMARY KEY (as_of, group_name, attribute, value)
);

-- Decision-tree rules (IF … THEN …) and the information gain of every attribute at every split.
CREATE TABLE mart.tree_rules (
    as_of        DATE NOT NULL,
    target       VARCHAR NOT NULL,
    rule_no      INTEGER NOT NULL,
    conditions   VARCHAR NOT NULL,
    prediction   VARCHAR NOT NULL,
    rows         BIGINT NOT NULL,
    correct      BIGINT NOT NULL,
    PRIMARY KEY (as_of, target, rule_no)
);

CREATE TABLE mart.tree_gains (
    as_of        DATE NOT NULL,
    target       VARCHAR NOT NULL,
    node         VARCHAR NOT NULL,           -- the path to the node; '' is the root
    attribute    VARCHAR NOT NULL,
    gain         DOUBLE NOT NULL,
    gain_ratio   DOUBLE NOT NULL,
    PRIMARY KEY (as_of, target, node, attribute)
);

-- Outlier alerts for review.
CREATE TABLE mart.alerts (
    as_of        DATE NOT NULL,
    account_key  BIGINT NOT NULL,
    customer_id  BIGINT NOT NULL,
    alert_date   DATE NOT NULL,
    rule         VARCHAR NOT NULL,           -- structuring | split_deposits | daily_amount | velocity | robust_z
    reason       VARCHAR NOT NULL,
    score        DOUBLE NOT NULL
);
