-- Loyalty components per customer over the last 12 months to the as-of date (docs/mining.md, "Loyalty").
CREATE OR REPLACE TEMP TABLE m_activity AS
WITH active_months AS (
    SELECT DISTINCT customer_id, date_trunc('month', day)::DATE AS month
    FROM mart.work_txn WHERE day > $as_of - INTERVAL 12 MONTH
),
followed AS (
    SELECT customer_id, month,
           lead(month) OVER (PARTITION BY customer_id ORDER BY month) = month + INTERVAL 1 MONTH AS next_active
    FROM active_months
)
SELECT customer_id, count(*) AS active_months,
       -- repeat rate: of the active months before the last month of the window, the share followed by an active month
       coalesce(count(*) FILTER (next_active) / nullif(count(*) FILTER (month < date_trunc('month', $as_of)), 0), 0) AS repeat_rate
FROM followed GROUP BY customer_id;

CREATE OR REPLACE TEMP TABLE m_loyalty AS
WITH products AS (
    SELECT customer_id, count(DISTINCT product_code) AS products_held,
           count(DISTINCT product_code) FILTER (open_date > $as_of - INTERVAL 12 MONTH) AS products_new
    FROM m_account WHERE close_date IS NULL GROUP BY customer_id
),
service AS (
    SELECT customer_id,
           count(*) FILTER (kind = 'complaint' AND date_key > strftime($as_of - INTERVAL 12 MONTH, '%Y%m%d')::INTEGER) AS complaints,
           avg(satisfaction) FILTER (kind = 'survey') AS satisfaction
    FROM dw.fact_interaction
    WHERE date_key <= strftime($as_of, '%Y%m%d')::INTEGER AND customer_id > 0
    GROUP BY customer_id
),
channels AS (
    SELECT customer_id, count(*) FILTER (channel_type IN ('mobile', 'online')) / count(*) AS mobile_share
    FROM mart.work_txn WHERE day > $as_of - INTERVAL 12 MONTH GROUP BY customer_id
),
parts AS (
    SELECT c.customer_id, c.tenure_months,
           coalesce(p.products_held, 0) AS products_held,
           coalesce(a.repeat_rate, 0) AS repeat_rate,
           coalesce(a.active_months, 0) / least(12, greatest(c.tenure_months, 1)) AS persistence,
           coalesce(p.products_new / nullif(p.products_held, 0), 0) AS adoption_rate,
           coalesce(s.complaints, 0) AS complaints, s.satisfaction,
           coalesce(ch.mobile_share, 0) AS mobile_share
    FROM m_customer c
    LEFT JOIN products p USING (customer_id) LEFT JOIN m_activity a USING (customer_id)
    LEFT JOIN service s USING (customer_id) LEFT JOIN channels ch USING (customer_id)
)
SELECT *, round(100 * (
          0.20 * least(tenure_months / 120.0, 1)
        + 0.20 * least(persistence, 1)
        + 0.20 * repeat_rate
        + 0.15 * least(products_held / 5.0, 1)
        + 0.10 * adoption_rate
        + 0.10 * (1 - least(complaints / 3.0, 1))
        + 0.05 * coalesce((satisfaction - 1) / 4, 0.5)), 2) AS loyalty_index
FROM parts;

-- RFM inputs over the last $rfm_days days: recency (days since the last transaction), frequency, monetary (Σ amount).
CREATE OR REPLACE TEMP TABLE m_rfm_input AS
SELECT customer_id, date_diff('day', max(day), $as_of) AS recency_days, count(*) AS frequency, round(sum(amount), 2) AS monetary
FROM mart.work_txn JOIN m_customer USING (customer_id)
WHERE day > $as_of - to_days($rfm_days)
GROUP BY customer_id;
