-- Each dimension member's share of revenue and profit over the value window (the last $value_months months).
-- Balance margins belong to the account's product and branch; fees and servicing costs to the transaction's product,
-- channel and branch. Account costs are not spread over members. Channels carry only what flows through them.
CREATE OR REPLACE TEMP TABLE m_contribution_item AS
WITH window_start AS (SELECT date_trunc('month', $as_of) - to_months($value_months - 1) AS first_month)
SELECT 'product' AS dimension, p.code || ' ' || p.name AS product, p.category, br.code || ' ' || br.name AS branch, NULL AS channel,
       b.customer_id, 0 AS transactions,
       greatest(CASE WHEN p.category = 'deposit' THEN b.balance * (b.ftp - b.rate) / 12 ELSE b.balance * (b.rate - b.ftp) / 12 END, 0) AS revenue,
       CASE WHEN p.category = 'deposit' THEN b.balance * (b.ftp - b.rate) / 12
            ELSE b.balance * (b.rate - b.ftp - $expected_loss_rate) / 12 END AS profit
FROM mart.work_balance b JOIN dw.dim_product p USING (product_key) JOIN dw.dim_branch br USING (branch_key)
WHERE b.month >= (SELECT first_month FROM window_start)
UNION ALL
SELECT 'txn', p.code || ' ' || p.name, p.category, br.code || ' ' || br.name, ch.type, t.customer_id, t.transactions, t.revenue, t.revenue - t.servicing_cost
FROM (
    -- one row per customer, product, branch and channel first: the dimensions then multiply far fewer rows
    SELECT customer_id, product_key, branch_key, channel_key, count(*) AS transactions,
           sum(fee + CASE WHEN category = 'card' AND direction = 'out' THEN $card_interchange * amount ELSE 0 END) AS revenue,
           sum(channel_cost) AS servicing_cost
    FROM mart.work_txn WHERE day >= (SELECT first_month FROM window_start)
    GROUP BY ALL
) t JOIN dw.dim_product p USING (product_key) JOIN dw.dim_branch br USING (branch_key) JOIN dw.dim_channel ch USING (channel_key);

INSERT INTO mart.contribution
WITH members AS (
    SELECT 'product' AS dimension, product AS member, customer_id, transactions, revenue, profit FROM m_contribution_item
    UNION ALL SELECT 'category', category, customer_id, transactions, revenue, profit FROM m_contribution_item
    UNION ALL SELECT 'branch', branch, customer_id, transactions, revenue, profit FROM m_contribution_item
    UNION ALL SELECT 'channel', channel, customer_id, transactions, revenue, profit FROM m_contribution_item WHERE channel IS NOT NULL
    UNION ALL SELECT 'customer_segment', c.segment, i.customer_id, transactions, revenue, profit FROM m_contribution_item i JOIN m_customer c USING (customer_id)
    UNION ALL SELECT 'city', coalesce(c.city, 'unknown'), i.customer_id, transactions, revenue, profit FROM m_contribution_item i JOIN m_customer c USING (customer_id)
),
totals AS (SELECT dimension, member, count(DISTINCT customer_id) AS customers, sum(transactions) AS transactions, sum(revenue) AS revenue, sum(profit) AS profit
           FROM members GROUP BY ALL)
SELECT $as_of, dimension, coalesce(member, 'unknown'), customers, transactions, revenue, profit,
       coalesce(revenue / nullif(sum(revenue) OVER (PARTITION BY dimension), 0), 0),
       coalesce(profit / nullif(sum(profit) OVER (PARTITION BY dimension), 0), 0)
FROM totals;
