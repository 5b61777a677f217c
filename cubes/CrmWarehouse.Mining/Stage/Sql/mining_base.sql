-- The population the mining stage scores and the facts it reads, as of $as_of (everything dated later is ignored).
-- m_customer: every current customer with an account opened on or before the as-of date. An account deleted in its
-- source by then is not held (issue #15): it counts neither as open nor as closed.
CREATE OR REPLACE TEMP TABLE m_account AS
SELECT a.account_key, a.customer_id, a.product_key, a.branch_key, a.open_date,
       CASE WHEN a.close_date <= $as_of THEN a.close_date END AS close_date,
       a.close_reason, p.code AS product_code, p.category
FROM dw.dim_account a JOIN dw.dim_product p USING (product_key)
WHERE a.account_key > 0 AND a.customer_id > 0 AND a.open_date <= $as_of AND (a.deleted_on IS NULL OR a.deleted_on > $as_of);

CREATE OR REPLACE TEMP TABLE m_customer AS
SELECT c.customer_id, c.customer_key, c.segment, c.gender, c.age_band, c.education, c.occupation, c.income_band, c.city, c.tier,
       CASE WHEN c.birth_date IS NOT NULL THEN date_diff('year', c.birth_date, $as_of) END AS age,
       a.first_open, a.open_accounts,
       date_diff('month', a.first_open, $as_of) AS tenure_months
FROM dw.dim_customer c
JOIN (SELECT customer_id, min(open_date) AS first_open, count(*) FILTER (close_date IS NULL) AS open_accounts
      FROM m_account GROUP BY customer_id) a USING (customer_id)
WHERE c.is_current AND c.customer_key > 0;

-- Transactions up to the as-of date with what profitability and loyalty need of their product and channel.
CREATE OR REPLACE TABLE mart.work_txn AS
SELECT t.customer_id, t.account_key, make_date(t.date_key // 10000, t.date_key // 100 % 100, t.date_key % 100) AS day,
       t.amount::DOUBLE AS amount, t.fee::DOUBLE AS fee, t.direction, t.product_key, t.channel_key, t.branch_key,
       p.category, coalesce(ch.cost_per_txn, 0)::DOUBLE AS channel_cost, ch.type AS channel_type
FROM dw.fact_transaction t
JOIN dw.dim_product p USING (product_key)
JOIN dw.dim_channel ch USING (channel_key)
WHERE t.date_key <= strftime($as_of, '%Y%m%d')::INTEGER AND t.date_key > 0 AND t.customer_id > 0;
