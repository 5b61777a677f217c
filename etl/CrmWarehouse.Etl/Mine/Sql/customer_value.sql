-- mart.customer_value for one as-of date ($asof): RFM, loyalty and profitability of every current golden customer
-- over the 12 months up to $asof. Formulas: docs/mining.md. Constants: expected loss 1% a year of loan balances,
-- account cost 0.5 CNY per open account per month, card interchange 0.45% of card spending.
DELETE FROM mart.customer_value WHERE as_of = $asof;

INSERT INTO mart.customer_value
WITH window_keys AS (
    SELECT (year($asof) * 10000 + month($asof) * 100 + day($asof))::INTEGER AS last_key,
           (year($asof - INTERVAL 12 MONTH + INTERVAL 1 DAY) * 10000 + month($asof - INTERVAL 12 MONTH + INTERVAL 1 DAY) * 100
            + day($asof - INTERVAL 12 MONTH + INTERVAL 1 DAY))::INTEGER AS first_key
),
customers AS (
    SELECT DISTINCT customer_id FROM dw.dim_customer WHERE is_current AND customer_key <> 0
),
monthly AS (
    SELECT f.customer_id, f.date_key // 100 AS month, count(*) AS n, sum(f.amount) AS amount,
           sum(f.fee) + sum(CASE WHEN p.category = 'card' AND f.direction = 'out' THEN f.amount * 0.0045 ELSE 0 END) AS fee,
           sum(coalesce(ch.cost_per_txn, 0)) AS servicing, max(f.date_key) AS last_key
    FROM dw.fact_transaction f
    LEFT JOIN dw.dim_channel ch ON ch.channel_key = f.channel_key
    LEFT JOIN dw.dim_product p ON p.product_key = f.product_key
    CROSS JOIN window_keys w
    WHERE f.customer_id <> 0 AND f.date_key BETWEEN w.first_key AND w.last_key
    GROUP BY ALL
),
txn AS (
    SELECT customer_id, sum(n) AS frequency, sum(amount) AS monetary, sum(fee) AS fees, sum(servicing) AS servicing,
           strptime(max(last_key)::VARCHAR, '%Y%m%d')::DATE AS last_day, count(*) AS active_months,
           count(*) FILTER (n >= 2) AS repeat_months, min(month) AS first_month
    FROM monthly GROUP BY 1
),
accounts AS (
    SELECT customer_id, min(open_date) AS first_open,
           count(DISTINCT product_key) FILTER (open_date <= $asof AND (close_date IS NULL OR close_date > $asof)) AS products_held,
           count(*) FILTER (open_date <= $asof AND (close_date IS NULL OR close_date > $asof)) AS open_accounts
    FROM dw.dim_account WHERE customer_id <> 0 GROUP BY 1
),
balances AS (
    SELECT f.customer_id,
           sum(f.avg_daily_balance * CASE WHEN p.category = 'deposit' THEN p.ftp_rate - p.customer_rate
                                          WHEN p.category IN ('loan', 'card') THEN p.customer_rate - p.ftp_rate
                                          ELSE coalesce(p.fee_rate, 0) END / 12) AS interest_margin,
           sum(CASE WHEN p.category = 'loan' THEN f.avg_daily_balance * 0.01 / 12 ELSE 0 END) AS expected_loss
    FROM dw.fact_balance_month f
    JOIN dw.dim_product p ON p.product_key = f.product_key
    CROSS JOIN window_keys w
    WHERE f.customer_id <> 0 AND f.month_key BETWEEN w.first_key AND w.last_key
    GROUP BY 1
),
service AS (
    SELECT f.customer_id, count(*) FILTER (f.kind = 'complaint') AS complaints, avg(f.satisfaction) AS satisfaction
    FROM dw.fact_interaction f, window_keys w
    WHERE f.customer_id <> 0 AND f.date_key BETWEEN w.first_key AND w.last_key
    GROUP BY 1
),
measured AS (
    SELECT c.customer_id,
           CASE WHEN t.last_day IS NOT NULL THEN ($asof - t.last_day)::INTEGER END AS recency_days,
           coalesce(t.frequency, 0) AS frequency, coalesce(t.monetary, 0)::DECIMAL(18,2) AS monetary,
           CASE WHEN a.first_open IS NOT NULL AND a.first_open <= $asof THEN datediff('month', a.first_open, $asof) END AS tenure_months,
           coalesce(a.products_held, 0) AS products_held, coalesce(t.active_months, 0) AS active_months,
           CASE WHEN t.first_month IS NULL THEN 0.0
                ELSE t.active_months / (datediff('month', strptime(t.first_month::VARCHAR || '01', '%Y%m%d')::DATE, $asof) + 1)::DOUBLE END AS persistence,
           coalesce(t.repeat_months, 0) / 12.0 AS repeat_rate,
           coalesce(s.complaints, 0) AS complaints, s.satisfaction,
           coalesce(b.interest_margin, 0)::DECIMAL(18,2) AS interest_margin, coalesce(t.fees, 0)::DECIMAL(18,2) AS fees,
           coalesce(b.expected_loss, 0)::DECIMAL(18,2) AS expected_loss, coalesce(t.servicing, 0)::DECIMAL(18,2) AS servicing_cost,
           (coalesce(a.open_accounts, 0) * 0.5 * 12)::DECIMAL(18,2) AS account_cost
    FROM customers c
    LEFT JOIN txn t ON t.customer_id = c.customer_id
    LEFT JOIN accounts a ON a.customer_id = c.customer_id
    LEFT JOIN balances b ON b.customer_id = c.customer_id
    LEFT JOIN service s ON s.customer_id = c.customer_id
),
scored AS (
    SELECT *,
           -- Quintiles by rank, so that equal values always share a score (ntile would split ties at random).
           CASE WHEN frequency = 0 THEN 1 ELSE 1 + (5 * (rank() OVER (PARTITION BY frequency = 0 ORDER BY recency_days DESC) - 1)
                                                   // count(*) OVER (PARTITION BY frequency = 0)) END AS r_score,
           CASE WHEN frequency = 0 THEN 1 ELSE 1 + (5 * (rank() OVER (PARTITION BY frequency = 0 ORDER BY frequency) - 1)
                                                   // count(*) OVER (PARTITION BY frequency = 0)) END AS f_score,
           CASE WHEN frequency = 0 THEN 1 ELSE 1 + (5 * (rank() OVER (PARTITION BY frequency = 0 ORDER BY monetary) - 1)
                                                   // count(*) OVER (PARTITION BY frequency = 0)) END AS m_score,
           interest_margin + fees - expected_loss - servicing_cost - account_cost AS profit
    FROM measured
),
ranked AS (
    SELECT *, (f_score + m_score + 1) // 2 AS fm,
           row_number() OVER (ORDER BY profit DESC, customer_id) AS profit_rank,
           count(*) OVER () AS customer_count,
           sum(profit) OVER (ORDER BY profit DESC, customer_id ROWS UNBOUNDED PRECEDING) AS cumulative_profit,
           sum(profit) OVER () AS total_profit
    FROM scored
)
SELECT $asof, customer_id, recency_days, frequency, monetary, r_score, f_score, m_score,
       CASE WHEN r_score >= 4 AND fm >= 4 THEN 'Champions'
            WHEN r_score >= 3 AND fm >= 3 THEN 'Loyal'
            WHEN r_score >= 4 AND fm = 2 THEN 'Potential loyalist'
            WHEN r_score >= 4 THEN 'New'
            WHEN r_score = 3 THEN 'About to sleep'
            WHEN r_score = 1 AND fm >= 4 THEN 'Can''t lose them'
            WHEN fm >= 3 THEN 'At risk'
            WHEN r_score = 2 THEN 'Hibernating'
            ELSE 'Lost' END,
       tenure_months, products_held, active_months, persistence, repeat_rate, complaints, satisfaction,
       round(100 * (0.20 * least(coalesce(tenure_months, 0) / 120.0, 1) + 0.20 * persistence + 0.20 * least(products_held / 5.0, 1)
                    + 0.15 * repeat_rate + 0.15 * coalesce((satisfaction - 1) / 4.0, 0.5) + 0.10 * (1 - least(complaints / 3.0, 1))), 2),
       interest_margin, fees, expected_loss, servicing_cost, account_cost, profit, profit_rank,
       CAST(cumulative_profit AS DOUBLE) / nullif(CAST(total_profit AS DOUBLE), 0),
       CAST(profit AS DOUBLE) / nullif(CAST(total_profit AS DOUBLE), 0),
       CASE WHEN profit <= 0 THEN 'D' WHEN profit_rank <= 0.2 * customer_count THEN 'A' WHEN profit_rank <= 0.5 * customer_count THEN 'B' ELSE 'C' END
FROM ranked;

-- The headline figures of the as-of date.
DELETE FROM mart.summary WHERE as_of = $asof;
INSERT INTO mart.summary
SELECT $asof, figure, value FROM (
    SELECT 'customers' AS figure, count(*)::DOUBLE AS value FROM mart.customer_value WHERE as_of = $asof
    UNION ALL
    SELECT 'top20_profit_share', CAST(sum(profit) FILTER (profit_rank <= 0.2 * (SELECT count(*) FROM mart.customer_value WHERE as_of = $asof)) AS DOUBLE)
           / nullif(CAST(sum(profit) AS DOUBLE), 0) FROM mart.customer_value WHERE as_of = $asof
    UNION ALL
    SELECT 'profit_total', sum(profit)::DOUBLE FROM mart.customer_value WHERE as_of = $asof
    UNION ALL
    SELECT 'unprofitable_share', avg(CASE WHEN profit <= 0 THEN 1.0 ELSE 0.0 END) FROM mart.customer_value WHERE as_of = $asof
    UNION ALL
    SELECT 'loyalty_mean', avg(loyalty_index) FROM mart.customer_value WHERE as_of = $asof
    UNION ALL
    SELECT 'champions_share', avg(CASE WHEN rfm_segment = 'Champions' THEN 1.0 ELSE 0.0 END) FROM mart.customer_value WHERE as_of = $asof
);
