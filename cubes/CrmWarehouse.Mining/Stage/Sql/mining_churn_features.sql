-- Churn-risk features of every customer still a customer at $cutoff, and whether they churned within $churn_horizon_days days
-- after it (m_churn_event). Appended to m_churn_features under the name $sample (train, test or score).
INSERT INTO m_churn_features
WITH population AS (
    SELECT c.customer_id, c.age, date_diff('month', c.first_open, $cutoff) AS tenure_months
    FROM m_customer c LEFT JOIN m_churn_event e USING (customer_id)
    WHERE c.first_open <= $cutoff AND (e.churn_date IS NULL OR e.churn_date > $cutoff)
),
accounts AS (
    SELECT customer_id,
           count(*) FILTER (open_date <= $cutoff AND (close_date IS NULL OR close_date > $cutoff)) AS open_accounts,
           count(*) FILTER (close_date > $cutoff - INTERVAL 180 DAY AND close_date <= $cutoff) AS closed_180d
    FROM m_account GROUP BY customer_id
),
service AS (
    SELECT customer_id,
           count(*) FILTER (kind = 'complaint' AND date_key > strftime($cutoff - INTERVAL 90 DAY, '%Y%m%d')::INTEGER) AS complaints_90d,
           avg(satisfaction) FILTER (kind = 'survey') AS satisfaction
    FROM dw.fact_interaction WHERE customer_id > 0 AND date_key <= strftime($cutoff, '%Y%m%d')::INTEGER
    GROUP BY customer_id
),
activity AS (
    SELECT customer_id, count(*) FILTER (day > $cutoff - INTERVAL 90 DAY) AS txn_90d,
           count(*) FILTER (day <= $cutoff - INTERVAL 90 DAY) AS txn_prior_90d, max(day) AS last_day
    FROM mart.work_txn WHERE day > $cutoff - INTERVAL 365 DAY AND day <= $cutoff GROUP BY customer_id
),
balances AS (
    SELECT customer_id,
           sum(balance) FILTER (month = date_trunc('month', $cutoff - INTERVAL 1 MONTH)) AS balance_now,
           sum(balance) FILTER (month = date_trunc('month', $cutoff - INTERVAL 4 MONTH)) AS balance_before
    FROM m_balance_customer GROUP BY customer_id
)
SELECT $sample, p.customer_id,
       coalesce(e.churn_date > $cutoff AND e.churn_date <= $cutoff + to_days($churn_horizon_days), false) AS churned,
       ln(1 + greatest(p.tenure_months, 0)) AS log_tenure,
       coalesce(p.age, 45) AS age,
       coalesce(a.open_accounts, 0) AS open_accounts,
       coalesce(a.closed_180d, 0) AS closed_180d,
       coalesce(s.complaints_90d, 0) AS complaints_90d,
       coalesce(s.satisfaction, 3) AS satisfaction,
       ln(1 + coalesce(v.txn_90d, 0)) AS log_txn_90d,
       ln((1 + coalesce(v.txn_90d, 0)) / (1 + coalesce(v.txn_prior_90d, 0))) AS txn_trend,
       least(coalesce(date_diff('day', v.last_day, $cutoff), 365), 365) AS days_since_txn,
       ln((1 + coalesce(b.balance_now, 0)) / (1 + coalesce(b.balance_before, b.balance_now, 0))) AS balance_trend
FROM population p
LEFT JOIN m_churn_event e USING (customer_id)
LEFT JOIN accounts a USING (customer_id)
LEFT JOIN service s USING (customer_id)
LEFT JOIN activity v USING (customer_id)
LEFT JOIN balances b USING (customer_id);
