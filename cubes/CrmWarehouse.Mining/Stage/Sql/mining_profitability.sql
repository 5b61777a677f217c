-- Profit per customer and month (docs/mining.md, "Profitability"):
--   deposit margin = month-end balance × (FTP − customer rate) / 12, loan margin = balance × (customer rate − FTP) / 12,
--   expected loss = loan balance × $expected_loss_rate / 12, fees = transaction fees + card interchange on card spending,
--   servicing cost = Σ channel cost per transaction, account cost = $account_cost_per_month per account open at month end.
CREATE OR REPLACE TABLE mart.work_balance AS
SELECT date_trunc('month', make_date(b.month_key // 10000, b.month_key // 100 % 100, b.month_key % 100))::DATE AS month,
       b.customer_id, b.product_key, b.branch_key, p.category, b.balance::DOUBLE AS balance,
       coalesce(f.ftp_rate, p.ftp_rate, 0)::DOUBLE AS ftp, coalesce(p.customer_rate, 0)::DOUBLE AS rate
FROM dw.fact_balance_month b
JOIN dw.dim_product p USING (product_key)
LEFT JOIN dw.ftp_rate_month f ON f.product_key = b.product_key
     AND f.month = date_trunc('month', make_date(b.month_key // 10000, b.month_key // 100 % 100, b.month_key % 100))
WHERE b.month_key <= strftime($as_of, '%Y%m%d')::INTEGER AND b.customer_id > 0;

CREATE OR REPLACE TABLE mart.work_profit_month AS
WITH months AS (
    SELECT DISTINCT month FROM mart.work_balance
    UNION SELECT DISTINCT date_trunc('month', day)::DATE FROM mart.work_txn
),
margins AS (
    SELECT month, customer_id,
           sum(CASE WHEN category = 'deposit' THEN balance * (ftp - rate) / 12 ELSE 0 END) AS deposit_margin,
           sum(CASE WHEN category IN ('loan', 'card') THEN balance * (rate - ftp) / 12 ELSE 0 END) AS loan_margin,
           sum(CASE WHEN category IN ('loan', 'card') THEN balance * $expected_loss_rate / 12 ELSE 0 END) AS expected_loss
    FROM mart.work_balance GROUP BY ALL
),
activity AS (
    SELECT date_trunc('month', day)::DATE AS month, customer_id,
           sum(fee) + $card_interchange * sum(amount) FILTER (category = 'card' AND direction = 'out') AS fees,
           sum(channel_cost) AS servicing_cost
    FROM mart.work_txn GROUP BY ALL
),
open_accounts AS (
    SELECT m.month, a.customer_id, count(*) * $account_cost_per_month AS account_cost
    FROM months m JOIN m_account a
      ON a.open_date <= last_day(m.month) AND (a.close_date IS NULL OR a.close_date > last_day(m.month))
    WHERE last_day(m.month) <= $as_of
    GROUP BY ALL
),
keys AS (
    SELECT month, customer_id FROM margins UNION SELECT month, customer_id FROM activity UNION SELECT month, customer_id FROM open_accounts
)
SELECT k.month, k.customer_id,
       coalesce(deposit_margin, 0) AS deposit_margin, coalesce(loan_margin, 0) AS loan_margin, coalesce(expected_loss, 0) AS expected_loss,
       coalesce(fees, 0) AS fees, coalesce(servicing_cost, 0) AS servicing_cost, coalesce(account_cost, 0) AS account_cost,
       greatest(coalesce(deposit_margin, 0), 0) + greatest(coalesce(loan_margin, 0), 0) + coalesce(fees, 0) AS revenue,
       coalesce(expected_loss, 0) + coalesce(servicing_cost, 0) + coalesce(account_cost, 0)
         - least(coalesce(deposit_margin, 0), 0) - least(coalesce(loan_margin, 0), 0) AS cost
FROM keys k
JOIN m_customer USING (customer_id)
LEFT JOIN margins USING (month, customer_id)
LEFT JOIN activity USING (month, customer_id)
LEFT JOIN open_accounts USING (month, customer_id);

INSERT INTO mart.profitability_month
SELECT $as_of, month, customer_id, deposit_margin, loan_margin, expected_loss, fees, servicing_cost, account_cost,
       revenue, cost, revenue - cost
FROM mart.work_profit_month;

-- Customer profit over the value window (the last $value_months months up to the as-of), ranked for the Pareto curve.
CREATE OR REPLACE TEMP TABLE m_profit AS
WITH window_profit AS (
    -- rounded to 1e-6 CNY: DuckDB adds doubles in parallel, and ranks must not depend on the order of the additions
    SELECT c.customer_id, round(coalesce(sum(p.revenue), 0), 6) AS revenue, round(coalesce(sum(p.cost), 0), 6) AS cost,
           round(coalesce(sum(p.revenue - p.cost), 0), 6) AS profit
    FROM m_customer c
    LEFT JOIN mart.work_profit_month p ON p.customer_id = c.customer_id
         AND p.month > date_trunc('month', $as_of) - to_months($value_months)
    GROUP BY c.customer_id
)
SELECT customer_id, revenue, cost, profit,
       revenue / nullif(sum(revenue) OVER (), 0) AS revenue_share,
       profit / nullif(sum(profit) OVER (), 0) AS profit_share,
       row_number() OVER (ORDER BY profit DESC, customer_id) AS pareto_rank,
       sum(profit) OVER (ORDER BY profit DESC, customer_id) / nullif(sum(profit) OVER (), 0) AS pareto_cum_share
FROM window_profit;

INSERT INTO mart.pareto_curve
SELECT $as_of, step / 100.0,
       (SELECT coalesce(max(pareto_cum_share), 0) FROM m_profit WHERE pareto_rank <= ceil(step / 100.0 * (SELECT count(*) FROM m_profit)))
FROM range(1, 101) r(step);

-- Break-even of customers who joined in the history: months from joining until their cumulative profit is ≥ 0.
INSERT INTO mart.break_even
WITH cohort AS (
    SELECT customer_id, date_trunc('month', first_open)::DATE AS cohort_month FROM m_customer
    WHERE first_open >= (SELECT min(month) FROM mart.work_profit_month)
),
running AS (
    SELECT c.customer_id, c.cohort_month, p.month,
           sum(p.revenue - p.cost) OVER (PARTITION BY c.customer_id ORDER BY p.month) AS cumulative
    FROM cohort c JOIN mart.work_profit_month p USING (customer_id)
    WHERE p.month >= c.cohort_month
),
first_even AS (
    SELECT customer_id, cohort_month, min(date_diff('month', cohort_month, month)) FILTER (cumulative >= 0) + 1 AS months
    FROM running GROUP BY ALL
)
SELECT $as_of, c.cohort_month, count(*), count(f.months), median(f.months)
FROM cohort c LEFT JOIN first_even f USING (customer_id, cohort_month)
GROUP BY c.cohort_month;
